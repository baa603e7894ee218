/**
 * The planner's view of a PlanInput: the week's seven days, who may work when, who may visit whom, and every
 * visit the week needs, kept ones included. Built once per plan() call; everything later indexes into it.
 *
 * Invariants:
 * - Caregivers and residents are taken in id order and visits numbered from that, so the plan never depends
 *   on the order of the input lists (only on its content and the seed).
 * - A resident needs max(visits, kept visits) visits: every kept visit stays (docs/domain.md §9); fixed
 *   times are met first by kept visits on their weekday, the rest of the demand is new visits, fixed ones
 *   first. `required` = kept + new, so planned + missing = required for every resident.
 * - A caregiver-day is open when it is one of her working days, not a holiday and not on her leave.
 */
import { addDays, daysBetween, dayOfWeek } from '../dates/calendar';
import type { Travel } from './geo';
import type { DayFrame } from './schedule';
import { DEFAULT_PLAN_OPTIONS, type ExistingVisit, type Holiday, type LatLon, type PlanInput, type PlanOptions, type ResidentDemand, type RoundsCaregiver } from './types';

export const WEEK_DAYS = 7;

export interface WeekDay {
  date: string;
  weekday: number;
  holiday: Holiday | null;
}

export interface NeededVisit {
  resident: number;
  /** Day index (0 = Monday) of a fixed-time visit or a kept one; null for a new flexible visit. */
  day: number | null;
  fixedAt: number | null;
  /** The kept visit, with its caregiver's index. */
  kept: { visit: ExistingVisit; caregiver: number } | null;
}

export interface Problem {
  options: PlanOptions;
  travel: Travel;
  days: WeekDay[];
  caregivers: RoundsCaregiver[];
  caregiverIndex: ReadonlyMap<string, number>;
  residents: ResidentDemand[];
  /** Where each resident is visited: her GPS, else her community's centre. */
  locations: LatLon[];
  /** open[c][d]: caregiver c may work on day d. */
  open: boolean[][];
  /** Caregivers (indices) of the resident's community with every skill she needs, for each resident. */
  eligible: number[][];
  required: number[];
  visits: NeededVisit[];
  /** Kept visits that fall outside the week or name an unknown caregiver: reported, not planned. */
  dropped: { resident: number; visit: ExistingVisit; rule: 'outside_week' | 'unknown_caregiver' }[];
}

const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function weekDays(weekStart: string, holidays: readonly Holiday[]): WeekDay[] {
  if (dayOfWeek(weekStart) !== 1) throw new RangeError(`a planning week starts on a Monday: ${weekStart}`);
  const byDate = new Map(holidays.map((h) => [h.date, h]));
  return Array.from({ length: WEEK_DAYS }, (_, i) => {
    const date = addDays(weekStart, i);
    return { date, weekday: dayOfWeek(date), holiday: byDate.get(date) ?? null };
  });
}

export function isOpen(cg: RoundsCaregiver, day: WeekDay): boolean {
  return day.holiday === null && cg.workingDays.includes(day.weekday) && !cg.leave.some((l) => l.date === day.date);
}

/** Community and skills: whether she may visit this resident at all. */
export function mayVisit(cg: RoundsCaregiver, r: ResidentDemand): boolean {
  return cg.communityIds.includes(r.communityId) && r.skills.every((s) => cg.skills.includes(s));
}

export function dayFrame(p: Problem, caregiver: number): DayFrame {
  const cg = p.caregivers[caregiver] as RoundsCaregiver;
  return { base: cg.base, hours: cg.hours, travel: p.travel };
}

function keptOf(r: ResidentDemand, keepPublished: boolean): ExistingVisit[] {
  return r.existing.filter((e) => e.status === 'locked' || keepPublished).sort(byId);
}

/** The resident's visits: kept ones, then new fixed-time ones, then new flexible ones. */
function neededVisits(p: Problem, ri: number, weekStart: string): NeededVisit[] {
  const r = p.residents[ri] as ResidentDemand;
  const out: NeededVisit[] = [];
  const unmatched = [...r.fixedTimes].sort((a, b) => a.weekday - b.weekday || a.minute - b.minute);
  for (const visit of keptOf(r, p.options.keepPublished)) {
    const day = daysBetween(weekStart, visit.date);
    const caregiver = p.caregiverIndex.get(visit.caregiverId);
    if (day < 0 || day >= WEEK_DAYS) p.dropped.push({ resident: ri, visit, rule: 'outside_week' });
    else if (caregiver === undefined) p.dropped.push({ resident: ri, visit, rule: 'unknown_caregiver' });
    else {
      const f = unmatched.findIndex((ft) => ft.weekday === p.days[day]?.weekday);
      if (f >= 0) unmatched.splice(f, 1);
      out.push({ resident: ri, day, fixedAt: visit.minute, kept: { visit, caregiver } });
    }
  }
  const fresh = Math.max(0, r.visits - out.length);
  const fixed = unmatched.slice(0, fresh);
  for (const ft of fixed) out.push({ resident: ri, day: p.days.findIndex((d) => d.weekday === ft.weekday), fixedAt: ft.minute, kept: null });
  for (let i = fixed.length; i < fresh; i++) out.push({ resident: ri, day: null, fixedAt: null, kept: null });
  return out;
}

function locationOf(r: ResidentDemand, centres: ReadonlyMap<string, LatLon>): LatLon {
  const at = r.location ?? centres.get(r.communityId);
  if (at === undefined) throw new RangeError(`resident ${r.residentId} has no location and community ${r.communityId} no centre`);
  return at;
}

/** Per resident, the indices (ascending) of the caregivers who may visit her: mayVisit, looked up by community. */
function eligibleCaregivers(caregivers: readonly RoundsCaregiver[], residents: readonly ResidentDemand[]): number[][] {
  const byCommunity = new Map<string, number[]>();
  caregivers.forEach((c, i) => {
    for (const id of new Set(c.communityIds)) {
      const list = byCommunity.get(id);
      if (list === undefined) byCommunity.set(id, [i]);
      else list.push(i);
    }
  });
  return residents.map((r) => (byCommunity.get(r.communityId) ?? []).filter((i) => mayVisit(caregivers[i] as RoundsCaregiver, r)));
}

export function buildProblem(input: PlanInput): Problem {
  const options: PlanOptions = { ...DEFAULT_PLAN_OPTIONS, ...input.options };
  const caregivers = [...input.caregivers].sort(byId);
  const residents = [...input.residents].sort((a, b) => (a.residentId < b.residentId ? -1 : a.residentId > b.residentId ? 1 : 0));
  const centres = new Map(input.communities.map((c) => [c.id, c.centre]));
  const days = weekDays(input.weekStart, input.holidays);
  const p: Problem = {
    options,
    travel: { detourFactor: options.detourFactor, speedKmh: options.speedKmh },
    days,
    caregivers,
    caregiverIndex: new Map(caregivers.map((c, i) => [c.id, i])),
    residents,
    locations: residents.map((r) => locationOf(r, centres)),
    open: caregivers.map((c) => days.map((d) => isOpen(c, d))),
    eligible: eligibleCaregivers(caregivers, residents),
    required: [],
    visits: [],
    dropped: [],
  };
  residents.forEach((_, ri) => {
    const needed = neededVisits(p, ri, input.weekStart);
    p.required.push(needed.length);
    p.visits.push(...needed);
  });
  return p;
}
