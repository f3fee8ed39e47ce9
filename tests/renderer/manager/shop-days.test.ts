/**
 * The manager's date fields take the shop's day bounds from the station's offsets (system.info clock), not
 * from the runtime's tz data: a browser whose tz data puts Casablanca at UTC+0 in December 2026 made a
 * period "ending on 30/11" end at 00:59 on 01/12, shop time. Here the station's offsets are set to a value
 * Node's own tz data does not hold (UTC+2), so only code that reads the station's clock passes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { zoneOffsetMinutes } from '../../../core/time';
import {
  casablancaDate,
  endOfDay,
  periodEndFor,
  startOfDay,
} from '../../../renderer/screens/manager/casablanca-time';
import { setShopClock } from '../../../renderer/stores/clock';

const H = 3_600_000;

afterEach(() => setShopClock({ periods: [] }));

describe('shop days from the station clock', () => {
  it('uses the station offsets over the runtime tz database', () => {
    expect(zoneOffsetMinutes(Date.UTC(2026, 11, 1))).toBe(60);
    setShopClock({ periods: [{ from: 0, offsetMinutes: 120 }] });
    expect(startOfDay('2026-12-01')).toBe(Date.UTC(2026, 11, 1) - 2 * H);
    expect(endOfDay('2026-11-30')).toBe(Date.UTC(2026, 11, 1) - 2 * H - 1);
    expect(casablancaDate(Date.UTC(2026, 10, 30, 22, 30))).toBe('2026-12-01');
    expect(periodEndFor('2026-11-30', Date.UTC(2027, 0, 1))).toBe(Date.UTC(2026, 11, 1) - 2 * H - 1);
  });

  it('places a day across a change of offset in the station periods', () => {
    // UTC+1 until 2026-02-15 02:00 UTC, then UTC+0 (a Ramadan change, as the station would send it).
    const change = Date.UTC(2026, 1, 15, 2);
    setShopClock({
      periods: [
        { from: 0, offsetMinutes: 60 },
        { from: change, offsetMinutes: 0 },
      ],
    });
    expect(startOfDay('2026-02-15')).toBe(Date.UTC(2026, 1, 14, 23));
    expect(endOfDay('2026-02-15')).toBe(Date.UTC(2026, 1, 16) - 1);
    expect(casablancaDate(change - 1)).toBe('2026-02-15');
  });
});
