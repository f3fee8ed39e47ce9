import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { divRound } from '../../core/money';
import type { VatCode } from '../../core/vat';
import { VAT_CODES, VatError, vatBreakdown, vatOfInclusive, vatRateBp } from '../../core/vat';

describe('vatRateBp', () => {
  it('knows the Moroccan rates', () => {
    expect(VAT_CODES.map(vatRateBp)).toEqual([2000, 1400, 1000, 700, 0, 0]);
  });

  it('refuses an unknown code coming from outside the type system', () => {
    expect(() => vatRateBp('S19' as VatCode)).toThrow(VatError);
  });
});

describe('vatOfInclusive', () => {
  it('extracts VAT from a TTC price', () => {
    expect(vatOfInclusive(12_000, 2000)).toBe(2000); // 120.00 TTC at 20 % = 100.00 HT + 20.00
    expect(vatOfInclusive(1_000, 2000)).toBe(167); // 166.67
    expect(vatOfInclusive(10_700, 700)).toBe(700);
    expect(vatOfInclusive(999, 0)).toBe(0);
    expect(vatOfInclusive(-1_000, 2000)).toBe(-167);
  });

  it('never exceeds the amount and mirrors for returns', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.constantFrom(...VAT_CODES), (amount, code) => {
        const vat = vatOfInclusive(amount, vatRateBp(code));
        expect(vat).toBeGreaterThanOrEqual(0);
        expect(vat).toBeLessThanOrEqual(amount);
        expect(vatOfInclusive(-amount, vatRateBp(code))).toBe(-vat || 0);
      }),
    );
  });
});

const line = fc.record({
  vatCode: fc.constantFrom(...VAT_CODES),
  amount: fc.integer({ min: -5_000_000, max: 5_000_000 }),
});

describe('vatBreakdown', () => {
  it('groups by code, computes VAT once per group, and orders by rate with EX last', () => {
    const rows = vatBreakdown([
      { vatCode: 'EX', amount: 500 },
      { vatCode: 'R7', amount: 1_000 },
      { vatCode: 'S20', amount: 333 },
      { vatCode: 'Z0', amount: 250 },
      { vatCode: 'S20', amount: 333 },
      { vatCode: 'S20', amount: 334 },
    ]);
    expect(rows).toEqual([
      { code: 'S20', rateBp: 2000, gross: 1000, vat: 167, net: 833 },
      { code: 'R7', rateBp: 700, gross: 1000, vat: 65, net: 935 },
      { code: 'Z0', rateBp: 0, gross: 250, vat: 0, net: 250 },
      { code: 'EX', rateBp: 0, gross: 500, vat: 0, net: 500 },
    ]);
    // per-line rounding would have given 56+56+56 = 168, not the 167 on the group total
    expect([333, 333, 334].map((a) => vatOfInclusive(a, 2000))).toEqual([56, 56, 56]);
  });

  it('handles a return on the same receipt (negative lines)', () => {
    expect(
      vatBreakdown([
        { vatCode: 'R10', amount: 2_200 },
        { vatCode: 'R10', amount: -1_100 },
      ]),
    ).toEqual([{ code: 'R10', rateBp: 1000, gross: 1_100, vat: 100, net: 1_000 }]);
    expect(vatBreakdown([{ vatCode: 'S20', amount: -1_200 }])).toEqual([
      { code: 'S20', rateBp: 2000, gross: -1_200, vat: -200, net: -1_000 },
    ]);
  });

  it('is empty for no lines and refuses unknown codes', () => {
    expect(vatBreakdown([])).toEqual([]);
    expect(() => vatBreakdown([{ vatCode: 'X' as VatCode, amount: 1 }])).toThrow(VatError);
  });

  it('always sums: gross totals the lines, net + vat = gross, vat exact per group', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), (lines) => {
        const rows = vatBreakdown(lines);
        const totalGross = rows.reduce((s, r) => s + r.gross, 0);
        expect(totalGross).toBe(lines.reduce((s, l) => s + l.amount, 0));
        const codes = rows.map((r) => r.code);
        expect(codes).toEqual(VAT_CODES.filter((c) => lines.some((l) => l.vatCode === c)));
        for (const r of rows) {
          expect(r.net + r.vat).toBe(r.gross);
          expect(r.gross).toBe(lines.filter((l) => l.vatCode === r.code).reduce((s, l) => s + l.amount, 0));
          expect(r.vat).toBe(divRound(BigInt(r.gross) * BigInt(r.rateBp), 10_000 + r.rateBp));
          if (r.rateBp === 0) expect(r.vat).toBe(0);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('does not depend on line order', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), (lines) => {
        expect(vatBreakdown([...lines].reverse())).toEqual(vatBreakdown(lines));
      }),
    );
  });
});
