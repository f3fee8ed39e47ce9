/**
 * The X (running) or Z (closing) cash report on A4, for the manager's file and the accountant: the same
 * figures as the printer's lines (documents/z-report.ts), in the reader's language (Arabic right-to-left),
 * tables that continue over pages under their header.
 */
import { PAYMENT_METHODS } from '../../core/cash';
import type { CashReport } from '../../core/cash-report';
import type { Language } from '../../core/languages';
import { formatRate } from '../../core/receipt/format';
import { receiptLabels } from '../../core/receipt/labels';
import { isVatCode, vatBreakdown, type VatCode } from '../../core/vat';
import { formatDocDateTime } from '../document-format';
import { CASH_REPORT_LABELS as C, DOCUMENT_LABELS, word, type DocText } from '../document-labels';
import type { ShopIdentity } from '../shop-identity';
import { HEADING_CSS, linesTable, ltr, money, shopHeading } from './blocks';
import { esc } from './escape';
import { htmlDocument } from './page';
import { hashLines } from '../z-report';

export interface CashReportHtmlOptions {
  shop: ShopIdentity;
  cashier: string;
  lang?: Language;
  arabicFontPath?: string;
}

const CSS = `${HEADING_CSS}
.facts td{padding:1.5pt 8pt 1.5pt 0;}
.hash{font-family:monospace;font-size:9pt;}
table.lines .section td{font-weight:700;background:#eee;}
`;

export function cashReportHtml(report: CashReport, options: CashReportHtmlOptions): string {
  const lang = options.lang ?? 'fr';
  const w = (l: DocText) => esc(word(l, lang));
  const names = receiptLabels(lang);
  const title = word(report.closedAt === null ? C.x : C.z, lang);
  const row = (label: string, amount: number | string) =>
    `<tr><td>${label}</td><td class="num">${typeof amount === 'number' ? money(amount, lang) : esc(amount)}</td></tr>`;
  const section = (label: DocText) => `<tr class="section"><td colspan="2">${w(label)}</td></tr>`;

  let rows =
    row(`${w(C.sales)} (${report.salesCount})`, report.salesTotal) +
    row(w(C.discounts), report.discountTotal) +
    row(`${w(C.voids)} (${report.voidCount})`, report.voidTotal) +
    row(`${w(C.refunds)} (${report.refundCount})`, report.refundTotal) +
    section(C.byMethod) +
    PAYMENT_METHODS.map((m) => row(esc(names.payment[m]), report.byMethod[m])).join('');
  if (PAYMENT_METHODS.some((m) => report.refundsByMethod[m] !== 0)) {
    rows +=
      section(C.refundsByMethod) +
      PAYMENT_METHODS.filter((m) => report.refundsByMethod[m] !== 0)
        .map((m) => row(esc(names.payment[m]), report.refundsByMethod[m]))
        .join('');
  }
  rows +=
    section(C.byTier) +
    (['retail', 'semi', 'wholesale'] as const).map((t) => row(esc(names.tier[t]), report.byTier[t])).join('');
  rows +=
    section(C.drawer) +
    row(w(C.float), report.openingFloat) +
    row(w(C.cashSales), report.byMethod.cash) +
    row(w(C.cashRefunds), report.refundsByMethod.cash) +
    row(w(C.cashIn), report.cashIn) +
    row(w(C.cashOut), report.cashOut) +
    row(`<b>${w(C.expected)}</b>`, report.expectedCash) +
    row(w(C.counted), report.countedCash === null ? word(C.notCounted, lang) : report.countedCash);
  if (report.variance !== null) {
    const v = report.variance;
    const kind = v > 0 ? C.surplus : v < 0 ? C.shortage : C.balanced;
    rows += `<tr><td><b>${w(C.variance)} (${w(kind)})</b></td><td class="num"><b>${v > 0 ? '+' : ''}${money(v, lang)}</b></td></tr>`;
  }

  const known = report.vatByCode.filter((v) => isVatCode(v.vatCode));
  const vat = vatBreakdown(known.map((v) => ({ vatCode: v.vatCode as VatCode, amount: v.amount })));
  const vatTable =
    vat.length === 0
      ? ''
      : linesTable(lang, {
          caption: C.vat,
          columns: [
            { label: C.vatRate },
            { label: C.vatGross, num: true },
            { label: C.vatBase, num: true },
            { label: C.vatTax, num: true },
          ],
          rows: vat
            .map(
              (r) =>
                `<tr><td>${ltr(r.code === 'EX' ? 'EX' : formatRate(r.rateBp))}</td><td class="num">${money(r.gross, lang)}</td>` +
                `<td class="num">${money(r.net, lang)}</td><td class="num">${money(r.vat, lang)}</td></tr>`,
            )
            .join(''),
          bilingual: false,
        });

  const seal =
    report.journalSeq !== null && report.journalHash !== null
      ? `<h2>${w(C.seal)}</h2><p>${w(C.entries)} : ${ltr(String(report.journalSeq))}</p>` +
        `<p>${w(C.headHash)} :</p><p class="hash" dir="ltr">${hashLines(report.journalHash, 48)
          .map(esc)
          .join('<br>')}</p>`
      : '';
  const receipts = `${report.firstReceiptNo ?? '-'} - ${report.lastReceiptNo ?? '-'}`;
  const facts =
    `<table class="facts"><tr><td>${w(C.till)}</td><td>${ltr(report.tillId)}</td><td>${w(C.session)}</td><td>${ltr(
      String(report.sessionId),
    )}</td></tr>` +
    `<tr><td>${w(C.cashier)}</td><td colspan="3">${esc(options.cashier)}</td></tr>` +
    `<tr><td>${w(C.opened)}</td><td>${ltr(formatDocDateTime(report.openedAt))}</td>` +
    (report.closedAt !== null
      ? `<td>${w(C.closed)}</td><td>${ltr(formatDocDateTime(report.closedAt))}</td>`
      : '<td></td><td></td>') +
    `</tr><tr><td>${w(C.receipts)}</td><td colspan="3">${ltr(receipts)}</td></tr></table>`;
  const body =
    `<header class="heading">${shopHeading(options.shop, lang)}<div class="doc-title"><h1>${esc(title)}</h1>` +
    `<div class="doc-number">${esc(word(DOCUMENT_LABELS.number, lang, { number: String(report.sessionId) }))}</div></div></header>` +
    facts +
    linesTable(lang, {
      columns: [{ label: C.item }, { label: C.amount, num: true, width: '30%' }],
      rows,
      bilingual: false,
    }) +
    vatTable +
    seal;
  const reference = `${title} - ${word(C.till, lang)} ${report.tillId} - ${word(C.session, lang)} ${report.sessionId}`;
  return htmlDocument({
    lang,
    title: reference,
    body,
    css: CSS,
    runningHeader: reference,
    footer: `${reference} - ${options.shop.name}`,
    arabicFontPath: options.arabicFontPath,
  });
}
