/**
 * The cooperative's settlement statement ("Relevé de règlement / كشف التسوية") as HTML for Chromium to print:
 * French and Arabic side by side (the document's language first), every name as real text that a phone can
 * search, zoom and read aloud; long names wrap, tables run over as many pages as they need.
 */
import { CURRENCY_LABEL } from '../../core/number-format';
import type { Language } from '../../core/languages';
import { formatReceiptQuantity } from '../../core/receipt/format';
import type { SettlementStatement } from '../../core/settlement';
import type { StockRow } from '../../core/stock';
import { formatDocDate, formatDocDateTime, formatPeriodEnd } from '../document-format';
import {
  DEBIT_NOTE_LABELS,
  DOCUMENT_LABELS,
  SETTLEMENT_LABELS as L,
  STATUS_LABELS,
  TIER_LABELS,
  secondLanguage,
  word,
  type DocText,
} from '../document-labels';
import type { ShopIdentity } from '../shop-identity';
import { HEADING_CSS, isoDayText, linesTable, ltr, money, shopHeading, type TableColumn } from './blocks';
import { esc } from './escape';
import { bi, htmlDocument, names } from './page';

export interface SettlementHtmlOptions {
  shop: ShopIdentity;
  /** What remains on the shelf; rows of other cooperatives are ignored. */
  stock?: readonly StockRow[];
  /** The first language (default French); the other of French and Arabic prints beside it. */
  lang?: Language;
  arabicFontPath?: string;
}

export function statementReference(statement: SettlementStatement, lang: Language = 'fr'): string {
  return statement.number ?? word(L.unnumbered, lang);
}

const CSS = `${HEADING_CSS}
.status{margin-top:2pt;}
.draft-banner{border:0.8pt solid #b01818;background:#fdeaea;color:#a00;font-weight:700;padding:3pt 6pt;margin:4pt 0;}
.womens{display:inline-block;border:0.6pt solid #7a4d99;background:#efe3f7;color:#5a2673;font-weight:700;
  font-size:8pt;padding:1pt 5pt;margin-top:3pt;}
.period{font-size:11pt;font-weight:700;margin:4pt 0 6pt;}
.totals{display:flex;justify-content:space-between;gap:12pt;break-inside:avoid;margin:6pt 0 10pt;}
.totals h2{font-size:11pt;}
.totals table{border-collapse:collapse;border:0.8pt solid #666;min-width:58%;}
.totals td{padding:3pt 8pt;font-size:9.5pt;white-space:nowrap;}
.totals .strong td{font-weight:700;border-top:0.4pt solid #888;}
.totals .big td{font-size:11pt;font-weight:700;background:#dbefdb;}
`;

const LINE_COLUMNS: TableColumn[] = [
  { label: L.colRef, width: '11%' },
  { label: L.colProduct },
  { label: L.colTier, width: '13%' },
  { label: L.colQuantity, num: true, width: '11%' },
  { label: L.colAmount, num: true, width: '12%' },
  { label: L.colPayout, num: true, width: '12%' },
];

export function settlementHtml(s: SettlementStatement, options: SettlementHtmlOptions): string {
  const lang = options.lang ?? 'fr';
  const coop = s.cooperative;
  const title = s.kind === 'debit_note' ? DEBIT_NOTE_LABELS.title : L.title;
  const reference = `${word(title, lang)} ${statementReference(s, lang)}`;
  const body =
    heading(s, options.shop, lang) +
    salesTable(s, lang) +
    (s.returns.length > 0 ? returnsTable(s, lang) : '') +
    totals(s, lang) +
    (options.stock ? stockTable(s, options.stock, lang) : '');
  return htmlDocument({
    lang,
    title: `${reference} - ${coop.nameFr}`,
    body,
    css: CSS,
    runningHeader: `${reference} - ${lang === 'ar' ? coop.nameAr || coop.nameFr : coop.nameFr} / ${
      lang === 'ar' ? coop.nameFr : coop.nameAr
    }`,
    footer: `${reference} - ${coop.nameFr} - ${options.shop.name}`,
    watermark: s.status === 'draft' ? word(L.draftWatermark, lang) : undefined,
    arabicFontPath: options.arabicFontPath,
  });
}

function heading(s: SettlementStatement, shop: ShopIdentity, lang: Language): string {
  const title = s.kind === 'debit_note' ? DEBIT_NOTE_LABELS.title : L.title;
  const other = secondLanguage(lang);
  const number = s.number
    ? word(DOCUMENT_LABELS.number, lang, { number: s.number })
    : word(L.draftNumber, lang);
  const statusWord = (l: Language) => {
    let t = word(L.status, l, { status: STATUS_LABELS[s.status][l] });
    if (s.status !== 'draft' && s.issuedAt !== null)
      t += ` ${word(L.issuedOn, l, { date: formatDocDateTime(s.issuedAt) })}`;
    return t;
  };
  let paid = '';
  if (s.status === 'paid' && s.paidAt !== null) {
    const ref = s.paymentReference ? ` - ${word(L.paymentRef, lang, { ref: s.paymentReference })}` : '';
    paid = `<div>${esc(word(L.paidOn, lang, { date: formatDocDate(s.paidAt) }) + ref)}</div>`;
  }
  const banner = s.status === 'draft' ? `<div class="draft-banner">${bi(L.draftBanner, lang)}</div>` : '';
  const coop = s.cooperative;
  const ids = [
    `${word(L.ice, lang)} : ${coop.ice ?? '-'}`,
    coop.registrationNo ? `${word(L.registrationNo, lang)} : ${coop.registrationNo}` : null,
    coop.region ? `${word(L.region, lang)} : ${coop.region}` : null,
  ].filter((p): p is string => p !== null);
  const bank = [coop.bankName, coop.bankAccount].filter((v) => v && v.trim()).join(' - ') || '-';
  const period =
    s.periodStart > 0
      ? (l: Language) =>
          word(L.periodFromTo, l, { from: formatDocDate(s.periodStart), to: formatPeriodEnd(s.periodEnd) })
      : (l: Language) => word(L.periodUntil, l, { to: formatPeriodEnd(s.periodEnd) });
  return (
    `<header class="heading">${shopHeading(shop, lang)}<div class="doc-title"><h1>${bi(title, lang, { block: true })}</h1>` +
    `<div class="doc-number">${esc(number)}</div>` +
    `<div class="status"><span>${esc(statusWord(lang))}</span> <span class="second" lang="${other}">${esc(
      STATUS_LABELS[s.status][other],
    )}</span></div>${paid}</div></header>` +
    banner +
    `<section class="party"><div class="party-name">${names(coop.nameFr, coop.nameAr, lang)}</div>` +
    `<div>${esc(ids.join(' - '))}</div>` +
    (coop.womens ? `<div class="womens">${bi(L.womens, lang)}</div>` : '') +
    `<div>${bi(L.bank, lang)} : <b>${esc(bank)}</b></div></section>` +
    `<p class="period"><span>${esc(word(L.period, lang))} : ${esc(period(lang))}</span> ` +
    `<span class="second" lang="${other}" dir="${other === 'ar' ? 'rtl' : 'ltr'}">${esc(word(L.period, other))}: ${esc(
      period(other),
    )}</span></p>`
  );
}

function tierCell(label: DocText, lang: Language): string {
  return `<td>${bi(label, lang, { block: true })}</td>`;
}

function lineRow(
  l: {
    sku: string;
    nameFr: string;
    nameAr: string;
    unit: 'piece' | 'kg' | 'l';
    quantity: number;
    amount: number;
    payout: number;
  },
  tier: DocText,
  sign: 1 | -1,
  lang: Language,
): string {
  const neg = sign < 0 ? ' negative' : '';
  return (
    `<tr><td class="sku">${ltr(l.sku)}</td><td>${names(l.nameFr, l.nameAr, lang)}</td>${tierCell(tier, lang)}` +
    `<td class="num${neg}">${ltr(formatReceiptQuantity(l.unit, sign * l.quantity))}</td>` +
    `<td class="num${neg}">${money(sign * l.amount, lang)}</td><td class="num${neg}">${money(sign * l.payout, lang)}</td></tr>`
  );
}

function totalRow(label: DocText, amount: number, payout: number, lang: Language, cols = 6): string {
  return (
    `<tr class="total"><td></td><td colspan="${cols - 3}">${bi(label, lang)}</td>` +
    `<td class="num">${money(amount, lang)}</td><td class="num">${money(payout, lang)}</td></tr>`
  );
}

function noteRow(label: DocText, cols: number, lang: Language): string {
  return `<tr class="note-row"><td colspan="${cols}">${bi(label, lang)}</td></tr>`;
}

function salesTable(s: SettlementStatement, lang: Language): string {
  const rows =
    s.sales.length === 0
      ? noteRow(L.noSales, LINE_COLUMNS.length, lang)
      : s.sales.map((l) => lineRow(l, TIER_LABELS[l.tier], 1, lang)).join('');
  const amount = s.sales.reduce((t, l) => t + l.amount, 0);
  const payout = s.sales.reduce((t, l) => t + l.payout, 0);
  return linesTable(lang, {
    caption: L.sales,
    columns: LINE_COLUMNS,
    rows,
    foot: totalRow(L.salesTotal, amount, payout, lang),
  });
}

function returnsTable(s: SettlementStatement, lang: Language): string {
  const rows = s.returns.map((l) => lineRow(l, L.returnLine, -1, lang)).join('');
  const amount = s.returns.reduce((t, l) => t + l.amount, 0);
  const payout = s.returns.reduce((t, l) => t + l.payout, 0);
  return linesTable(lang, {
    caption: L.returns,
    columns: LINE_COLUMNS,
    rows,
    foot: totalRow(L.returnsLinesTotal, -amount, -payout, lang),
  });
}

function totals(s: SettlementStatement, lang: Language): string {
  const rows: { label: DocText; amount: number; cls?: string }[] = [
    { label: L.grossSales, amount: s.totals.grossSales },
    { label: L.returnsTotal, amount: -s.totals.returns },
    { label: L.netSales, amount: s.totals.netSales, cls: 'strong' },
    { label: L.commission, amount: -s.totals.commission },
    s.kind === 'debit_note'
      ? { label: DEBIT_NOTE_LABELS.owed, amount: -s.totals.payout, cls: 'big' }
      : { label: L.payout, amount: s.totals.payout, cls: 'big' },
  ];
  const body = rows
    .map(
      (r) =>
        `<tr${r.cls ? ` class="${r.cls}"` : ''}><td>${bi(r.label, lang)}</td><td class="num">${money(r.amount, lang)}</td></tr>`,
    )
    .join('');
  return (
    `<section class="totals"><div><h2>${bi(L.totals, lang)}</h2>` +
    `<p class="muted">${esc(word(L.amountsNote, lang, { currency: CURRENCY_LABEL }))}</p>` +
    `<p class="muted">${esc(word(L.balanceNote, lang))}</p></div>` +
    `<table><tr><td></td><td class="num muted">${CURRENCY_LABEL}</td></tr>${body}</table></section>`
  );
}

const STOCK_COLUMNS: TableColumn[] = [
  { label: L.colRef, width: '11%' },
  { label: L.colProduct },
  { label: L.colOnHand, num: true, width: '12%' },
  { label: L.colBestBefore, num: true, width: '13%' },
  { label: L.colValue, num: true, width: '13%' },
];

function stockTable(s: SettlementStatement, stock: readonly StockRow[], lang: Language): string {
  const rows = stock.filter((r) => r.cooperativeId === s.cooperative.id);
  const body =
    rows.length === 0
      ? noteRow(L.noStock, STOCK_COLUMNS.length, lang)
      : rows
          .map(
            (r) =>
              `<tr><td class="sku">${ltr(r.sku)}</td><td>${names(r.nameFr, r.nameAr, lang)}</td>` +
              `<td class="num">${ltr(formatReceiptQuantity(r.unit, r.onHand))}</td>` +
              `<td class="num">${ltr(isoDayText(r.nearestBestBefore))}</td><td class="num">${money(r.value.retail, lang)}</td></tr>`,
          )
          .join('');
  const value = rows.reduce((t, r) => t + r.value.retail, 0);
  const foot =
    rows.length > 0
      ? `<tr class="total"><td></td><td colspan="3">${bi(L.stockTotal, lang)}</td><td class="num">${money(value, lang)}</td></tr>`
      : '';
  return linesTable(lang, { caption: L.stock, columns: STOCK_COLUMNS, rows: body, foot });
}
