/**
 * GS1 check digits and the symbologies a till meets on packaged goods (EAN-13, EAN-8, UPC-A).
 * Scanner input is cleaned here once so every layer above compares codes in the same form.
 */

export type Symbology = 'EAN13' | 'EAN8' | 'UPCA';

export class BarcodeError extends Error {
  readonly code = 'INVALID_BARCODE';
}

const DIGITS = /^\d+$/;

/** Mod-10 with weights 3,1,3,... starting from the digit next to the (missing) check digit. */
export function gs1CheckDigit(digitsWithoutCheck: string): number {
  if (!DIGITS.test(digitsWithoutCheck)) {
    throw new BarcodeError(`check digit needs a non-empty string of digits, got "${digitsWithoutCheck}"`);
  }
  let total = 0;
  let weight = 3;
  for (let i = digitsWithoutCheck.length - 1; i >= 0; i--) {
    total += (digitsWithoutCheck.charCodeAt(i) - 48) * weight;
    weight = 4 - weight;
  }
  return (10 - (total % 10)) % 10;
}

export function isValidGtin(code: string): boolean {
  if (!DIGITS.test(code)) return false;
  if (code.length !== 8 && code.length !== 12 && code.length !== 13) return false;
  return gs1CheckDigit(code.slice(0, -1)) === Number(code[code.length - 1]);
}

/**
 * A 13-digit code starting with 0 is reported as UPC-A: its bars are identical to the 12-digit
 * UPC-A, so `symbologyOf(normalizeScan(x)) === symbologyOf(x)` for every valid code.
 */
export function symbologyOf(code: string): Symbology | null {
  if (!isValidGtin(code)) return null;
  if (code.length === 8) return 'EAN8';
  if (code.length === 12 || code.startsWith('0')) return 'UPCA';
  return 'EAN13';
}

/** AIM symbology identifier ("]E0" EAN-13, "]E4" EAN-8, "]C1" GS1-128...) sent by scanners configured for it. */
const AIM_PREFIX = /^\][A-Za-z][0-9A-Za-z]/;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/g;
/**
 * A USB scanner set to a QWERTY layout on a French AZERTY keyboard types the unshifted digit row:
 * "&é\"'(-è_çà" for "1234567890". Common in Moroccan shops, so a payload made only of these is mapped back.
 */
const AZERTY_DIGIT_ROW = '&é"\'(-è_çà';

export function normalizeScan(raw: string): string {
  let text = raw.replace(CONTROL_CHARS, '').trim().replace(AIM_PREFIX, '');
  if (text.length > 0 && [...text].every((ch) => AZERTY_DIGIT_ROW.includes(ch))) {
    text = [...text].map((ch) => String((AZERTY_DIGIT_ROW.indexOf(ch) + 1) % 10)).join('');
  }
  // Upper case so that a Caps-Lock wedge and a normal one give the same database key.
  const cleaned = text.replace(/[^0-9A-Za-z]/g, '').toUpperCase();
  return cleaned.length === 12 && DIGITS.test(cleaned) ? `0${cleaned}` : cleaned;
}
