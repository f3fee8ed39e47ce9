import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatLocalDate,
  formatLocalDateTime,
  formatLocalTime,
  localDayKey,
  offsetAt,
  stationPeriods,
  zoneOffsetMinutes,
  zonePeriods,
} from '../../core/time';

const H = 3_600_000;

describe('shop time from an explicit offset', () => {
  it('formats the receipt date from the offset alone, whatever the runtime tz', () => {
    const at = Date.UTC(2026, 11, 1, 7, 14, 29);
    expect(formatLocalDateTime(at, 60)).toBe('01/12/2026 08:14:29');
    expect(formatLocalDateTime(at, 0)).toBe('01/12/2026 07:14:29');
    expect(formatLocalTime(at, 60, false)).toBe('08:14');
    // Crossing midnight and the year end with the offset.
    const late = Date.UTC(2026, 11, 31, 23, 30, 0);
    expect(formatLocalDate(late, 60)).toBe('01/01/2027');
    expect(localDayKey(late, 60)).toBe('2027-01-01');
    expect(localDayKey(late, 0)).toBe('2026-12-31');
  });

  it("Node's tz data: Casablanca is UTC+1 in December 2026 and UTC+0 in Ramadan 2026", () => {
    expect(zoneOffsetMinutes(Date.UTC(2026, 11, 1, 7, 14, 29))).toBe(60);
    expect(zoneOffsetMinutes(Date.UTC(2026, 2, 1, 12))).toBe(0);
    expect(zoneOffsetMinutes(Date.UTC(2026, 0, 1), 'Asia/Tokyo')).toBe(540);
    expect(zoneOffsetMinutes(Date.UTC(2026, 0, 1), 'UTC')).toBe(0);
  });

  it('finds the Ramadan clock changes to the minute', () => {
    const periods = zonePeriods(Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1));
    expect(periods.map((p) => p.offsetMinutes)).toEqual([60, 0, 60]);
    const [, toWinter, back] = periods;
    expect(zoneOffsetMinutes(toWinter!.from - 60_000)).toBe(60);
    expect(zoneOffsetMinutes(toWinter!.from)).toBe(0);
    expect(zoneOffsetMinutes(back!.from - 60_000)).toBe(0);
    expect(zoneOffsetMinutes(back!.from)).toBe(60);
  });

  it('property: offsetAt over the station periods agrees with the tz database at every instant', () => {
    const now = Date.UTC(2026, 11, 1);
    const periods = stationPeriods(now);
    fc.assert(
      fc.property(fc.integer({ min: now - 390 * 24 * H, max: now + 390 * 24 * H }), (at) => {
        expect(offsetAt(periods, at)).toBe(zoneOffsetMinutes(at));
      }),
      { numRuns: 300 },
    );
    expect(offsetAt([], now)).toBeNull();
  });
});
