/**
 * Numbers as the shop's people read them, identical on every screen and in every document: ICU builds
 * disagree (Node formats fr-MA as "1.040,00", Chromium as "1 040,00"), so the grouping is written here, not
 * left to Intl. French and Arabic: a no-break space groups thousands and a comma marks decimals
 * ("1 040,00", "0,0 %"); English: "1,040.00", "0.0%". Latin digits in every language, as Moroccan
 * receipts print them. One currency label, MAD, after the amount.
 */
import type { Language } from './languages';
import { MoneyError } from './money';

/** U+00A0: in every PDF font encoding (WinAnsi included) and never broken at a line end. */
export const GROUP_SPACE = '\u00a0';
export const CURRENCY_LABEL = 'MAD';

function separators(lang: Language): { group: string; decimal: string } {
  return lang === 'en' ? { group: ',', decimal: '.' } : { group: GROUP_SPACE, decimal: ',' };
}

function group(digits: string, sep: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

/** 104000 centimes -> "1 040,00" (fr/ar) or "1,040.00" (en); negative amounts keep their minus sign. */
export function formatAmount(centimes: number, lang: Language = 'fr'): string {
  if (!Number.isSafeInteger(centimes)) throw new MoneyError(`amount must be a safe integer, got ${centimes}`);
  const { group: g, decimal } = separators(lang);
  const abs = Math.abs(centimes);
  const sign = centimes < 0 ? '-' : '';
  return `${sign}${group(String(Math.floor(abs / 100)), g)}${decimal}${String(abs % 100).padStart(2, '0')}`;
}

/** "1 040,00 MAD" in every language (the amount's own convention, one label). */
export function formatMoneyText(centimes: number, lang: Language = 'fr'): string {
  return `${formatAmount(centimes, lang)}${GROUP_SPACE}${CURRENCY_LABEL}`;
}

/** A whole count: 1040 -> "1 040" / "1,040". */
export function formatCount(n: number, lang: Language = 'fr'): string {
  const sign = n < 0 ? '-' : '';
  return `${sign}${group(String(Math.abs(Math.trunc(n))), separators(lang).group)}`;
}

/** Basis points with one decimal: 0 -> "0,0 %" (fr/ar), "0.0%" (en); rounded half away from zero. */
export function formatPercentBp(bp: number, lang: Language = 'fr'): string {
  const tenths = Math.round(Math.abs(bp) / 10);
  const sign = bp < 0 && tenths > 0 ? '-' : '';
  const text = `${sign}${group(String(Math.floor(tenths / 10)), separators(lang).group)}${separators(lang).decimal}${tenths % 10}`;
  return lang === 'en' ? `${text}%` : `${text}${GROUP_SPACE}%`;
}
