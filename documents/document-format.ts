/**
 * Formatting shared by the printed documents (settlement statement, return note, CSV export).
 * Dates are shown in Africa/Casablanca, whose offset changes around Ramadan, so it always comes from
 * the tz database.
 */
import { MoneyError } from '../core/money';
import { quantityText, type Unit } from '../core/quantity';

const DATE = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Africa/Casablanca',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function parts(timestamp: number): Record<string, string> {
  if (!Number.isFinite(timestamp)) throw new RangeError(`timestamp must be finite, got ${timestamp}`);
  const out: Record<string, string> = {};
  for (const p of DATE.formatToParts(new Date(timestamp))) out[p.type] = p.value;
  return out;
}

/** "dd/mm/yyyy" in Africa/Casablanca. */
export function formatDocDate(timestamp: number): string {
  const p = parts(timestamp);
  return `${p.day}/${p.month}/${p.year}`;
}

/** "dd/mm/yyyy HH:MM" in Africa/Casablanca. */
export function formatDocDateTime(timestamp: number): string {
  const p = parts(timestamp);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/**
 * The last day a period covers. Periods end exclusively (a sale at periodEnd belongs to the next one),
 * so a period ending at midnight covers the day before.
 */
export function formatPeriodEnd(periodEnd: number): string {
  return formatDocDate(periodEnd - 1);
}

/** Unit symbol as printed after a quantity. */
export const UNIT_LABEL: Record<Unit, string> = { piece: 'pce', kg: 'kg', l: 'l' };

/** Quantity with a decimal comma: pieces whole ("12"), kg and litres with three decimals ("1,250"). */
export function formatDecimalQuantity(unit: Unit, quantity: number): string {
  if (!Number.isSafeInteger(quantity))
    throw new MoneyError(`quantity must be a safe integer, got ${quantity}`);
  return quantityText(unit, quantity);
}

/** Centimes with a decimal comma and no grouping, as a French spreadsheet reads a number: "-1234,56". */
export function formatDecimalMoney(amount: number): string {
  if (!Number.isSafeInteger(amount)) throw new MoneyError(`amount must be a safe integer, got ${amount}`);
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  return `${sign}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}
