import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountInArabicWords, arabicNumberWords } from '../../core/invoice-words-ar';

const DH = 100;

describe('an amount in Arabic words (the Arabic invoice)', () => {
  it('says the tricky dirham amounts with the right number words and the right form of درهم', () => {
    const cases: [number, string][] = [
      [0, 'صفر درهم'],
      // One and two: the noun alone (with واحد after it), then its dual.
      [1 * DH, 'درهم واحد'],
      [2 * DH, 'درهمان'],
      // 3 to 10: the number (feminine, for a masculine noun) and the plural.
      [3 * DH, 'ثلاثة دراهم'],
      [10 * DH, 'عشرة دراهم'],
      // 11 to 99: the singular, accusative.
      [11 * DH, 'أحد عشر درهمًا'],
      [12 * DH, 'اثنا عشر درهمًا'],
      [21 * DH, 'واحد وعشرون درهمًا'],
      [99 * DH, 'تسعة وتسعون درهمًا'],
      // Hundreds, thousands, millions: the singular, genitive; two of them in the construct dual.
      [100 * DH, 'مائة درهم'],
      [200 * DH, 'مائتا درهم'],
      [103 * DH, 'مائة وثلاثة دراهم'],
      [1000 * DH, 'ألف درهم'],
      [2000 * DH, 'ألفا درهم'],
      [2500 * DH, 'ألفان وخمسمائة درهم'],
      [3000 * DH, 'ثلاثة آلاف درهم'],
      [11_000 * DH, 'أحد عشر ألف درهم'],
      [200_000 * DH, 'مائتا ألف درهم'],
      [1_000_000 * DH, 'مليون درهم'],
      [2_000_000 * DH, 'مليونا درهم'],
      [5_000_000 * DH, 'خمسة ملايين درهم'],
      [1_001_000 * DH, 'مليون وألف درهم'],
    ];
    for (const [centimes, words] of cases)
      expect(amountInArabicWords(centimes), String(centimes)).toBe(words);
  });

  it('adds the centimes with their own forms of سنتيم', () => {
    expect(amountInArabicWords(123_456_78)).toBe(
      'مائة وثلاثة وعشرون ألفًا وأربعمائة وستة وخمسون درهمًا وثمانية وسبعون سنتيمًا',
    );
    expect(amountInArabicWords(1)).toBe('صفر درهم وسنتيم واحد');
    expect(amountInArabicWords(2)).toBe('صفر درهم وسنتيمان');
    expect(amountInArabicWords(1_005)).toBe('عشرة دراهم وخمسة سنتيمات');
    expect(amountInArabicWords(104_050)).toBe('ألف وأربعون درهمًا وخمسون سنتيمًا');
    expect(amountInArabicWords(-250)).toBe('ناقص درهمان وخمسون سنتيمًا');
  });

  it('spells a number standing alone in the nominative, duals whole', () => {
    expect(arabicNumberWords(0)).toBe('صفر');
    expect(arabicNumberWords(2)).toBe('اثنان');
    expect(arabicNumberWords(200)).toBe('مائتان');
    expect(arabicNumberWords(2000)).toBe('ألفان');
    expect(arabicNumberWords(13)).toBe('ثلاثة عشر');
    expect(arabicNumberWords(23_400)).toBe('ثلاثة وعشرون ألفًا وأربعمائة');
    expect(arabicNumberWords(2_000_000_000)).toBe('ملياران');
    expect(arabicNumberWords(999_999_999_999)).toBe(
      'تسعمائة وتسعة وتسعون مليارًا وتسعمائة وتسعة وتسعون مليونًا وتسعمائة وتسعة وتسعون ألفًا وتسعمائة وتسعة وتسعون',
    );
    expect(() => arabicNumberWords(1e12)).toThrow(RangeError);
    expect(() => arabicNumberWords(1.5)).toThrow(RangeError);
    expect(() => amountInArabicWords(0.5)).toThrow(RangeError);
  });

  it('never leaves a group out, nor a double space or a dangling و, for any amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999_999 }), (centimes) => {
        const text = amountInArabicWords(centimes);
        expect(text).not.toMatch(/ {2}|^ | $|و$|و /);
        // Every non-zero group of the dirhams is said: as many scale words as non-zero groups above the units.
        const dh = Math.floor(centimes / 100);
        const groups = [1e9, 1e6, 1e3].filter((g) => Math.floor(dh / g) % 1000 > 0).length;
        const scales = text.match(
          /مليار|ملياران|مليارا|مليارات|مليون|مليونان|مليونا|ملايين|ألف|ألفان|ألفا|آلاف/g,
        );
        expect(scales?.length ?? 0).toBe(groups);
      }),
    );
  });
});
