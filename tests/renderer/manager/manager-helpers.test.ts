import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  casablancaDate,
  endOfDay,
  mondayOf,
  periodEndFor,
  startOfDay,
} from '../../../renderer/screens/manager/casablanca-time';
import { parseQuantity, quantityText } from '../../../core/quantity';
import { countsFromText } from '../../../renderer/screens/manager/CashClose';
import { labelCopies } from '../../../renderer/screens/manager/DeliveryLabels';
import { bpToPercentText, percentTextToBp } from '../../../renderer/screens/manager/shared';
import { expiryState, isSlowMover } from '../../../renderer/screens/manager/Stock';

describe('manager screen helpers', () => {
  it('parse quantities to integer milli-units, whole pieces only', () => {
    expect(parseQuantity('2,5', 'kg')).toBe(2500);
    expect(parseQuantity('0.125', 'l')).toBe(125);
    expect(parseQuantity('3', 'piece')).toBe(3000);
    expect(parseQuantity('2,5', 'piece')).toBeNull();
    expect(parseQuantity('1,2345', 'kg')).toBeNull();
    expect(parseQuantity('-2', 'piece')).toBeNull();
    expect(parseQuantity('-2', 'piece', true)).toBe(-2000);
    expect(parseQuantity('0', 'kg')).toBeNull();
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9_999_999 }), (milli) => {
        expect(parseQuantity(quantityText('kg', milli), 'kg')).toBe(milli);
      }),
    );
  });

  it('find Casablanca day bounds across the Ramadan offset change', () => {
    // 2026-11-02 is UTC+1 in Casablanca: the day starts at 23:00 UTC the day before.
    expect(startOfDay('2026-11-02')).toBe(Date.UTC(2026, 10, 1, 23));
    expect(endOfDay('2026-11-02')).toBe(Date.UTC(2026, 10, 2, 23) - 1);
    // During Ramadan 2026 (late February) Morocco is on UTC+0.
    expect(startOfDay('2026-03-01')).toBe(Date.UTC(2026, 2, 1));
    expect(casablancaDate(Date.UTC(2026, 10, 1, 23, 30))).toBe('2026-11-02');
    expect(mondayOf('2026-11-05')).toBe('2026-11-02');
    expect(periodEndFor('2099-01-01', 1000)).toBe(1000);
    expect(startOfDay('2026-02-30')).toBeNull();
  });

  it('flag expiry within 30 days and slow movers', () => {
    const now = Date.UTC(2026, 10, 2, 10);
    expect(expiryState('2026-11-01', now)).toBe('expired');
    expect(expiryState('2026-11-20', now)).toBe('soon');
    expect(expiryState('2027-01-31', now)).toBeNull();
    expect(isSlowMover({ soldLast30Days: 0, ageDays: 31 })).toBe(true);
    expect(isSlowMover({ soldLast30Days: 1000, ageDays: 90 })).toBe(false);
    expect(isSlowMover({ soldLast30Days: 0, ageDays: 30 })).toBe(false);
  });

  it('read cash counts, percents and label copies as integers', () => {
    expect(countsFromText({ '20000': '3', '50': '1', '10': '0', '100': '' })).toEqual({
      '20000': 3,
      '50': 1,
    });
    expect(countsFromText({ '20000': '1.5' })).toBeNull();
    expect(percentTextToBp('12,5')).toBe(1250);
    expect(percentTextToBp('101')).toBeNull();
    expect(bpToPercentText(1250)).toBe('12,5');
    expect(bpToPercentText(2500)).toBe('25');
    expect(labelCopies(12_000, 'piece', 400)).toBe(12);
    expect(labelCopies(2_500, 'kg', 400)).toBe(1);
    expect(labelCopies(900_000, 'piece', 50)).toBe(50);
  });
});
