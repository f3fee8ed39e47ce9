import { isValidQuantity, type Unit } from '../../../core/quantity';

/**
 * A typed quantity -> milli-units, integers only: pieces are whole, kg and l take up to 3 decimals.
 * `signed` allows a leading minus (stock adjustments). Null when the text is not a valid quantity.
 */
export function parseMilli(text: string, unit: Unit, signed = false): number | null {
  const m = /^([-+]?)(\d{1,7})(?:[.,](\d{0,3}))?$/.exec(text.trim().replace(/\s/g, ''));
  if (!m) return null;
  if (m[1] === '-' && !signed) return null;
  const value = Number(m[2]) * 1000 + Number((m[3] ?? '').padEnd(3, '0'));
  if (!isValidQuantity(unit, value)) return null;
  return m[1] === '-' ? -value : value;
}

/** Milli-units back to the text a person would type ("2,500" kg, "3" pieces), for prefilled fields. */
export function milliToText(milli: number, unit: Unit): string {
  const abs = Math.abs(milli);
  const sign = milli < 0 ? '-' : '';
  if (unit === 'piece' && abs % 1000 === 0) return `${sign}${abs / 1000}`;
  return `${sign}${Math.floor(abs / 1000)},${String(abs % 1000).padStart(3, '0')}`;
}

/** Copies of a label for a received line: one per piece, one per weighed lot. */
export function labelCopies(milli: number, unit: Unit, max: number): number {
  if (unit !== 'piece') return 1;
  return Math.max(1, Math.min(max, Math.floor(milli / 1000)));
}
