import type { Centimes, Milli } from '../money';
import { MoneyError } from '../money';
import { formatQuantity, type Unit } from '../quantity';
import { formatLocalDateTime, zoneOffsetMinutes } from '../time';
import type { Language } from '../languages';

/** Receipts use plain ASCII spaces: thermal code pages have no narrow no-break space. */
function groupThousands(digits: string): string {
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ' ';
    out += digits[i];
  }
  return out;
}

/** 1250 -> "12,50", -123456 -> "-1 234,56". Integer arithmetic only. */
export function formatMoney(amount: Centimes): string {
  if (!Number.isSafeInteger(amount)) throw new MoneyError(`amount must be a safe integer, got ${amount}`);
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  const whole = Math.floor(abs / 100);
  const cents = abs % 100;
  return `${sign}${groupThousands(String(whole))},${String(cents).padStart(2, '0')}`;
}

/** Quantity as printed: whole pieces "3", weights and volumes with three decimals "0,750 kg". */
export function formatReceiptQuantity(unit: Unit, quantity: Milli): string {
  if (!Number.isSafeInteger(quantity))
    throw new MoneyError(`quantity must be a safe integer, got ${quantity}`);
  return formatQuantity(unit, quantity);
}

/**
 * "dd/mm/yyyy HH:MM:SS" in shop time (core/time.ts). The offset is the station's (the document carries it);
 * without one, this runtime's tz database, which is only right on the station. Latin digits in every
 * language, as Moroccan receipts print them and as every code page can.
 */
export function formatReceiptDate(timestamp: number, _language: Language, utcOffsetMinutes?: number): string {
  return formatLocalDateTime(timestamp, utcOffsetMinutes ?? zoneOffsetMinutes(timestamp));
}

/** Rate in basis points as a percentage: 2000 -> "20%", 550 -> "5,5%". */
export function formatRate(rateBp: number): string {
  const whole = Math.trunc(rateBp / 100);
  const frac = Math.abs(rateBp % 100);
  if (frac === 0) return `${whole}%`;
  return `${whole},${String(frac).padStart(2, '0').replace(/0$/, '')}%`;
}
