/**
 * Moroccan VAT (TVA). Shelf prices are VAT-inclusive (TTC), so VAT is extracted from the gross,
 * never added to it. Z0 (zero-rated) and EX (exempt) both carry no VAT but are distinct in law
 * and on the statement, so they stay separate codes.
 */
import { BP_PER_UNIT, assertInt, mulDiv } from './money';
import type { VatExemptionId } from './vat-exemptions';

export const VAT_CODES = ['S20', 'R14', 'R10', 'R7', 'Z0', 'EX'] as const;
export type VatCode = (typeof VAT_CODES)[number];

const RATE_BP: Record<VatCode, number> = { S20: 2000, R14: 1400, R10: 1000, R7: 700, Z0: 0, EX: 0 };

export class VatError extends Error {
  readonly code = 'INVALID_VAT_CODE';
}

export function isVatCode(value: unknown): value is VatCode {
  return typeof value === 'string' && (VAT_CODES as readonly string[]).includes(value);
}

export function vatRateBp(code: VatCode): number {
  // Codes come from database rows and API payloads, so the type alone is not a guarantee.
  if (!isVatCode(code)) throw new VatError(`unknown VAT code "${String(code)}"`);
  return RATE_BP[code];
}

/** The VAT contained in a TTC amount: amount * rate / (1 + rate), rounded once. */
export function vatOfInclusive(amountTtc: number, rateBp: number): number {
  assertInt(amountTtc, 'amount');
  assertInt(rateBp, 'VAT rate');
  return mulDiv(amountTtc, rateBp, BP_PER_UNIT + rateBp);
}

/**
 * A code's rate over a span of days (shop calendar, "yyyy-mm-dd", validTo inclusive, null = open): the
 * finance laws move rates on fixed dates, so the rate of a sale is the one in force on its day.
 */
export interface VatRate {
  code: VatCode;
  rateBp: number;
  validFrom: string;
  validTo: string | null;
  /** The legal text the rate comes from (docs/vat.md). */
  source: string;
}

/** The rate of `code` on `day` in `rates`, or null when no row covers that day. Days compare as text. */
export function vatRateAt(rates: readonly VatRate[], code: VatCode, day: string): number | null {
  for (const r of rates) {
    if (r.code === code && r.validFrom <= day && (r.validTo === null || day <= r.validTo)) return r.rateBp;
  }
  return null;
}

/** The code a product is sold under on `day`: the latest scheduled change due by then, else its own code. */
export function vatCodeAt(
  current: VatCode,
  schedule: readonly { vatCode: VatCode; validFrom: string }[],
  day: string,
): VatCode {
  let best: { vatCode: VatCode; validFrom: string } | null = null;
  for (const s of schedule) {
    if (s.validFrom <= day && (best === null || s.validFrom >= best.validFrom)) best = s;
  }
  return best?.vatCode ?? current;
}

/** A product's move to another code from a shop day (an exempt code names its CGI wording). */
export interface VatScheduleEntry {
  productId: number;
  vatCode: VatCode;
  vatExemption: VatExemptionId | null;
  validFrom: string;
}

/** A code with every dated rate it has had, and the one in force today (null: none covers today). */
export interface VatCodeRates {
  code: VatCode;
  rateBpToday: number | null;
  rates: VatRate[];
}

/**
 * What the product form shows of a product's VAT: the code and rate it sells at today, its scheduled moves,
 * and the last shop day it was sold on, since a move may only start after it (history is never recomputed).
 */
export interface ProductVat {
  productId: number;
  today: string;
  vatCode: VatCode;
  vatExemption: VatExemptionId | null;
  rateBpToday: number | null;
  schedule: VatScheduleEntry[];
  lastSoldDay: string | null;
}

export interface VatBreakdownRow {
  code: VatCode;
  rateBp: number;
  gross: number;
  vat: number;
  net: number;
}

/**
 * A line carries the rate it was sold at (vatRateBp, frozen on the sale line); without it the code's
 * historical fixed rate applies (lines priced before rates were dated, and carts not yet sold).
 * VAT is computed once per rate on the group total (not per line and summed), which is what the
 * receipt prints and what the tax return declares; it also keeps rounding error to one centime per rate.
 * Groups are ordered as VAT_CODES: rate descending, zero-rated before exempt.
 */
export function vatBreakdown(
  lines: readonly { vatCode: VatCode; amount: number; vatRateBp?: number }[],
): VatBreakdownRow[] {
  // One group per (code, rate): a period may hold a code at two rates when the law changed within it.
  const groups = new Map<string, { code: VatCode; rateBp: number; gross: number }>();
  for (const line of lines) {
    const fixed = vatRateBp(line.vatCode);
    assertInt(line.amount, 'line amount');
    const rateBp = line.vatRateBp ?? fixed;
    assertInt(rateBp, 'VAT rate');
    const key = `${line.vatCode}:${rateBp}`;
    const g = groups.get(key) ?? { code: line.vatCode, rateBp, gross: 0 };
    g.gross += line.amount;
    groups.set(key, g);
  }
  return [...groups.values()]
    .sort((a, b) => VAT_CODES.indexOf(a.code) - VAT_CODES.indexOf(b.code) || b.rateBp - a.rateBp)
    .map(({ code, rateBp, gross }) => {
      const vat = vatOfInclusive(gross, rateBp);
      return { code, rateBp, gross, vat, net: gross - vat };
    });
}
