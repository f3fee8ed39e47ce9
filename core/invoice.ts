/**
 * Invoices (factures) for account buyers, issue 13: the pure rules a db service will apply. The buyer's ICE
 * (Identifiant commun de l'entreprise) is 15 digits; numbers are continuous per shop and calendar year
 * (FA-2026-000123, credit notes AV-2026-...); totals are HT / TVA / TTC per rate from the lines' own frozen
 * rates (core/vat.ts vatBreakdown), with the exemption wording of exempt lines.
 */
import { vatBreakdown, type VatCode } from './vat';
import { VAT_EXEMPTIONS, type VatExemptionId } from './vat-exemptions';

export type InvoiceKind = 'invoice' | 'credit_note';
const PREFIX: Record<InvoiceKind, string> = { invoice: 'FA', credit_note: 'AV' };

export class IceError extends Error {
  readonly code = 'INVALID_ICE';
}

/** An ICE as typed (spaces and dots allowed between digits) reduced to its 15 digits, or IceError. */
export function normalizeIce(raw: string): string {
  const digits = raw.replace(/[\s.]/g, '');
  if (!/^\d{15}$/.test(digits)) throw new IceError(`An ICE is exactly 15 digits, not "${raw}".`);
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
