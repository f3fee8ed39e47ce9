/**
 * Invoices (factures) for account buyers, issue 13: the pure rules a db service will apply. The buyer's ICE
 * (Identifiant commun de l'entreprise) is 15 digits; numbers are continuous per shop and calendar year
 * (FA-2026-000123, credit notes AV-2026-...); totals are HT / TVA / TTC per rate from the lines' own frozen
 * rates (core/vat.ts vatBreakdown), with the exemption wording of exempt lines.
 */
import { AppError } from './errors';
import { mulDiv } from './money';
import type { Unit } from './quantity';
import { vatBreakdown, vatOfInclusive, type VatCode } from './vat';
import { VAT_EXEMPTIONS, type VatExemptionId } from './vat-exemptions';

export type InvoiceKind = 'invoice' | 'credit_note';
const PREFIX: Record<InvoiceKind, string> = { invoice: 'FA', credit_note: 'AV' };

/** A typed refusal (INVALID_ICE) naming the field the ICE was typed in, so every caller reports it alike. */
export class IceError extends AppError {
  declare readonly code: 'INVALID_ICE';

  constructor(message: string, field: string) {
    super('INVALID_ICE', message, { field });
  }
}

/** An ICE as typed (spaces and dots allowed between digits) reduced to its 15 digits, or IceError. */
export function normalizeIce(raw: string, field = 'ice'): string {
  const digits = raw.replace(/[\s.]/g, '');
  if (!/^\d{15}$/.test(digits)) throw new IceError(`An ICE is exactly 15 digits, not "${raw}".`, field);
  return digits;
}

/** "FA-2026-000123": the kind's prefix, the shop's calendar year, the sequence within it (6 digits at least). */
export function formatInvoiceNumber(kind: InvoiceKind, year: number, seq: number): string {
  if (!Number.isInteger(year) || year < 2000 || year > 9999) throw new RangeError(`bad invoice year ${year}`);
  if (!Number.isInteger(seq) || seq < 1) throw new RangeError(`bad invoice sequence ${seq}`);
  return `${PREFIX[kind]}-${year}-${String(seq).padStart(6, '0')}`;
}

/**
 * The next sequence of a kind in a year, given the last one issued in that year (null: none yet). A year
 * starts again at 1; numbering is gapless because the service takes it in the issuing transaction.
 */
export function nextInvoiceSeq(last: { year: number; seq: number } | null, year: number): number {
  return last !== null && last.year === year ? last.seq + 1 : 1;
}

export interface InvoiceLineInput {
  vatCode: VatCode;
  vatRateBp: number;
  /** TTC, centimes (a credit note's lines are negative). */
  amount: number;
  vatExemption: VatExemptionId | null;
}

export interface InvoiceRateTotal {
  vatCode: VatCode;
  rateBp: number;
  ht: number;
  tva: number;
  ttc: number;
  /** The CGI wording printed for an exempt group (null for a taxed one). */
  exemptionWordingFr: string | null;
  exemptionWordingAr: string | null;
}

export interface InvoiceTotals {
  byRate: InvoiceRateTotal[];
  ht: number;
  tva: number;
  ttc: number;
}

/** Totals per rate and overall; VAT once per rate on the group's TTC, as the receipt and the Z report do. */
export function invoiceTotals(lines: readonly InvoiceLineInput[]): InvoiceTotals {
  const byRate = vatBreakdown(lines).map((row): InvoiceRateTotal => {
    const exemptions = [
      ...new Set(
        lines
          .filter((l) => l.vatCode === row.code && l.vatRateBp === row.rateBp && l.vatExemption !== null)
          .map((l) => l.vatExemption as VatExemptionId),
      ),
    ];
    return {
      vatCode: row.code,
      rateBp: row.rateBp,
      ht: row.net,
      tva: row.vat,
      ttc: row.gross,
      exemptionWordingFr: exemptions.length ? exemptions.map((e) => VAT_EXEMPTIONS[e].fr).join(' ; ') : null,
      exemptionWordingAr: exemptions.length ? exemptions.map((e) => VAT_EXEMPTIONS[e].ar).join(' ؛ ') : null,
    };
  });
  return {
    byRate,
    ht: byRate.reduce((s, r) => s + r.ht, 0),
    tva: byRate.reduce((s, r) => s + r.tva, 0),
    ttc: byRate.reduce((s, r) => s + r.ttc, 0),
  };
}

/** Who buys: an account customer (or a one-off buyer) as the invoice froze it. */
export interface InvoiceBuyer {
  customerId: number | null;
  name: string;
  address: string;
  /** 15 digits. */
  ice: string;
  /** Identifiant fiscal, when the buyer gave one. */
  taxId: string | null;
}

/**
 * Who sells, frozen on the invoice when it is issued: a later change of the shop's settings (a move, a new
 * RC) never alters an invoice already handed to a buyer.
 */
export interface InvoiceSeller {
  name: string;
  legalName: string;
  address: string;
  ice: string;
  if: string;
  rc: string;
  rcCourt: string;
  patente: string;
  cnss: string;
}

export interface InvoiceLine {
  lineNo: number;
  saleLineId: number | null;
  nameFr: string;
  nameAr: string;
  /** As the sale line recorded it. */
  unit: Unit;
  /** Milli-units (negative on a credit note). */
  quantity: number;
  /** TTC, centimes (negative on a credit note). */
  amount: number;
  vatCode: VatCode;
  vatRateBp: number;
  vatExemption: VatExemptionId | null;
}

export interface Invoice {
  id: number;
  kind: InvoiceKind;
  number: string;
  /** The invoice a credit note corrects, and its number. */
  correctsId: number | null;
  correctsNumber: string | null;
  /** The credit notes that corrected this invoice, oldest first (each line is credited once at most). */
  creditNotes: { id: number; number: string }[];
  /** The invoice's lines already credited by one of them. */
  creditedLineNos: number[];
  buyer: InvoiceBuyer;
  seller: InvoiceSeller;
  paymentTerms: string;
  /** "yyyy-mm-dd", shop day; null on a credit note. */
  dueDay: string | null;
  /** Why a credit note was issued; null on an invoice. */
  reason: string | null;
  issuedAt: number;
  saleIds: number[];
  lines: InvoiceLine[];
  totals: InvoiceTotals;
}

/** An invoice in a list (invoices.list): no lines. */
export interface InvoiceSummary {
  id: number;
  kind: InvoiceKind;
  number: string;
  correctsNumber: string | null;
  /** The credit notes correcting an invoice, "AV-2026-000001, AV-2026-000004"; null when none. */
  creditNoteNumber: string | null;
  customerId: number | null;
  buyerName: string;
  buyerIce: string;
  issuedAt: number;
  ht: number;
  tva: number;
  ttc: number;
}

export interface InvoicePage {
  rows: InvoiceSummary[];
  /** Every invoice matching the filters, across pages. */
  total: number;
}

/** A sale not yet on any invoice, as the screen lists it before issuing. */
export interface UninvoicedSale {
  id: number;
  tillId: string;
  receiptNo: number;
  at: number;
  total: number;
}

/** What an account's invoice over a period would hold: its sales and its totals, before it is issued. */
export interface InvoicePreview {
  customerId: number;
  from: number;
  to: number;
  sales: UninvoicedSale[];
  totals: InvoiceTotals;
}

/** The shop's invoicing settings beside its identifiers (db/services/settings.ts keeps them). */
export interface InvoiceSettings {
  /** Raison sociale, when it differs from the shop's sign (e.g. "Association Tadamoun SARL"). */
  legalName: string;
  /** The court city of the RC ("RC Rabat 139517"). */
  rcCourt: string;
  cnss: string;
  /** Default payment terms: days after the invoice date... */
  paymentDays: number;
  /** ...then to the end of that month ("30 jours fin de mois"). */
  paymentEndOfMonth: boolean;
}

export const DEFAULT_INVOICE_SETTINGS: InvoiceSettings = {
  legalName: '',
  rcCourt: '',
  cnss: '',
  paymentDays: 30,
  paymentEndOfMonth: false,
};

/** Law 69-21 caps agreed payment terms at 120 days; anything longer is a typing error. */
export const MAX_PAYMENT_DAYS = 120;

/** The due day of an invoice issued on `issueDay` ("yyyy-mm-dd"): n days later, then the month's end if asked. */
export function invoiceDueDay(issueDay: string, days: number, endOfMonth: boolean): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(issueDay);
  if (!m) throw new RangeError(`bad day ${issueDay}`);
  if (!Number.isInteger(days) || days < 0 || days > MAX_PAYMENT_DAYS)
    throw new RangeError(`bad days ${days}`);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days));
  // Day 0 of the next month is the last day of this one.
  const due = endOfMonth ? new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)) : d;
  return due.toISOString().slice(0, 10);
}

/** The printed terms: "Comptant", "30 jours", "30 jours fin de mois" (French, as the invoice is). */
export function paymentTermsText(days: number, endOfMonth: boolean): string {
  if (days === 0 && !endOfMonth) return 'Comptant';
  if (days === 0) return 'Fin de mois';
  return `${days} jours${endOfMonth ? ' fin de mois' : ''}`;
}

/** The shop's identifiers an invoice cannot be issued without (the CGI's art. 145 mentions). */
export function missingSellerIds(seller: Pick<InvoiceSeller, 'ice' | 'if' | 'rc'>): ('ice' | 'if' | 'rc')[] {
  const out: ('ice' | 'if' | 'rc')[] = [];
  if (!/^\d{15}$/.test(seller.ice)) out.push('ice');
  if (seller.if.trim() === '') out.push('if');
  if (seller.rc.trim() === '') out.push('rc');
  return out;
}

/**
 * A line's HT and unit price HT as printed beside it. Only the totals per rate are booked (VAT once per rate
 * on the group's TTC, as the receipt and the Z report do), so these are shown, never summed.
 */
export function invoiceLineHt(line: Pick<InvoiceLine, 'amount' | 'quantity' | 'vatRateBp'>): {
  ht: number;
  unitHt: number;
} {
  const ht = line.amount - vatOfInclusive(line.amount, line.vatRateBp);
  return { ht, unitHt: line.quantity === 0 ? 0 : mulDiv(ht, 1000, line.quantity) };
}
