/**
 * Money is an integer number of centimes (MAD). Quantities are integer milli-units.
 * There is exactly one rounding rule in Souk POS: half-up (away from zero for negatives,
 * so that a refund mirrors its sale) to the centime, applied by `divRound`.
 */

export type Centimes = number;
export type Milli = number;
/** A rate in basis points: 2000 = 20.00 %. */
export type BasisPoints = number;

export const MILLI_PER_UNIT = 1000;
export const BP_PER_UNIT = 10_000;

/**
 * Bounds of what a client may send (api/schemas.ts): 10 billion dirhams, one million pieces (1,000 t). Far
 * beyond any shop, far inside safe integers, so that a few extra zeros typed by mistake are a clear refusal.
 */
export const MAX_CENTIMES = 1_000_000_000_000;
export const MAX_MILLI = 1_000_000_000;

/**
 * An amount or quantity that is not a safe integer, or a result that leaves them. A RangeError with a code of
 * ours (core/errors.ts), so that the API answers it typed, never as INTERNAL.
 */
export class MoneyError extends RangeError {
  readonly code = 'AMOUNT_OUT_OF_RANGE';
}

export function assertInt(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) throw new MoneyError(`${what} must be a safe integer, got ${value}`);
}

/**
 * round(numerator / denominator), half away from zero, exact for any safe-integer inputs
 * (products are computed in BigInt so a large total times a rate never loses precision).
 */
export function divRound(numerator: number | bigint, denominator: number | bigint): number {
  const n = BigInt(numerator);
  const d = BigInt(denominator);
  if (d === 0n) throw new MoneyError('division by zero');
  const negative = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const q = (2n * an + ad) / (2n * ad);
  const result = Number(negative ? -q : q);
  // A product of two large inputs can leave the safe integers: refuse it here rather than round silently.
  if (!Number.isSafeInteger(result))
    throw new MoneyError(`result ${String(negative ? -q : q)} is out of range`);
  return result === 0 ? 0 : result; // never -0
}

/** a * b / c rounded once, half-up. */
export function mulDiv(a: number, b: number, c: number): number {
  return divRound(BigInt(a) * BigInt(b), BigInt(c));
}

/** The amount of a line: unit price (per piece/kg/l) times a milli-quantity, rounded once. */
export function lineAmount(unitPrice: Centimes, quantity: Milli): Centimes {
  assertInt(unitPrice, 'unit price');
  assertInt(quantity, 'quantity');
  return mulDiv(unitPrice, quantity, MILLI_PER_UNIT);
}

/** A percentage (in basis points) of an amount, rounded once. */
export function percentOf(amount: Centimes, rate: BasisPoints): Centimes {
  assertInt(amount, 'amount');
  assertInt(rate, 'rate');
  return mulDiv(amount, rate, BP_PER_UNIT);
}

export function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/** Parses a user-typed dirham amount ("12,50", "12.5", "1 200") into centimes, or null. */
export function parseDirhams(text: string): Centimes | null {
  const cleaned = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  const m = /^(-?)(\d+)(?:\.(\d{0,2}))?$/.exec(cleaned);
  if (!m) return null;
  const whole = Number(m[2]);
  const frac = Number((m[3] ?? '').padEnd(2, '0'));
  const value = whole * 100 + frac;
  if (!Number.isSafeInteger(value)) return null;
  return m[1] === '-' && value !== 0 ? -value : value;
}

/** Plain "12.50" form used in CSV and logs; screens use Intl through i18n. */
export function centimesToDecimal(amount: Centimes): string {
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
