import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConsignmentTerms } from '../../core/payout';
import { PayoutError, effectiveTerms, linePayout } from '../../core/payout';

const commission = (rateBp: number): ConsignmentTerms => ({ kind: 'commission', rateBp });
const fixed = (payoutPerUnit: number): ConsignmentTerms => ({ kind: 'fixed', payoutPerUnit });

const terms = fc.oneof(
  fc.integer({ min: 0, max: 10_000 }).map(commission),
  fc.integer({ min: 0, max: 10_000_000 }).map(fixed),
);
/** A sale (both positive), a return (both negative) or a zero-amount line (free item). */
const amountAndQuantity = fc
  .tuple(fc.integer({ min: 0, max: 1e11 }), fc.integer({ min: 0, max: 1e7 }), fc.boolean())
  .map(([amount, quantity, isReturn]): [number, number] =>
    isReturn ? [-amount || 0, -quantity || 0] : [amount, quantity],
  );

describe('linePayout', () => {
  it('splits a commission sale', () => {
    // 25 % of 45.60 MAD is 11.40 to the shop, 34.20 to the cooperative
    expect(linePayout(commission(2500), 4560, 1000)).toEqual({ payout: 3420, commission: 1140 });
    // 15 % of 9.99: 1.4985 -> 1.50 commission, 8.49 payout
    expect(linePayout(commission(1500), 999, 1000)).toEqual({ payout: 849, commission: 150 });
  });

  it('pays a fixed price per unit, by weight too', () => {
    // 60.00 MAD/kg for 1.234 kg = 74.04; sold at 89.90/kg = 110.94
    expect(linePayout(fixed(6000), 11_094, 1234)).toEqual({ payout: 7404, commission: 3690 });
  });

  it('lets the shop bear a discount below the fixed payout (negative commission)', () => {
    expect(linePayout(fixed(5000), 4000, 1000)).toEqual({ payout: 5000, commission: -1000 });
  });

  it('mirrors a sale for a customer return', () => {
    expect(linePayout(commission(1500), -999, -1000)).toEqual({ payout: -849, commission: -150 });
    expect(linePayout(fixed(6000), -11_094, -1234)).toEqual({ payout: -7404, commission: -3690 });
  });

  it('always has payout + commission === amount, and a return mirrors its sale exactly', () => {
    fc.assert(
      fc.property(terms, amountAndQuantity, (t, [amount, quantity]) => {
        const { payout, commission: c } = linePayout(t, amount, quantity);
        expect(Number.isSafeInteger(payout) && Number.isSafeInteger(c)).toBe(true);
        expect(payout + c).toBe(amount);
        const mirrored = linePayout(t, -amount || 0, -quantity || 0);
        expect(mirrored.payout).toBe(-payout || 0);
        expect(mirrored.commission).toBe(-c || 0);
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps a commission within [0, amount] for a sale', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 1e11 }), (rate, amount) => {
        const { payout, commission: c } = linePayout(commission(rate), amount, 1000);
        expect(c).toBeGreaterThanOrEqual(0);
        expect(payout).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('refuses bad terms and inconsistent signs with a code', () => {
    const codeOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof PayoutError ? e.code : 'other';
      }
      return 'none';
    };
    expect(codeOf(() => linePayout(commission(10_001), 100, 1000))).toBe('INVALID_TERMS');
    expect(codeOf(() => linePayout(commission(-1), 100, 1000))).toBe('INVALID_TERMS');
    expect(codeOf(() => linePayout(commission(12.5), 100, 1000))).toBe('INVALID_TERMS');
    expect(codeOf(() => linePayout(fixed(-1), 100, 1000))).toBe('INVALID_TERMS');
    expect(codeOf(() => linePayout(fixed(100), 100, -1000))).toBe('SIGN_MISMATCH');
    expect(codeOf(() => linePayout(fixed(100), -100, 1000))).toBe('SIGN_MISMATCH');
    expect(() => linePayout(fixed(100), 10.5, 1000)).toThrow();
  });
});

describe('effectiveTerms', () => {
  it('lets product terms override the cooperative terms', () => {
    expect(effectiveTerms(commission(2000), fixed(3000))).toEqual(fixed(3000));
    expect(effectiveTerms(commission(2000), null)).toEqual(commission(2000));
    expect(effectiveTerms(commission(2000), undefined)).toEqual(commission(2000));
  });
});
