import { SHOP_TIME_ZONE, stationPeriods, zoneOffsetMinutes, type OffsetPeriod } from '../core/time';

export interface ShopClock {
  now: number;
  timeZone: string;
  offsetMinutes: number;
  periods: OffsetPeriod[];
}

const HOUR_MS = 3_600_000;
let cached: { hour: number; periods: OffsetPeriod[] } | null = null;

/**
 * The shop's clock as this station's (Node's) tz database knows it, for screens whose browser may carry
 * older tz data. The periods take ~100 ms to find, so they are worked out once an hour.
 */
export function shopClock(now: number): ShopClock {
  const hour = Math.floor(now / HOUR_MS);
  if (!cached || cached.hour !== hour) cached = { hour, periods: stationPeriods(now, SHOP_TIME_ZONE) };
  return {
    now,
    timeZone: SHOP_TIME_ZONE,
    offsetMinutes: zoneOffsetMinutes(now, SHOP_TIME_ZONE),
    periods: cached.periods,
  };
}
