import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MoneyError,
  centimesToDecimal,
  divRound,
  lineAmount,
  mulDiv,
  parseDirhams,
  percentOf,
} from '../../core/money';

/** Exact rational rounding, half away from zero, written independently of divRound. */
function referenceRound(n: bigint, d: bigint): bigint {
  const sign = n < 0n !== d < 0n ? -1n : 1n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const q = an / ad;
  const r = an - q * ad;
  // Compare the remainder with half the divisor without dividing: 2r >= d rounds up.
  return sign * (2n * r >= ad ? q + 1n : q);
}

const safeBig = fc.bigInt({ min: -(2n ** 53n) + 1n, max: 2n ** 53n - 1n });
const nonZeroDivisor = fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }).filter((d) => d !== 0n);

describe('divRound', () => {
  it('rounds halves away from zero', () => {
    expect(divRound(5, 2)).toBe(3);
    expect(divRound(-5, 2)).toBe(-3);
    expect(divRound(5, -2)).toBe(-3);
    expect(divRound(-5, -2)).toBe(3);
    expect(divRound(7, 3)).toBe(2);
    expect(divRound(8, 3)).toBe(3);
    expect(divRound(-8, 3)).toBe(-3);
    expect(divRound(1, 3)).toBe(0);
    expect(divRound(149, 100)).toBe(1);
    expect(divRound(150, 100)).toBe(2);
  });

  it('never returns negative zero', () => {
    expect(Object.is(divRound(-1, 3), 0)).toBe(true);
    expect(Object.is(divRound(0, -7), 0)).toBe(true);
  });

  it('refuses division by zero', () => {
    expect(() => divRound(1, 0)).toThrow(MoneyError);
  });

  it('matches exact rational rounding (BigInt reference) for any safe numerator', () => {
    fc.assert(
      fc.property(safeBig, nonZeroDivisor, (n, d) => {
        expect(divRound(n, d)).toBe(Number(referenceRound(n, d)));
      }),
      { numRuns: 2000 },
    );
  });

  it('matches the reference on exact halves, where rounding direction matters', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }),
        fc.bigInt({ min: 1n, max: 10n ** 6n }),
        (q, half) => {
          const d = 2n * half;
          const n = q * d + half; // exactly q + 0.5
          expect(divRound(n, d)).toBe(Number(referenceRound(n, d)));
          expect(Math.abs(divRound(n, d))).toBe(Math.abs(Number(q >= 0n ? q + 1n : q)));
        },
      ),
    );
  });

  it('is symmetric for negatives: divRound(-n, d) === -divRound(n, d) === divRound(n, -d)', () => {
    fc.assert(
      fc.property(safeBig, nonZeroDivisor, (n, d) => {
        const r = divRound(n, d);
        expect(divRound(-n, d)).toBe(-r || 0);
        expect(divRound(n, -d)).toBe(-r || 0);
      }),
      { numRuns: 2000 },
    );
  });

  it('stays exact where float arithmetic would not', () => {
    // 2^53 - 1 times 3 overflows doubles; computed in BigInt it is exact.
    expect(mulDiv(Number.MAX_SAFE_INTEGER, 3, 3)).toBe(Number.MAX_SAFE_INTEGER);
    // 1.005 * 100 is 100.49999... in floats; the integer path gives the true half-up result.
    expect(divRound(1005, 10)).toBe(101);
  });
});

describe('lineAmount and percentOf', () => {
  it('prices weighed goods: 1.234 kg at 89.90 MAD/kg', () => {
    expect(lineAmount(8990, 1234)).toBe(11094); // 110.9366 -> 110.94
  });

  it('prices pieces exactly', () => {
    expect(lineAmount(4560, 3000)).toBe(13680);
  });

  it('mirrors a sale for a return', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (price, qty) => {
          expect(lineAmount(price, -qty)).toBe(-lineAmount(price, qty) || 0);
        },
      ),
    );
  });

  it('takes a rate in basis points', () => {
    expect(percentOf(10_000, 2000)).toBe(2000);
    expect(percentOf(999, 1500)).toBe(150); // 149.85
    expect(percentOf(-999, 1500)).toBe(-150);
  });

  it('rejects fractional inputs', () => {
    expect(() => lineAmount(10.5, 1000)).toThrow(MoneyError);
    expect(() => lineAmount(1000, 1.5)).toThrow(MoneyError);
    expect(() => percentOf(100, 0.5)).toThrow(MoneyError);
  });
});

describe('parseDirhams and centimesToDecimal', () => {
  it('reads what cashiers type', () => {
    expect(parseDirhams('12,50')).toBe(1250);
    expect(parseDirhams('12.5')).toBe(1250);
    expect(parseDirhams('1 200')).toBe(120_000);
    expect(parseDirhams('1\u202f200,05')).toBe(120_005);
    expect(parseDirhams('-3,01')).toBe(-301);
    expect(parseDirhams('7')).toBe(700);
  });

  it('rejects what is not an amount', () => {
    for (const bad of ['', 'abc', '1,234', '12.345', '1.2.3', '--1', '99999999999999999999']) {
      expect(parseDirhams(bad), bad).toBeNull();
    }
  });

  it('round-trips through the decimal form', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (amount) => {
        expect(parseDirhams(centimesToDecimal(amount))).toBe(amount);
      }),
    );
  });

  it('formats negative amounts under one dirham with their sign', () => {
    expect(centimesToDecimal(-5)).toBe('-0.05');
    expect(centimesToDecimal(12_345)).toBe('123.45');
  });
});
