/**
 * A caregiver's availability when none is recorded, and the small time helpers that go with it
 * (docs/domain.md §9, docs/sync-protocol.md §8 "Weekly rounds").
 *
 * Invariants:
 * - `defaultAvailability(userId)` is what the planner assumes for a caregiver without an availability record
 *   and what the staff page shows as "not set": Monday to Friday, 08:30–16:30, 30 visits a week, no skills,
 *   no base. It is valid under `availabilityDataSchema` and a fresh object on every call (callers may edit it).
 * - Minutes are minutes after midnight (0–1440); `minuteText` writes them as `HH:MM` (1440 as `24:00`), and
 *   `parseHhmm` reads `HH:MM` or `HH.MM` (the Thai way, `08.30`), Thai digits too, and nothing else.
 * - Pure: no zod, no dates of the device, so the planner loads it cheaply.
 */
import type { AvailabilityData } from './recordsSchema';

/** 0 = Sunday … 6 = Saturday: Monday to Friday. */
export const DEFAULT_WORKING_DAYS: readonly number[] = [1, 2, 3, 4, 5];
/** 08:30. */
export const DEFAULT_START_MINUTE = 8 * 60 + 30;
/** 16:30. */
export const DEFAULT_END_MINUTE = 16 * 60 + 30;
export const DEFAULT_WEEKLY_VISIT_CAP = 30;

/** What the planner assumes for a caregiver with no availability record. */
export function defaultAvailability(userId: string): AvailabilityData {
  return {
    userId,
    skills: [],
    workingDays: [...DEFAULT_WORKING_DAYS],
    startMinute: DEFAULT_START_MINUTE,
    endMinute: DEFAULT_END_MINUTE,
    weeklyVisitCap: DEFAULT_WEEKLY_VISIT_CAP,
    base: null,
  };
}

/** `HH:MM` for minutes after midnight. */
export function minuteText(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

const THAI_ZERO = 0x0e50;

/** Minutes after midnight for `8:30`, `08:30`, `08.30` or `๐๘:๓๐`; null for anything else (24:00 is the end of the day). */
export function parseHhmm(text: string): number | null {
  const ascii = text.trim().replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - THAI_ZERO));
  const m = /^(\d{1,2})[:.](\d{2})$/.exec(ascii);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min !== 0)) return null;
  return h * 60 + min;
}
