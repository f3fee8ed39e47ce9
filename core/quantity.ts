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

export function formatQuantity(unit: Unit, quantity: Milli): string {
  if (unit === 'piece') return String(quantity / MILLI_PER_UNIT);
  const sign = quantity < 0 ? '-' : '';
  const abs = Math.abs(quantity);
  const frac = String(abs % MILLI_PER_UNIT).padStart(3, '0');
  return `${sign}${Math.floor(abs / MILLI_PER_UNIT)}.${frac} ${unit}`;
}
