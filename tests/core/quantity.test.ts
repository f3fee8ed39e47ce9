import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatQuantity, parseQuantity, quantityText } from '../../core/quantity';
import { formatReceiptQuantity } from '../../core/receipt/format';

describe('quantities typed and shown', () => {
  it('parses what the till and the manager type, refusing what cannot be sold', () => {
    expect(parseQuantity('3')).toBe(3000);
    expect(parseQuantity('1,5')).toBe(1500);
    expect(parseQuantity(' 0.250 ')).toBe(250);
    expect(parseQuantity('0')).toBeNull();
    expect(parseQuantity('1,2345')).toBeNull();
    expect(parseQuantity('-2')).toBeNull();
    expect(parseQuantity('abc')).toBeNull();
    expect(parseQuantity('1,5', 'piece')).toBeNull();
    expect(parseQuantity('-2', 'piece', true)).toBe(-2000);
  });

  it('shows a quantity as it is typed, and with its unit on receipts', () => {
    expect(quantityText('piece', 3000)).toBe('3');
    expect(quantityText('kg', 750)).toBe('0,750');
    expect(formatQuantity('kg', 750)).toBe('0,750 kg');
    expect(formatQuantity('l', -1500)).toBe('-1,500 l');
    expect(formatReceiptQuantity('piece', 3000)).toBe(formatQuantity('piece', 3000));
  });

  it('reads back every quantity it writes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('piece', 'kg', 'l' as const),
        fc.integer({ min: 1, max: 9_999_999 }),
        (unit, n) => {
          const milli = unit === 'piece' ? n * 1000 : n;
          expect(parseQuantity(quantityText(unit, milli), unit)).toBe(milli);
        },
      ),
    );
  });
});
