/**
 * Day arithmetic on Bangkok calendar dates (YYYY-MM-DD strings). Pure UTC arithmetic on the date's fields,
 * so results never depend on the machine's time zone. (Candidates to move into thaiDate.ts.) Also the month
 * grid and keyboard moves of the date fields' calendar popup.
 *
 * Invariants: addMonths never rolls into the next month: 31 Aug + 6 months = 28 Feb (29 in leap years).
 * Weeks start on Sunday, as on Thai calendars (WEEK_STARTS_ON). calendarMove never leaves the given range.
 */
import { daysInMonth, isIsoDate } from './thaiDate';

const DAY_MS = 86_400_000;

function parts(date: string): { y: number; m: number; d: number } {
  if (!isIsoDate(date)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return { y: Number(date.slice(0, 4)), m: Number(date.slice(5, 7)), d: Number(date.slice(8, 10)) };
}

function fromUtcMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function utcMs(date: string): number {
  const { y, m, d } = parts(date);
  return Date.UTC(y, m - 1, d);
}

export function addDays(date: string, days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`not a whole number of days: ${days}`);
  return fromUtcMs(utcMs(date) + days * DAY_MS);
}

/** Calendar months later (or earlier, if negative), the day clamped to the target month's length. */
export function addMonths(date: string, months: number): string {
  if (!Number.isInteger(months)) throw new RangeError(`not a whole number of months: ${months}`);
  const { y, m, d } = parts(date);
  const index = y * 12 + (m - 1) + months;
  const ty = Math.floor(index / 12);
  const tm = index - ty * 12 + 1;
  const td = Math.min(d, daysInMonth(ty, tm));
  return `${String(ty).padStart(4, '0')}-${String(tm).padStart(2, '0')}-${String(td).padStart(2, '0')}`;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcMs(to) - utcMs(from)) / DAY_MS);
}

const BANGKOK_OFFSET_MS = 7 * 60 * 60 * 1000;

/** The UTC instant (ISO, ms precision, `Z`) of a Bangkok wall-clock date and `HH:mm` time. */
export function bangkokInstant(date: string, time: string): string {
  const { y, m, d } = parts(date);
  const t = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!t) throw new RangeError(`not an HH:mm time: ${time}`);
  return new Date(Date.UTC(y, m - 1, d, Number(t[1]), Number(t[2])) - BANGKOK_OFFSET_MS).toISOString();
}

/** Day of the week, 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  return new Date(utcMs(date)).getUTCDay();
}

/** Thai calendars start the week on Sunday (อาทิตย์). */
export const WEEK_STARTS_ON = 0;

const iso = (y: number, m: number, d: number): string =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** First and last day of the month `date` is in. */
export function monthBounds(date: string): { first: string; last: string } {
  const { y, m } = parts(date);
  return { first: iso(y, m, 1), last: iso(y, m, daysInMonth(y, m)) };
}

/**
 * The month `date` is in as weeks of seven days from Sunday: each cell an ISO date of that month, or null
 * before the 1st and after the last day.
 */
export function monthGrid(date: string): (string | null)[][] {
  const { first, last } = monthBounds(date);
  const lead = (dayOfWeek(first) - WEEK_STARTS_ON + 7) % 7;
  const cells: (string | null)[] = Array.from({ length: lead }, () => null);
  for (let d = first; d <= last; d = addDays(d, 1)) cells.push(d);
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** `date` moved into [min, max] (either bound may be absent). */
export function clampDate(date: string, min?: string, max?: string): string {
  if (min !== undefined && date < min) return min;
  if (max !== undefined && date > max) return max;
  return date;
}

/** Keys of the calendar grid (WAI-ARIA date picker dialog pattern). */
export type CalendarKey = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown' | 'PageUp' | 'PageDown' | 'Home' | 'End';

export function isCalendarKey(key: string): key is CalendarKey {
  return ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End'].includes(key);
}

/**
 * The day focused after a key in the calendar grid: arrows by a day or a week, PageUp/PageDown by a month
 * (with Shift by a year, the day clamped to the month's length), Home/End to the first/last day of the week.
 * The result is clamped to [min, max].
 */
export function calendarMove(date: string, key: CalendarKey, opts: { shift?: boolean; min?: string | undefined; max?: string | undefined } = {}): string {
  const months = opts.shift ? 12 : 1;
  const start = (dayOfWeek(date) - WEEK_STARTS_ON + 7) % 7;
  const next =
    key === 'ArrowLeft' ? addDays(date, -1)
    : key === 'ArrowRight' ? addDays(date, 1)
    : key === 'ArrowUp' ? addDays(date, -7)
    : key === 'ArrowDown' ? addDays(date, 7)
    : key === 'PageUp' ? addMonths(date, -months)
    : key === 'PageDown' ? addMonths(date, months)
    : key === 'Home' ? addDays(date, -start)
    : addDays(date, 6 - start);
  return clampDate(next, opts.min, opts.max);
}
