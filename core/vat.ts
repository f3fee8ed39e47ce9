/**
 * Moroccan VAT (TVA). Shelf prices are VAT-inclusive (TTC), so VAT is extracted from the gross,
 * never added to it. Z0 (zero-rated) and EX (exempt) both carry no VAT but are distinct in law
 * and on the statement, so they stay separate codes.
 */
import { BP_PER_UNIT, assertInt, mulDiv } from './money';

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

export interface VatBreakdownRow {
  code: VatCode;
  rateBp: number;
  gross: number;
  vat: number;
  net: number;
}

/**
 * VAT is computed once per rate on the group total (not per line and summed), which is what the
 * receipt prints and what the tax return declares; it also keeps rounding error to one centime per rate.
 * Groups are ordered as VAT_CODES: rate descending, zero-rated before exempt.
 */
export function vatBreakdown(lines: readonly { vatCode: VatCode; amount: number }[]): VatBreakdownRow[] {
  const gross = new Map<VatCode, number>();
  for (const line of lines) {
    vatRateBp(line.vatCode);
    assertInt(line.amount, 'line amount');
    gross.set(line.vatCode, (gross.get(line.vatCode) ?? 0) + line.amount);
  }
  return VAT_CODES.filter((code) => gross.has(code)).map((code) => {
    const rateBp = RATE_BP[code];
    const total = gross.get(code) ?? 0;
    const vat = vatOfInclusive(total, rateBp);
    return { code, rateBp, gross: total, vat, net: total - vat };
  });
}
