/**
 * Day arithmetic on Bangkok calendar dates (YYYY-MM-DD strings). Pure UTC arithmetic on the date's fields,
 * so results never depend on the machine's time zone. (Candidates to move into thaiDate.ts.)
 *
 * Invariant: addMonths never rolls into the next month: 31 Aug + 6 months = 28 Feb (29 in leap years).
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
