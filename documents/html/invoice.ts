/**
 * "Facture / فاتورة" and "Avoir / إشعار دائن" as HTML for Chromium to print (issue 13): the seller's
 * identity with the mentions the CGI requires (ICE, IF, RC and its court, TP, CNSS), the buyer with its ICE,
 * the number, dates and payment terms, then one row per line (French designation with the Arabic name under
 * it, quantity, unit price HT, VAT rate, total HT; an exempt line carries its CGI wording), over as many pages
 * as it needs with the header repeated, and the totals HT / TVA / TTC per rate kept together at the end.
 */
import type { Invoice } from '../../core/invoice';
import { invoiceLineHt } from '../../core/invoice';
import { amountInFrenchWords } from '../../core/invoice-words';
import { amountInArabicWords } from '../../core/invoice-words-ar';
import type { Language } from '../../core/languages';
import { VAT_EXEMPTIONS } from '../../core/vat-exemptions';
import { formatRate, formatReceiptQuantity } from '../../core/receipt/format';
import { formatDocDate } from '../document-format';
import { secondLanguage, word } from '../document-labels';
import { INVOICE_LABELS as L } from '../invoice-labels';
import { HEADING_CSS, isoDayText, linesTable, ltr, money, type TableColumn } from './blocks';
import { esc } from './escape';
import { bi, htmlDocument, names } from './page';

export interface InvoiceHtmlOptions {
  /** The labels' first language (default French); Arabic (or French) prints beside them. */
  lang?: Language;
  arabicFontPath?: string;
}

const CSS = `${HEADING_CSS}
.seller .legal{font-size:9.5pt;font-weight:700;}
.ids{font-size:8pt;margin-top:2pt;}
.ids span.id{white-space:nowrap;margin-inline-end:8pt;}
.meta{margin-top:3pt;font-size:9pt;}
.meta div{margin-top:1pt;}
.corrects{font-weight:700;color:#a00;margin-top:3pt;}
.parties{display:flex;gap:10pt;}
.parties .party{flex:1;}
.exemption{display:block;font-size:7.5pt;color:#444;font-style:italic;}
.summary{break-inside:avoid;margin-top:6pt;}
.summary table.lines{margin:0 0 6pt;}
.grand{border-collapse:collapse;border:0.8pt solid #666;min-width:40%;margin-inline-start:auto;}
.grand td{padding:3pt 8pt;font-size:9.5pt;white-space:nowrap;}
.grand .big td{font-size:11pt;font-weight:700;background:#e4e4e4;border-top:0.6pt solid #666;}
.currency{margin-top:4pt;}
.words{margin-top:6pt;font-size:9.5pt;}
.stamp{border:0.8pt solid #444;width:70mm;height:28mm;margin:8pt 0 0 auto;padding:4pt 6pt;font-size:8.5pt;
  font-weight:700;break-inside:avoid;}
.stamp .second{display:block;font-weight:400;}
`;

const LINE_COLUMNS: TableColumn[] = [
  { label: L.colNo, width: '6%' },
  { label: L.colItem },
  { label: L.colQty, num: true, width: '10%' },
  { label: L.colUnitHt, num: true, width: '12%' },
  { label: L.colRate, num: true, width: '8%' },
  { label: L.colHt, num: true, width: '13%' },
];

const RATE_COLUMNS: TableColumn[] = [
  { label: L.colRate, width: '11%' },
  { label: L.colBase, num: true, width: '14%' },
  { label: L.colTva, num: true, width: '13%' },
  { label: L.colTtc, num: true, width: '14%' },
  { label: L.colMention },
];

function rateText(vatCode: string, rateBp: number, lang: Language): string {
  return vatCode === 'EX' ? esc(word(L.exempt, lang)) : ltr(formatRate(rateBp));
}

function idLine(pairs: readonly [typeof L.ice, string][], lang: Language): string {
  return pairs
    .filter(([, v]) => v.trim() !== '')
    .map(([label, v]) => `<span class="id">${esc(word(label, lang))} ${ltr(v)}</span>`)
    .join(' ');
}

export function invoiceTitle(inv: Invoice, lang: Language): string {
  return `${word(inv.kind === 'invoice' ? L.invoice : L.creditNote, lang)} ${inv.number}`;
}

function heading(inv: Invoice, lang: Language): string {
  const s = inv.seller;
  const rc = s.rcCourt ? `${s.rc} (${s.rcCourt})` : s.rc;
  const seller =
    `<div class="shop seller"><div class="shop-name" dir="auto">${esc(s.name)}</div>` +
    (s.legalName && s.legalName !== s.name ? `<div class="legal" dir="auto">${esc(s.legalName)}</div>` : '') +
    `<div dir="auto">${esc(s.address)}</div>` +
    `<div class="ids" dir="ltr">${idLine(
      [
        [L.ice, s.ice],
        [L.if, s.if],
        [L.rc, rc],
        [L.tp, s.patente],
        [L.cnss, s.cnss],
      ],
      lang,
    )}</div></div>`;
  const title = inv.kind === 'invoice' ? L.invoice : L.creditNote;
  const meta =
    `<div class="meta"><div>${bi(L.issueDate, lang)} : ${ltr(formatDocDate(inv.issuedAt))}</div>` +
    (inv.dueDay ? `<div>${bi(L.dueDate, lang)} : ${ltr(isoDayText(inv.dueDay))}</div>` : '') +
    (inv.kind === 'invoice' ? `<div>${bi(L.terms, lang)} : ${esc(inv.paymentTerms)}</div>` : '') +
    (inv.correctsNumber
      ? `<div class="corrects">${bi(L.corrects, lang, { params: { number: inv.correctsNumber } })}</div>`
      : '') +
    (inv.reason ? `<div>${bi(L.reason, lang)} : ${esc(inv.reason)}</div>` : '') +
    `</div>`;
  return (
    `<header class="heading">${seller}<div class="doc-title"><h1>${bi(title, lang, { block: true })}</h1>` +
    `<div class="doc-number">${esc(word(L.number, lang, { number: inv.number }))}</div>${meta}</div></header>`
  );
}

function buyerBlock(inv: Invoice, lang: Language): string {
  const b = inv.buyer;
  return (
    `<section class="party buyer"><div class="muted">${bi(L.buyer, lang)}</div>` +
    `<div class="party-name" dir="auto">${esc(b.name)}</div><div dir="auto">${esc(b.address)}</div>` +
    `<div class="ids" dir="ltr">${idLine(
      [
        [L.ice, b.ice],
        [L.if, b.taxId ?? ''],
      ],
      lang,
    )}</div></section>`
  );
}

function lineRows(inv: Invoice, lang: Language): string {
  return inv.lines
    .map((l) => {
      const { ht, unitHt } = invoiceLineHt(l);
      const ex = l.vatExemption ? VAT_EXEMPTIONS[l.vatExemption] : null;
      // The exemption's own wording (with its CGI article) under the line it covers, in both languages.
      const exemption = ex
        ? `<span class="exemption" lang="fr" dir="ltr">${esc(ex.fr)}</span>` +
          `<span class="exemption" lang="ar" dir="rtl">${esc(ex.ar)}</span>`
        : '';
      return (
        `<tr><td>${ltr(String(l.lineNo))}</td><td>${names(l.nameFr, l.nameAr, lang === 'ar' ? 'ar' : 'fr')}${exemption}</td>` +
        `<td class="num">${ltr(formatReceiptQuantity(l.unit, l.quantity))}</td>` +
        `<td class="num">${money(unitHt, lang)}</td><td class="num">${rateText(l.vatCode, l.vatRateBp, lang)}</td>` +
        `<td class="num">${money(ht, lang)}</td></tr>`
      );
    })
    .join('');
}

function summary(inv: Invoice, lang: Language): string {
  const t = inv.totals;
  const rows = t.byRate
    .map((r) => {
      const mention =
        r.exemptionWordingFr !== null
          ? `<span lang="fr" dir="ltr">${esc(r.exemptionWordingFr)}</span>` +
            `<span class="name-second second" lang="ar" dir="rtl">${esc(r.exemptionWordingAr ?? '')}</span>`
          : '';
      return (
        `<tr><td>${rateText(r.vatCode, r.rateBp, lang)}</td><td class="num">${money(r.ht, lang)}</td>` +
        `<td class="num">${money(r.tva, lang)}</td><td class="num">${money(r.ttc, lang)}</td><td>${mention}</td></tr>`
      );
    })
    .join('');
  const byRate = linesTable(lang, { caption: L.byRate, columns: RATE_COLUMNS, rows });
  const net = inv.kind === 'invoice' ? L.netToPay : L.netCredited;
  const grand =
    `<table class="grand"><tbody>` +
    `<tr><td>${bi(L.totalHt, lang)}</td><td class="num">${money(t.ht, lang)}</td></tr>` +
    `<tr><td>${bi(L.totalTva, lang)}</td><td class="num">${money(t.tva, lang)}</td></tr>` +
    `<tr><td>${bi(L.totalTtc, lang)}</td><td class="num">${money(t.ttc, lang)}</td></tr>` +
    `<tr class="big"><td>${bi(net, lang)}</td><td class="num">${money(t.ttc, lang)}</td></tr>` +
    `</tbody></table>`;
  // The total in words, so the figures cannot be altered by hand: French as the invoice is; the Arabic invoice
  // says it in Arabic first, with the French (the wording Moroccan invoices carry) under it.
  const label = inv.kind === 'invoice' ? L.amountWordsInvoice : L.amountWordsCredit;
  const french = `<b lang="fr" dir="ltr">${esc(amountInFrenchWords(Math.abs(t.ttc)))}</b>`;
  const words =
    lang === 'ar'
      ? `<p class="words" lang="ar" dir="rtl">${esc(word(label, 'ar'))} : ` +
        `<b>${esc(amountInArabicWords(Math.abs(t.ttc)))}</b>` +
        `<span class="second name-second" lang="fr" dir="ltr">${esc(word(label, 'fr'))} : ${french}</span></p>`
      : `<p class="words">${bi(label, lang)} : ${french}</p>`;
  return `<section class="summary">${byRate}${grand}${words}</section>`;
}

export function invoiceHtml(inv: Invoice, options: InvoiceHtmlOptions = {}): string {
  const lang = options.lang ?? 'fr';
  const count = { count: inv.lines.length };
  const other = secondLanguage(lang);
  const foot =
    `<tr class="total"><td></td><td colspan="4">${esc(word(L.lineCount, lang, count))} ` +
    `<span class="second" lang="${other}">${esc(word(L.lineCount, other, count))}</span></td>` +
    `<td class="num">${money(inv.totals.ht, lang)}</td></tr>`;
  const body =
    heading(inv, lang) +
    `<div class="parties">${buyerBlock(inv, lang)}</div>` +
    linesTable(lang, { caption: L.lines, columns: LINE_COLUMNS, rows: lineRows(inv, lang), foot }) +
    summary(inv, lang) +
    `<p class="muted currency">${bi(L.currency, lang)}</p>` +
    `<div class="stamp">${bi(L.stamp, lang, { block: true })}</div>`;
  const title = invoiceTitle(inv, lang);
  return htmlDocument({
    lang,
    title: `${title} - ${inv.buyer.name}`,
    body,
    css: CSS,
    runningHeader: `${title} - ${inv.buyer.name}`,
    footer: `${title} - ${inv.seller.legalName || inv.seller.name} - ICE ${inv.seller.ice}`,
    arabicFontPath: options.arabicFontPath,
  });
}
