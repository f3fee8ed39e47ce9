import { offsetAt, zoneOffsetMinutes, type OffsetPeriod } from '../../core/time';

/**
 * The shop's UTC offsets as the station's tz database knows them (system.info's clock). Every screen
 * formats times with shopOffsetAt: the browser's own tz data may be out of date (Debian's Chromium puts
 * Casablanca at UTC+0 in December 2026 when it is UTC+1).
 */
let periods: readonly OffsetPeriod[] = [];

export function setShopClock(clock: { periods: readonly OffsetPeriod[] }): void {
  periods = [...clock.periods].sort((a, b) => a.from - b.from);
}

/** Minutes the shop's clock was ahead of UTC at `at`; the browser's guess only until the station answered. */
export function shopOffsetAt(at: number): number {
  return offsetAt(periods, at) ?? zoneOffsetMinutes(at);
}
