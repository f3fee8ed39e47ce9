/**
 * Shop-local time: the one home for turning UTC epoch milliseconds into what the shop's clock said.
 *
 * Morocco moves its clock around Ramadan (UTC+1, UTC+0 for about a month), so the offset comes from a tz
 * database, never a constant. Only the station's tz database is trusted: browsers ship their own, and
 * Debian's Chromium formats Africa/Casablanca as UTC+0 for December 2026 while Node (right) says UTC+1.
 * So the station computes the offsets (zonePeriods, with Node's Intl) and hands them to every screen;
 * formatting is then plain arithmetic on an explicit offset in minutes, identical in Node and any browser.
 */

export const SHOP_TIME_ZONE = 'Africa/Casablanca';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** From `from` (UTC ms) until the next period, the shop's clock is `offsetMinutes` ahead of UTC. */
export interface OffsetPeriod {
  from: number;
  offsetMinutes: number;
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * Minutes `timeZone` is ahead of UTC at `at`, from this runtime's tz database. Trust it on the station
 * (Node) only; screens take the station's offsets (offsetAt over the periods it sends).
 */
export function zoneOffsetMinutes(at: number, timeZone: string = SHOP_TIME_ZONE): number {
  let f = offsetFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    });
    offsetFormats.set(timeZone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(at))) p[part.type] = Number(part.value);
  const wall = Date.UTC(
    p.year ?? 1970,
    (p.month ?? 1) - 1,
    p.day ?? 1,
    p.hour ?? 0,
    p.minute ?? 0,
    p.second ?? 0,
  );
  const atSecond = at - (((at % 1000) + 1000) % 1000);
  return Math.round((wall - atSecond) / MINUTE_MS);
}

/**
 * The offset periods of `timeZone` over [from, to), found day by day and pinned to the minute, so a screen
 * can place any sale of that range (a receipt from before Ramadan keeps its own offset).
 */
export function zonePeriods(from: number, to: number, timeZone: string = SHOP_TIME_ZONE): OffsetPeriod[] {
  const periods: OffsetPeriod[] = [{ from, offsetMinutes: zoneOffsetMinutes(from, timeZone) }];
  let prev = from;
  let prevOffset = periods[0]!.offsetMinutes;
  for (let t = from + DAY_MS; prev < to; t += DAY_MS) {
    const at = Math.min(t, to);
    const offset = zoneOffsetMinutes(at, timeZone);
    if (offset !== prevOffset) {
      // The change lies in (prev, at]: narrow it down to under a minute, then take the minute it starts at.
      let lo = prev;
      let hi = at;
      while (hi - lo > MINUTE_MS) {
        const mid = lo + Math.floor((hi - lo) / 2);
        if (zoneOffsetMinutes(mid, timeZone) === prevOffset) lo = mid;
        else hi = mid;
      }
      const change = Math.min(hi, Math.floor(lo / MINUTE_MS) * MINUTE_MS + MINUTE_MS);
      periods.push({ from: change, offsetMinutes: offset });
      prevOffset = offset;
    }
    prev = at;
  }
  return periods;
}

/** The offset at `at` from periods sorted by `from`; before the first period, the first one's offset. */
export function offsetAt(periods: readonly OffsetPeriod[], at: number): number | null {
  if (periods.length === 0) return null;
  let lo = 0;
  let hi = periods.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (periods[mid]!.from <= at) lo = mid;
    else hi = mid - 1;
  }
  return periods[lo]!.offsetMinutes;
}

export interface LocalParts {
  year: number;
  /** 1..12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The shop clock's calendar fields at `at`, given its offset: arithmetic, no tz database involved. */
export function localParts(at: number, offsetMinutes: number): LocalParts {
  const d = new Date(at + offsetMinutes * MINUTE_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

const two = (n: number) => String(n).padStart(2, '0');

/** "dd/mm/yyyy", Latin digits in every language as Moroccan receipts print them. */
export function formatLocalDate(at: number, offsetMinutes: number): string {
  const p = localParts(at, offsetMinutes);
  return `${two(p.day)}/${two(p.month)}/${p.year}`;
}

/** "HH:MM" or "HH:MM:SS". */
export function formatLocalTime(at: number, offsetMinutes: number, seconds = true): string {
  const p = localParts(at, offsetMinutes);
  return `${two(p.hour)}:${two(p.minute)}${seconds ? `:${two(p.second)}` : ''}`;
}

/** "dd/mm/yyyy HH:MM:SS", as the receipt prints it. */
export function formatLocalDateTime(at: number, offsetMinutes: number, seconds = true): string {
  return `${formatLocalDate(at, offsetMinutes)} ${formatLocalTime(at, offsetMinutes, seconds)}`;
}

/** "yyyy-mm-dd" of the shop's calendar day. */
export function localDayKey(at: number, offsetMinutes: number): string {
  const p = localParts(at, offsetMinutes);
  return `${p.year}-${two(p.month)}-${two(p.day)}`;
}

/**
 * A UTC instant as a Date whose UTC fields are the shop clock's: hand it to Intl.DateTimeFormat with
 * timeZone 'UTC' for locale wording (month names, Arabic) without the runtime's tz database.
 */
export function shiftedDate(at: number, offsetMinutes: number): Date {
  return new Date(at + offsetMinutes * MINUTE_MS);
}

/** The offsets the station hands out: about a year back (past receipts) to a year ahead. */
export function stationPeriods(now: number, timeZone: string = SHOP_TIME_ZONE): OffsetPeriod[] {
  return zonePeriods(now - 400 * DAY_MS, now + 400 * DAY_MS, timeZone);
}
