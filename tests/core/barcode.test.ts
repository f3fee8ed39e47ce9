import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BarcodeError, gs1CheckDigit, isValidGtin, normalizeScan, symbologyOf } from '../../core/barcode';

const digitString = (length: number) => fc.stringMatching(new RegExp(`^\\d{${length}}$`));
const withCheck = (body: string) => body + String(gs1CheckDigit(body));

describe('gs1CheckDigit', () => {
  it('matches published GS1 examples', () => {
    expect(gs1CheckDigit('400638133393')).toBe(1); // EAN-13 4006381333931
    expect(gs1CheckDigit('7351353')).toBe(7); // EAN-8 73513537
    expect(gs1CheckDigit('03600029145')).toBe(2); // UPC-A 036000291452
    expect(gs1CheckDigit('629104150021')).toBe(3); // GS1 General Specifications worked example 6291041500213
  });

  it('computes a Moroccan (GS1 Morocco prefix 611) code', () => {
    // 6+1*3+1+1*3+2+3*3+4+5*3+6+7*3+8+9*3 = 6+3+1+3+2+9+4+15+6+21+8+27 = 105 -> 10 - 5 = 5
    expect(gs1CheckDigit('611123456789')).toBe(5);
    expect(isValidGtin('6111234567895')).toBe(true);
  });

  it('does not depend on leading zeros (weights run from the right)', () => {
    fc.assert(
      fc.property(digitString(11), (body) => {
        expect(gs1CheckDigit(`0${body}`)).toBe(gs1CheckDigit(body));
      }),
    );
  });

  it('refuses non-digit input', () => {
    expect(() => gs1CheckDigit('')).toThrow(BarcodeError);
    expect(() => gs1CheckDigit('12a4')).toThrow(BarcodeError);
  });
});

describe('isValidGtin and symbologyOf', () => {
  it('accepts the real examples with their symbology', () => {
    expect(symbologyOf('4006381333931')).toBe('EAN13');
    expect(symbologyOf('73513537')).toBe('EAN8');
    expect(symbologyOf('036000291452')).toBe('UPCA');
    expect(symbologyOf('0036000291452')).toBe('UPCA'); // same bars as the UPC-A
  });

  it('rejects wrong check digits, wrong lengths and non-digits', () => {
    expect(isValidGtin('4006381333932')).toBe(false);
    expect(isValidGtin('73513536')).toBe(false);
    expect(isValidGtin('036000291453')).toBe(false);
    expect(isValidGtin('40063813339310')).toBe(false); // 14 digits
    expect(isValidGtin('1234567')).toBe(false);
    expect(isValidGtin('40063813339a1')).toBe(false);
    expect(isValidGtin('')).toBe(false);
    expect(symbologyOf('4006381333932')).toBeNull();
  });

  it('rejects every single-digit substitution of a valid EAN-13', () => {
    fc.assert(
      fc.property(
        digitString(12),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 1, max: 9 }),
        (body, pos, delta) => {
          const code = withCheck(body);
          expect(isValidGtin(code)).toBe(true);
          const changed = String((Number(code[pos]) + delta) % 10);
          const corrupted = code.slice(0, pos) + changed + code.slice(pos + 1);
          expect(isValidGtin(corrupted)).toBe(false);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('rejects adjacent transpositions except those the mod-10 scheme cannot see (digits differing by 5)', () => {
    fc.assert(
      fc.property(digitString(12), fc.integer({ min: 0, max: 11 }), (body, pos) => {
        const code = withCheck(body);
        const a = Number(code[pos]);
        const b = Number(code[pos + 1]);
        fc.pre(a !== b);
        const swapped = code.slice(0, pos) + code[pos + 1] + code[pos] + code.slice(pos + 2);
        expect(isValidGtin(swapped)).toBe(Math.abs(a - b) === 5);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('normalizeScan', () => {
  it('strips CR/LF/TAB and surrounding spaces', () => {
    expect(normalizeScan('4006381333931\r\n')).toBe('4006381333931');
    expect(normalizeScan('\t 4006381333931 \n')).toBe('4006381333931');
  });

  it('strips AIM symbology identifiers and GS separators', () => {
    expect(normalizeScan(']E04006381333931\r')).toBe('4006381333931');
    expect(normalizeScan(']E473513537')).toBe('73513537');
    expect(normalizeScan('\u0002]E04006381333931\u0003')).toBe('4006381333931');
    expect(normalizeScan(']C101061112345678951\u001d10ABC')).toBe('0106111234567895110ABC');
  });

  it('returns UPC-A in its EAN-13 form so one product has one key', () => {
    expect(normalizeScan('036000291452')).toBe('0036000291452');
    expect(normalizeScan(']E0036000291452\r\n')).toBe('0036000291452');
    expect(normalizeScan('0036000291452')).toBe('0036000291452');
  });

  it('maps a QWERTY-configured scanner on an AZERTY keyboard back to digits', () => {
    // 4006381333931 typed as the unshifted AZERTY digit row
    expect(normalizeScan('\'àà-"_&"""ç"&\r\n')).toBe('4006381333931');
  });

  it('keeps letters (upper-cased) and drops punctuation', () => {
    expect(normalizeScan(' sku-00a1 ')).toBe('SKU00A1');
    expect(normalizeScan('')).toBe('');
    expect(normalizeScan('\r\n')).toBe('');
  });

  it('is idempotent and only ever yields [0-9A-Z]', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (raw) => {
        const once = normalizeScan(raw);
        expect(once).toMatch(/^[0-9A-Z]*$/);
        expect(normalizeScan(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the symbology of any valid code it is given', () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom(7, 11, 12)
          .chain((n) => digitString(n))
          .map(withCheck),
        (code) => {
          expect(isValidGtin(normalizeScan(code))).toBe(true);
          expect(symbologyOf(normalizeScan(`]E0${code}\r\n`))).toBe(symbologyOf(code));
        },
      ),
    );
  });
});
