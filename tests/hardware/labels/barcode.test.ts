import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ean13Pattern, ean13Svg } from '../../../hardware/labels/barcode-svg';

// The EAN-13 tables, written out from the GS1 General Specifications independently of jsbarcode.
const L = [
  '0001101',
  '0011001',
  '0010011',
  '0111101',
  '0100011',
  '0110001',
  '0101111',
  '0111011',
  '0110111',
  '0001011',
];
const G = [
  '0100111',
  '0110011',
  '0011011',
  '0100001',
  '0011101',
  '0111001',
  '0000101',
  '0010001',
  '0001001',
  '0010111',
];
const R = [
  '1110010',
  '1100110',
  '1101100',
  '1000010',
  '1011100',
  '1001110',
  '1010000',
  '1000100',
  '1001000',
  '1110100',
];
/** Which of L/G encodes each left-half digit, selected by the first digit. */
const PARITY = [
  'LLLLLL',
  'LLGLGG',
  'LLGGLG',
  'LLGGGL',
  'LGLLGG',
  'LGGLLG',
  'LGGGLL',
  'LGLGLG',
  'LGLGGL',
  'LGGLGL',
];

function referenceModules(code: string): string {
  const d = [...code].map(Number);
  const parity = PARITY[d[0] ?? 0] ?? '';
  let out = '101';
  for (let i = 1; i <= 6; i++) out += (parity[i - 1] === 'L' ? L : G)[d[i] ?? 0];
  out += '01010';
  for (let i = 7; i <= 12; i++) out += R[d[i] ?? 0];
  return `${out}101`;
}

function checkDigit(twelve: string): number {
  const sum = [...twelve].reduce((acc, ch, i) => acc + Number(ch) * (i % 2 === 0 ? 1 : 3), 0);
  return (10 - (sum % 10)) % 10;
}

describe('EAN-13 bars from jsbarcode encodings', () => {
  it('match the standard L/G/R patterns for a known code', () => {
    const p = ean13Pattern('5901234123457');
    expect(p.modules).toBe(referenceModules('5901234123457'));
    expect(p.modules).toHaveLength(95);
    expect(p.segments.map((s) => s.text).join('')).toBe('5901234123457');
  });

  it('match for any valid code, and the bars cover exactly the dark modules', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{12}$/), (twelve) => {
        const code = twelve + checkDigit(twelve);
        const p = ean13Pattern(code);
        expect(p.modules).toBe(referenceModules(code));
        const painted = Array<string>(95).fill('0');
        for (const b of p.bars) for (let x = b.x; x < b.x + b.width; x++) painted[x] = '1';
        expect(painted.join('')).toBe(p.modules);
        // Guards are the 3 + 5 + 3 modules at both ends and in the middle.
        const guardModules = p.bars.filter((b) => b.guard).reduce((n, b) => n + b.width, 0);
        expect(guardModules).toBe(6);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a wrong check digit or length with a stable code', () => {
    expect(() => ean13Pattern('5901234123458')).toThrow(expect.objectContaining({ code: 'INVALID_EAN13' }));
    expect(() => ean13Pattern('590123412345')).toThrow(expect.objectContaining({ code: 'INVALID_EAN13' }));
  });

  it('draws an SVG with one rectangle per bar, sized in millimetres', () => {
    const p = ean13Pattern('6111234567892'.slice(0, 12) + checkDigit('611123456789'));
    const svg = ean13Svg(p.code, { module: 0.33 });
    const rects = [...svg.matchAll(/<rect x="([\d.]+)" y="0" width="([\d.]+)"/g)];
    expect(rects).toHaveLength(p.bars.length);
    expect(Number(rects[0]?.[1])).toBeCloseTo(11 * 0.33, 3); // after the left quiet zone
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="37.29mm"/);
    expect(svg).toContain(`>${p.code.slice(7)}</text>`);
  });
});
