import { parseQuantity, quantityText, type Unit } from '../../../core/quantity';

/** A typed quantity of `unit` -> milli-units (core/quantity.ts parseQuantity); `signed` for adjustments. */
export function parseMilli(text: string, unit: Unit, signed = false): number | null {
  return parseQuantity(text, unit, signed);
}

/** Milli-units back to the text a person would type ("2,500" kg, "3" pieces), for prefilled fields. */
export function milliToText(milli: number, unit: Unit): string {
  return quantityText(unit, milli);
}

/** Copies of a label for a received line: one per piece, one per weighed lot. */
export function labelCopies(milli: number, unit: Unit, max: number): number {
  if (unit !== 'piece') return 1;
  return Math.max(1, Math.min(max, Math.floor(milli / 1000)));
}
