import type { Milli } from './money';
import { MILLI_PER_UNIT } from './money';

/** How a product is sold: unit price is per piece, per kilogram or per litre. */
export const UNITS = ['piece', 'kg', 'l'] as const;
export type Unit = (typeof UNITS)[number];

export function pieces(n: number): Milli {
  return n * MILLI_PER_UNIT;
}

/** A weight in grams is already a milli-quantity of kilograms. */
export function gramsToMilli(grams: number): Milli {
  return grams;
}

/** Pieces must be whole: 1500 milli-pieces is not something a cashier can sell. */
export function isValidQuantity(unit: Unit, quantity: Milli): boolean {
  if (!Number.isSafeInteger(quantity) || quantity <= 0) return false;
  return unit !== 'piece' || quantity % MILLI_PER_UNIT === 0;
}

/**
 * A typed quantity -> milli-units, integers only: "3" -> 3000, "1,5" -> 1500, "0.250" -> 250 (comma or point,
 * up to 3 decimals, blanks ignored). With `unit`, pieces must be whole; `signed` allows a leading minus (stock
 * adjustments). Null when the text is not a valid quantity or is zero. The one parser of the till, the returns
 * screen and the manager's forms.
 */
export function parseQuantity(text: string, unit?: Unit, signed = false): Milli | null {
  const m = /^([-+]?)(\d{1,7})(?:[.,](\d{0,3}))?$/.exec(text.trim().replace(/\s/g, ''));
  if (!m) return null;
  if (m[1] === '-' && !signed) return null;
  const value = Number(m[2]) * MILLI_PER_UNIT + Number((m[3] ?? '').padEnd(3, '0'));
  if (unit === undefined ? value <= 0 : !isValidQuantity(unit, value)) return null;
  return m[1] === '-' ? -value : value;
}

/** Milli-units as a person types them: whole pieces "3", otherwise three decimals after a comma "2,500". */
export function quantityText(unit: Unit, quantity: Milli): string {
  const sign = quantity < 0 ? '-' : '';
  const abs = Math.abs(quantity);
  const whole = Math.floor(abs / MILLI_PER_UNIT);
  const frac = abs % MILLI_PER_UNIT;
  if (unit === 'piece' && frac === 0) return `${sign}${whole}`;
  return `${sign}${whole},${String(frac).padStart(3, '0')}`;
}

/** Quantity with its unit, language-neutral (receipts, documents): "3", "0,750 kg", "1,500 l". */
export function formatQuantity(unit: Unit, quantity: Milli): string {
  const text = quantityText(unit, quantity);
  return unit === 'piece' ? text : `${text} ${unit}`;
}
