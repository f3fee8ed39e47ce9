import type { Milli } from './money';
import { UNITS, type Unit } from './quantity';

/**
 * Largest quantity per unit (milli-units) a till line takes without the cashier confirming it. A shop
 * sells a few pieces or kilograms at a time; far above that is a mistake (a barcode read as a count, a
 * weight typed in grams twice) that would otherwise price the cart at the wholesale tier unnoticed.
 */
export type QuantityLimits = Record<Unit, Milli>;

export const DEFAULT_QUANTITY_LIMITS: QuantityLimits = { piece: 999_000, kg: 100_000, l: 100_000 };

export function isAboveQuantityLimit(unit: Unit, quantity: Milli, limits: QuantityLimits): boolean {
  return quantity > limits[unit];
}

/** Problems with a limits setting, empty when it is usable: positive integers, whole pieces. */
export function quantityLimitProblems(limits: QuantityLimits): string[] {
  const problems: string[] = [];
  for (const unit of UNITS) {
    const v = limits[unit];
    if (!Number.isSafeInteger(v) || v <= 0)
      problems.push(`${unit} limit must be a positive integer, got ${v}`);
    else if (unit === 'piece' && v % 1000 !== 0) problems.push(`piece limit must be whole pieces, got ${v}`);
  }
  return problems;
}
