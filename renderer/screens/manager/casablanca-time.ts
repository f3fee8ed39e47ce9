/**
 * Calendar days in Africa/Casablanca. The offset moves (UTC+1, UTC+0 during Ramadan), so a day's
 * bounds are found through Intl rather than a fixed offset.
 */
const TIME_ZONE = 'Africa/Casablanca';
const DAY_MS = 86_400_000;

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** Milliseconds the Casablanca wall clock is ahead of UTC at `at`. */
function offsetAt(at: number): number {
  const p: Record<string, number> = {};
  for (const part of partsFormat.formatToParts(new Date(at))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const wall = Date.UTC(
    p.year ?? 0,
    (p.month ?? 1) - 1,
    p.day ?? 1,
    p.hour ?? 0,
    p.minute ?? 0,
    p.second ?? 0,
  );
  return wall - Math.floor(at / 1000) * 1000;
}

/** "2026-11-02" for an instant, as the shop's calendar shows it. */
export function casablancaDate(at: number): string {
  const shifted = new Date(at + offsetAt(at));
  return shifted.toISOString().slice(0, 10);
}

function parseDate(date: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(utc).toISOString().slice(0, 10) === date ? utc : null;
}

/** The UTC instant of a Casablanca wall-clock time: guess with the offset, then correct once. */
function fromWall(wallUtc: number): number {
  let at = wallUtc - offsetAt(wallUtc);
  at = wallUtc - offsetAt(at);
  return at;
}

/** First millisecond of a Casablanca day, or null for a malformed date. */
export function startOfDay(date: string): number | null {
  const wall = parseDate(date);
  return wall === null ? null : fromWall(wall);
}

/** Last millisecond of a Casablanca day, or null for a malformed date. */
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
