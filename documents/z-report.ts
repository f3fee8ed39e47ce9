/**
 * X (running) and Z (closing) cash reports as monospace lines for the receipt printer.
 *
 * Arabic is not spelled out here: these lines go to the printer's code page, which cannot shape Arabic,
 * so language 'ar' prints the French labels (with Latin digits, as Moroccan tills do). An Arabic
 * version would have to go through the raster path used for Arabic receipts.
 */
import { PAYMENT_METHODS } from '../core/cash';
import type { Language } from '../core/languages';
import { formatMoney, formatRate, formatReceiptDate } from '../core/receipt/format';
import { isVatCode, vatBreakdown, type VatCode } from '../core/vat';
import { receiptLabels } from '../core/receipt/labels';
import type { CashReport } from '../core/cash-report';
import { CASH_REPORT_LABELS } from './document-labels';

export interface ZReportOptions {
  shopName: string;
  cashier: string;
  language: Language;
  columns: 32 | 42 | 48;
}

type Words = { [K in keyof typeof CASH_REPORT_LABELS]: string };

/** The report's words in one language, from the documents' catalogue (documents/document-labels.ts). */
function wordsIn(lang: 'fr' | 'en'): Words {
  return Object.fromEntries(Object.entries(CASH_REPORT_LABELS).map(([k, v]) => [k, v[lang]])) as Words;
}

const FR = wordsIn('fr');
const EN = wordsIn('en');

function center(text: string, columns: number): string {
  const t = text.length > columns ? text.slice(0, columns) : text;
  return ' '.repeat(Math.floor((columns - t.length) / 2)) + t;
}

/** Label on the left, value on the right; the label is cut, never the value. */
function pair(label: string, value: string, columns: number): string {
  const room = columns - value.length - 1;
  if (room <= 0) return value.slice(0, columns);
  const l = label.length > room ? label.slice(0, room) : label;
  return l + ' '.repeat(columns - l.length - value.length) + value;
}

/**
 * The head hash in groups of four hex digits, as many groups a line as fit: the paper copy is an anchor
 * someone may have to read back into journal.verify, and groups are easier to read aloud and type.
 */
export function hashLines(hash: string, columns: number): string[] {
  const groups = hash.match(/.{1,4}/g) ?? [];
  const perLine = Math.max(1, Math.floor((columns + 1) / 5));
  const out: string[] = [];
  for (let i = 0; i < groups.length; i += perLine) out.push(groups.slice(i, i + perLine).join(' '));
  return out;
}

const PAD_ZERO = (n: number | null) => (n === null ? '-' : String(n));

export function zReportText(report: CashReport, opts: ZReportOptions): string[] {
  const w = opts.language === 'en' ? EN : FR;
  // Payment and tier names are the receipt's own words, so the Z report and the tickets agree.
  const names = receiptLabels(opts.language === 'en' ? 'en' : 'fr');
  const cols = opts.columns;
  const rule = '-'.repeat(cols);
  const money = formatMoney;
  const out: string[] = [];
  const date = (t: number) => formatReceiptDate(t, opts.language);

  out.push(center(opts.shopName, cols));
  out.push(center(report.closedAt === null ? w.x : w.z, cols));
  out.push(rule);
  out.push(pair(`${w.till} ${report.tillId}`, `${w.session} ${report.sessionId}`, cols));
  out.push(pair(w.cashier, opts.cashier, cols));
  out.push(pair(w.opened, date(report.openedAt), cols));
  if (report.closedAt !== null) out.push(pair(w.closed, date(report.closedAt), cols));
  out.push(pair(w.receipts, `${PAD_ZERO(report.firstReceiptNo)} - ${PAD_ZERO(report.lastReceiptNo)}`, cols));
  out.push(rule);
  out.push(pair(`${w.sales} (${report.salesCount})`, money(report.salesTotal), cols));
  out.push(pair(w.discounts, money(report.discountTotal), cols));
  out.push(pair(`${w.voids} (${report.voidCount})`, money(report.voidTotal), cols));
  out.push(pair(`${w.refunds} (${report.refundCount})`, money(report.refundTotal), cols));
  out.push(rule);
  out.push(w.byMethod);
  for (const m of PAYMENT_METHODS) out.push(pair(`  ${names.payment[m]}`, money(report.byMethod[m]), cols));
  if (PAYMENT_METHODS.some((m) => report.refundsByMethod[m] !== 0)) {
    out.push(w.refundsByMethod);
    for (const m of PAYMENT_METHODS) {
      if (report.refundsByMethod[m] !== 0)
        out.push(pair(`  ${names.payment[m]}`, money(report.refundsByMethod[m]), cols));
    }
  }
  out.push(w.byTier);
  for (const t of ['retail', 'semi', 'wholesale'] as const)
    out.push(pair(`  ${names.tier[t]}`, money(report.byTier[t]), cols));
  if (report.vatByCode.length > 0) {
    // Base and tax per rate, computed once on the rate's total as the receipts and the tax return do
    // (core/vat.ts vatBreakdown): a total incl. VAT alone does not tell the accountant what to declare.
    out.push(w.vat);
    const known = report.vatByCode.filter((v) => isVatCode(v.vatCode));
    for (const row of vatBreakdown(known.map((v) => ({ vatCode: v.vatCode as VatCode, amount: v.amount })))) {
      const rate = row.code === 'EX' ? 'EX' : formatRate(row.rateBp);
      out.push(pair(`  ${rate} TTC`, money(row.gross), cols));
      out.push(pair(`    ${w.vatBase}`, money(row.net), cols));
      out.push(pair(`    ${w.vatTax}`, money(row.vat), cols));
    }
  }
  out.push(rule);
  out.push(w.drawer);
  out.push(pair(w.float, money(report.openingFloat), cols));
  out.push(pair(w.cashSales, money(report.byMethod.cash), cols));
  out.push(pair(w.cashRefunds, money(report.refundsByMethod.cash), cols));
  out.push(pair(w.cashIn, money(report.cashIn), cols));
  out.push(pair(w.cashOut, money(report.cashOut), cols));
  out.push(pair(w.expected, money(report.expectedCash), cols));
  out.push(pair(w.counted, report.countedCash === null ? w.notCounted : money(report.countedCash), cols));
  if (report.variance !== null) {
    // Signed and worded: a bare "-0,56" on paper is read either way round.
    const v = report.variance;
    const word = v > 0 ? w.surplus : v < 0 ? w.shortage : w.balanced;
    out.push(pair(`${w.variance} (${word})`, `${v > 0 ? '+' : ''}${money(v)}`, cols));
  }
  out.push(rule);
  if (report.journalSeq !== null && report.journalHash !== null) {
    out.push(w.seal);
    out.push(pair(w.entries, String(report.journalSeq), cols));
    out.push(w.headHash);
    out.push(...hashLines(report.journalHash, cols));
    out.push(rule);
  }
  return out;
}
