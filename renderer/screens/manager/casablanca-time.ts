/**
 * Calendar days of the shop (Africa/Casablanca) for the manager's date fields. The offset moves (UTC+1,
 * UTC+0 during Ramadan) and the browser's own tz data may be wrong (Debian's Chromium has Casablanca at
 * UTC+0 in December 2026), so every offset here is the station's (stores/clock.ts over core/time.ts), the
 * same one the screens format with and the documents print with.
 */
import { localDayKey } from '../../../core/time';
import { shopOffsetAt } from '../../stores/clock';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** "2026-11-02" for an instant, as the shop's calendar shows it. */
export function casablancaDate(at: number): string {
  return localDayKey(at, shopOffsetAt(at));
}

function parseDate(date: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(utc).toISOString().slice(0, 10) === date ? utc : null;
}

/**
 * The UTC instant of a shop wall-clock time (given as if it were UTC): guess with the offset at the wall
 * time, then correct once with the offset at the guess (they differ only across a clock change).
 */
function fromWall(wallUtc: number): number {
  const guess = wallUtc - shopOffsetAt(wallUtc) * MINUTE_MS;
  return wallUtc - shopOffsetAt(guess) * MINUTE_MS;
}

/** First millisecond of a shop day, or null for a malformed date. */
export function startOfDay(date: string): number | null {
  const wall = parseDate(date);
  return wall === null ? null : fromWall(wall);
}

/** Last millisecond of a shop day, or null for a malformed date. */
export function endOfDay(date: string): number | null {
  const wall = parseDate(date);
  return wall === null ? null : fromWall(wall + DAY_MS) - 1;
}

export function addDays(date: string, days: number): string {
  const wall = parseDate(date);
  if (wall === null) return date;
  return new Date(wall + days * DAY_MS).toISOString().slice(0, 10);
}

/** Monday of the week holding `date` (weeks start on Monday in Morocco). */
export function mondayOf(date: string): string {
  const wall = parseDate(date);
  if (wall === null) return date;
  const weekday = (new Date(wall).getUTCDay() + 6) % 7;
  return addDays(date, -weekday);
}

/** A settlement period ends at the end of the chosen day, never in the future. */
export function periodEndFor(date: string, now: number): number | null {
  const end = endOfDay(date);
  return end === null ? null : Math.min(end, now);
}
