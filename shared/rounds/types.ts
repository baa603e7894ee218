/**
 * The weekly-rounds planner's input and output: what a care manager's device feeds it (caregivers, residents'
 * demand for next week, holidays, visits already published or locked) and what it returns (visits per
 * caregiver-day in route order, and every requirement it could not meet, as a structured item).
 *
 * Conventions, so the shapes can be filled from synced records later (docs/domain.md §4, §5, §7, §9):
 * - ids are the records' UUID strings; communities are the register's ids (`c-01` …);
 * - dates are Bangkok calendar dates `YYYY-MM-DD`; weekdays are 0 = Sunday … 6 = Saturday (as
 *   shared/dates/calendar.ts dayOfWeek); times are minutes after midnight;
 * - a planning week runs Monday to Sunday and is named by its Monday.
 */

export interface LatLon {
  lat: number;
  lon: number;
}

/** Minutes after midnight, start inclusive, end exclusive of any work. */
export interface WorkingHours {
  start: number;
  end: number;
}

export interface Leave {
  date: string;
  reason: string;
}

export interface RoundsCaregiver {
  id: string;
  name: string;
  communityIds: readonly string[];
  /** Skill codes (e.g. `insulin`, `wound`, `ng_tube`); a visit needs every skill its resident requires. */
  skills: readonly string[];
  /** Weekdays she works, 0 = Sunday … 6 = Saturday. */
  workingDays: readonly number[];
  hours: WorkingHours;
  /** Most visits she makes in the week, kept visits included. */
  weeklyVisitCap: number;
  leave: readonly Leave[];
  /** Where her day starts; null: her first visit. */
  base: LatLon | null;
}

export interface Holiday {
  date: string;
  nameTh: string;
  nameEn: string;
}

export interface Community {
  id: string;
  name: string;
  /** Stands in for a resident's home when the register has no GPS for it. */
  centre: LatLon;
}

/** A visit that must happen at a set time (insulin at 08:00 on Monday: weekday 1, minute 480). */
export interface FixedTime {
  weekday: number;
  minute: number;
}

/**
 * A visit of next week that already exists. `locked` never moves; `published` (already sent to the
 * caregiver) moves only when the caller does not keep published visits. A kept visit with a time is
 * routed at that time.
 */
export interface ExistingVisit {
  id: string;
  caregiverId: string;
  date: string;
  minute: number | null;
  status: 'locked' | 'published';
}

export interface ResidentDemand {
  residentId: string;
  name: string;
  communityId: string;
  location: LatLon | null;
  /** Visits required this week, existing ones included. */
  visits: number;
  minutesPerVisit: number;
  skills: readonly string[];
  /** Some of the required visits at set times (each counts as one of `visits`). */
  fixedTimes: readonly FixedTime[];
  primaryCaregiverId: string | null;
  backupCaregiverId: string | null;
  /** Who visited her last. */
  previousCaregiverId: string | null;
  existing: readonly ExistingVisit[];
}

export interface PlanOptions {
  seed: number;
  /** Road distance ÷ straight-line distance. */
  detourFactor: number;
  speedKmh: number;
  /** Keep published visits where they are (locked ones are always kept). */
  keepPublished: boolean;
}

export const DEFAULT_PLAN_OPTIONS: Readonly<PlanOptions> = { seed: 1, detourFactor: 1.3, speedKmh: 25, keepPublished: true };

export interface PlanInput {
  /** The Monday of the week planned. */
  weekStart: string;
  caregivers: readonly RoundsCaregiver[];
  communities: readonly Community[];
  holidays: readonly Holiday[];
  residents: readonly ResidentDemand[];
  options?: Partial<PlanOptions>;
}

/** Where a planned visit came from: kept from the existing rounds, or placed by this run. */
export type VisitSource = 'locked' | 'published' | 'planned';

export interface PlannedVisit {
  residentId: string;
  caregiverId: string;
  date: string;
  /** Planned start, minutes after midnight. */
  start: number;
  minutes: number;
  /** Must start exactly at `start` (a fixed-time visit or a kept visit with a time). */
  fixed: boolean;
  source: VisitSource;
  /** The existing visit's id for kept visits; null for new ones. */
  existingId: string | null;
  /** Road km driven to get here from the previous stop (or her base). */
  legKm: number;
}

/** One caregiver-day in visiting order. Travel is from her base (or first visit) to the last visit. */
export interface DayRoute {
  caregiverId: string;
  date: string;
  visits: PlannedVisit[];
  km: number;
  travelMinutes: number;
}

export const UNMET_CODES = [
  'no_caregiver_in_community',
  'no_skill',
  'no_working_day',
  'fixed_time_on_holiday',
  'fixed_time_outside_hours',
  'not_enough_capacity',
  'kept_visit_conflict',
] as const;
export type UnmetCode = (typeof UNMET_CODES)[number];

/**
 * A requirement not met, or a kept visit that breaks a rule, with what a sentence needs (explain.ts).
 * `missing` visits of a resident are never planned; a kept visit's conflict is reported, the visit kept.
 */
export type UnmetItem =
  | { code: 'no_caregiver_in_community'; residentId: string; params: { communityId: string; missing: number } }
  | { code: 'no_skill'; residentId: string; params: { communityId: string; skills: string[]; missing: number } }
  | { code: 'no_working_day'; residentId: string; params: { communityId: string; date: string | null; missing: number } }
  | { code: 'fixed_time_on_holiday'; residentId: string; params: { date: string; minute: number; holiday: string; missing: number } }
  | { code: 'fixed_time_outside_hours'; residentId: string; params: { date: string; minute: number; missing: number } }
  | { code: 'not_enough_capacity'; residentId: string; params: { communityId: string; required: number; planned: number; missing: number; caregivers: number; openDays: number } }
  | { code: 'kept_visit_conflict'; residentId: string; params: { existingId: string; caregiverId: string; date: string; rule: KeptConflictRule } };

export type KeptConflictRule = 'leave' | 'holiday' | 'not_working' | 'community' | 'skill' | 'unknown_caregiver' | 'outside_week' | 'over_cap' | 'day_overrun';

export interface PlanOutput {
  visits: PlannedVisit[];
  routes: DayRoute[];
  unmet: UnmetItem[];
}
