/**
 * The staff page's pure logic (docs/domain.md §9 weekly rounds): which caregivers it lists, how a caregiver's
 * availability is summed up, her upcoming leave, a year's holidays and which default holidays a year still
 * lacks. No React, no Dexie: unit-tested in node.
 *
 * Invariants:
 * - A caregiver without an availability record is shown with `defaultAvailability` (what the planner assumes),
 *   marked as not set; a stored record is shown as stored.
 * - Deleted (tombstoned) leave and holidays are never listed nor counted as present.
 * - Default holidays are added by date: a year's default whose date already has a holiday (whatever its
 *   name) is not added again.
 */
import type { DirectoryUser } from '../../../shared/sync/directory';
import { ENGLISH_WEEKDAYS_SHORT, THAI_WEEKDAYS_SHORT, type Locale } from '../../../shared/dates/thaiDate';
import { jsonEqual } from '../../../shared/json';
import { defaultAvailability, minuteText } from '../../../shared/rounds/availability';
import { DEFAULT_HOLIDAYS } from '../../../shared/rounds/holidays';
import type { AvailabilityData, HolidayData, LeaveData } from '../../../shared/rounds/recordsSchema';
import { SKILLS } from '../../../shared/rounds/skills';
import { compareThai } from '../../../shared/text/normalise';

/** Active caregivers of the directory, in Thai name order. */
export function activeCaregivers<U extends Pick<DirectoryUser, 'id' | 'displayName' | 'role' | 'active'>>(directory: readonly U[]): U[] {
  return directory.filter((u) => u.role === 'caregiver' && u.active).sort((a, b) => compareThai(a.displayName, b.displayName) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Working days as short weekday names from Sunday (Thai calendars start on Sunday); three or more days in a
 * row are written as a range: `จ.–ศ.`, `อา. พ. ส.`.
 */
export function weekdaysText(days: readonly number[], locale: Locale): string {
  const names = locale === 'th' ? THAI_WEEKDAYS_SHORT : ENGLISH_WEEKDAYS_SHORT;
  const sorted = [...new Set(days)].filter((d) => d >= 0 && d <= 6).sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] ?? 0) + 1) j++;
    const first = names[sorted[i] ?? 0];
    const last = names[sorted[j] ?? 0];
    if (j - i >= 2) parts.push(`${first}–${last}`);
    else for (let k = i; k <= j; k++) parts.push(names[sorted[k] ?? 0] ?? '');
    i = j + 1;
  }
  return parts.join(' ');
}

export interface AvailabilitySummary {
  /** False: no record, the planner's default is shown. */
  set: boolean;
  days: string;
  hours: string;
  cap: number;
  /** Skill labels in the language asked, in SKILLS order (unknown codes as they are). */
  skills: string[];
  hasBase: boolean;
}

/** Labels of skill codes, in SKILLS order, unknown codes last as stored. */
export function skillLabels(codes: readonly string[], locale: Locale): string[] {
  const known = SKILLS.filter((s) => codes.includes(s.code)).map((s) => (locale === 'th' ? s.th : s.en));
  const unknown = codes.filter((c) => !SKILLS.some((s) => s.code === c));
  return [...known, ...unknown];
}

export function availabilitySummary(userId: string, stored: AvailabilityData | undefined, locale: Locale): AvailabilitySummary {
  const a = stored ?? defaultAvailability(userId);
  return {
    set: stored !== undefined,
    days: weekdaysText(a.workingDays, locale),
    hours: `${minuteText(a.startMinute)}–${minuteText(a.endMinute)}`,
    cap: a.weeklyVisitCap,
    skills: skillLabels(a.skills, locale),
    hasBase: a.base !== null,
  };
}

type Live = { deletedAt: string | null };

/** Her leave that has not ended by `today`, by start date. */
export function upcomingLeave<L extends LeaveData & Live & { id: string }>(leaves: readonly L[], userId: string, today: string): L[] {
  return leaves.filter((l) => l.deletedAt === null && l.userId === userId && l.to >= today).sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.id < b.id ? -1 : 1));
}

/** Every leave of hers (not deleted), latest first. */
export function leaveOf<L extends LeaveData & Live & { id: string }>(leaves: readonly L[], userId: string): L[] {
  return leaves.filter((l) => l.deletedAt === null && l.userId === userId).sort((a, b) => (a.from > b.from ? -1 : a.from < b.from ? 1 : a.id < b.id ? -1 : 1));
}

/** The year's holidays (not deleted), by date. */
export function holidaysOfYear<H extends HolidayData & Live & { id: string }>(holidays: readonly H[], year: number): H[] {
  const prefix = `${String(year).padStart(4, '0')}-`;
  return holidays.filter((h) => h.deletedAt === null && h.date.startsWith(prefix)).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1));
}

/** The years the default list covers. */
export function defaultHolidayYears(): number[] {
  return [...new Set(DEFAULT_HOLIDAYS.map((h) => Number(h.date.slice(0, 4))))].sort((a, b) => a - b);
}

/** The defaults of `year` whose date has no holiday yet (deleted ones do not count), in date order. */
export function missingDefaultHolidays(holidays: readonly (HolidayData & Live)[], year: number): HolidayData[] {
  const taken = new Set(holidays.filter((h) => h.deletedAt === null).map((h) => h.date));
  return DEFAULT_HOLIDAYS.filter((h) => h.date.startsWith(`${year}-`) && !taken.has(h.date)).map((h) => ({ date: h.date, nameTh: h.nameTh, nameEn: h.nameEn }));
}

/** The fields of `next` that differ from `stored` (JSON equality): what a patch sends. */
export function changedFields<T extends object>(stored: T, next: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(next) as (keyof T)[]) {
    if (!jsonEqual(stored[key], next[key])) out[key] = next[key];
  }
  return out;
}
