/**
 * A planning week's input from what a care manager's device holds (docs/domain.md §9): the caregivers of the
 * user directory with their availability (or the default a caregiver without one is planned with), their
 * leave, the week's holidays, the residents' demand (demand.ts) and the communities' centres. Pure: the page
 * reads the stores and hands the records here.
 *
 * Rules:
 * - Only active caregivers are planned; their communities are the directory's.
 * - A caregiver without an availability record is planned Monday to Friday, 08:30–16:30, at most 30 visits a
 *   week, with no skills (availability.ts defaultAvailability): the planner never guesses a skill.
 * - Leave is expanded to its days within the week.
 * - Holidays are the municipality's records for the week when it has any for that year; a year without one
 *   uses the built-in list (holidays.ts), so a new server still plans around Songkran.
 * - A community's centre, which stands in for homes without GPS, is the mean of its residents' GPS; a
 *   community without any is at the municipality's centre (MUNICIPALITY_CENTRE).
 * - Existing round visits of the week: locked ones are `locked`, published ones `published`; drafts are the
 *   planner's own earlier proposal, replaced by a new run (not passed in).
 */
import { addDays, dayOfWeek } from '../dates/calendar';
import { defaultAvailability } from './availability';
import { DEFAULT_HOLIDAYS } from './holidays';
import type { AvailabilityData, HolidayData, LeaveData, RoundVisitData } from './recordsSchema';
import type { Community, ExistingVisit, Holiday, LatLon, PlanInput, PlanOptions, ResidentDemand, RoundsCaregiver } from './types';

/** Thanyaburi municipality, Pathum Thani: where a community without any located home is placed. */
export const MUNICIPALITY_CENTRE: LatLon = { lat: 14.0208, lon: 100.7258 };

export interface WeekCaregiver {
  id: string;
  displayName: string;
  communities: readonly string[];
  active: boolean;
}

export interface WeekCommunity {
  id: string;
  name: string;
}

export interface WeekRecords {
  weekStart: string;
  /** The directory's caregivers (other roles are ignored by the caller). */
  caregivers: readonly WeekCaregiver[];
  availability: readonly AvailabilityData[];
  leaves: readonly LeaveData[];
  holidays: readonly HolidayData[];
  communities: readonly WeekCommunity[];
  /** Residents' GPS by community, for the centres. */
  locations: readonly { communityId: string; gps: { lat: number; lng: number } | null }[];
  /** demand.ts weekDemand(...).demands, without their existing visits. */
  demands: readonly ResidentDemand[];
  /** The week's round visits as stored, with their record ids. */
  rounds: readonly (RoundVisitData & { id: string })[];
  options?: Partial<PlanOptions>;
}

/** The Monday of the week `date` is in. */
export function mondayOf(date: string): string {
  return addDays(date, -((dayOfWeek(date) + 6) % 7));
}

/** The days of the week starting `weekStart`. */
export function weekDates(weekStart: string): string[] {
  return Array.from({ length: 7 }, (_, i) => addDays(weekStart, i));
}

export function holidaysOfWeek(weekStart: string, stored: readonly HolidayData[]): Holiday[] {
  const days = new Set(weekDates(weekStart));
  const years = new Set([...days].map((d) => d.slice(0, 4)));
  const out: Holiday[] = [];
  for (const year of years) {
    const own = stored.filter((h) => h.date.startsWith(year));
    const source = own.length > 0 ? own : DEFAULT_HOLIDAYS.filter((h) => h.date.startsWith(year));
    for (const h of source) if (days.has(h.date)) out.push({ date: h.date, nameTh: h.nameTh, nameEn: h.nameEn });
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

export function communityCentres(communities: readonly WeekCommunity[], locations: WeekRecords['locations']): Community[] {
  const sums = new Map<string, { lat: number; lon: number; n: number }>();
  for (const l of locations) {
    if (l.gps === null) continue;
    const s = sums.get(l.communityId) ?? { lat: 0, lon: 0, n: 0 };
    sums.set(l.communityId, { lat: s.lat + l.gps.lat, lon: s.lon + l.gps.lng, n: s.n + 1 });
  }
  return communities.map((c) => {
    const s = sums.get(c.id);
    return { id: c.id, name: c.name, centre: s === undefined ? { ...MUNICIPALITY_CENTRE } : { lat: s.lat / s.n, lon: s.lon / s.n } };
  });
}

function caregiverOf(c: WeekCaregiver, availability: ReadonlyMap<string, AvailabilityData>, leaves: readonly LeaveData[], days: readonly string[]): RoundsCaregiver {
  const a = availability.get(c.id) ?? defaultAvailability(c.id);
  const leave = leaves
    .filter((l) => l.userId === c.id)
    .flatMap((l) => days.filter((d) => d >= l.from && d <= l.to).map((date) => ({ date, reason: l.reason })));
  return {
    id: c.id,
    name: c.displayName,
    communityIds: [...c.communities],
    skills: [...a.skills],
    workingDays: [...a.workingDays],
    hours: { start: a.startMinute, end: a.endMinute },
    weeklyVisitCap: a.weeklyVisitCap,
    leave,
    base: a.base === null ? null : { lat: a.base.lat, lon: a.base.lng },
  };
}

/** The week's stored round visits the planner must keep: locked ones, and published ones. */
export function keptVisits(rounds: WeekRecords['rounds']): Map<string, ExistingVisit[]> {
  const out = new Map<string, ExistingVisit[]>();
  for (const r of rounds) {
    if (r.status === 'cancelled' || (r.status === 'draft' && !r.locked)) continue;
    const e: ExistingVisit = { id: r.id, caregiverId: r.caregiverId, date: r.date, minute: r.minute, status: r.locked ? 'locked' : 'published' };
    out.set(r.residentId, [...(out.get(r.residentId) ?? []), e]);
  }
  return out;
}

export function planInputFor(w: WeekRecords): PlanInput {
  const days = weekDates(w.weekStart);
  const availability = new Map(w.availability.map((a) => [a.userId, a]));
  const kept = keptVisits(w.rounds);
  return {
    weekStart: w.weekStart,
    caregivers: w.caregivers.filter((c) => c.active).map((c) => caregiverOf(c, availability, w.leaves, days)),
    communities: communityCentres(w.communities, w.locations),
    holidays: holidaysOfWeek(w.weekStart, w.holidays),
    residents: w.demands.map((d) => ({ ...d, existing: kept.get(d.residentId) ?? [] })),
    ...(w.options === undefined ? {} : { options: w.options }),
  };
}
