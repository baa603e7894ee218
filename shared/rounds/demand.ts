/**
 * Next week's visit demand, read from the residents' care plans: the `ResidentDemand[]` the weekly-rounds
 * planner takes (types.ts PlanInput.residents), and the active residents it cannot be derived for, each with
 * a reason, never guessed (docs/domain.md §9, its paragraph on visit demand; §4 care plans).
 *
 * Rules (the tests hold each):
 * - Only residents with status `active` are considered; in hospital, moved or deceased residents need no home
 *   visit and are skipped silently. Deleted plans are ignored.
 * - The plan for the week is the one in force on its Sunday (carePlan.ts currentPlan: approved or active,
 *   started by then, the highest version). A plan past its review date still drives the visits (stopping
 *   them over paperwork would leave a dependent person unvisited); the resident is also listed in
 *   `reviewOverdue`, so the care manager reviews it.
 * - An active resident without a plan for the week is listed in `withoutPlan` with the first reason that
 *   holds: `plan_starts_later` (an approved or active plan starts after the Sunday);
 *   `plan_not_approved` (a draft or submitted plan); `plan_closed` (only superseded or closed plans);
 *   `no_plan`.
 * - Rounds plan the caregivers' visits: only activities performed by a caregiver need one
 *   (VISITING_PERFORMERS). The family's need none; a nurse or a volunteer keeps her own schedule, so her
 *   activities add neither visits, minutes nor skills to the caregiver's (carePlan.ts
 *   requiredVisitIntervalDays, which decides when ANY visit is overdue, counts them too).
 * - Visits a week = the highest `timesPerWeek` of those activities (the rate). A whole rate is the week's
 *   count; a fractional one (0.25 monthly, 0.5 fortnightly, 1.5) is spread over the weeks since the plan's
 *   start week, starting with a visit: week k of the plan gets ceil((k+1)·rate) − ceil(k·rate), so any run
 *   of weeks gets the rate on average. requiredVisitIntervalDays is not reused for the count: it gives a
 *   rounded gap in days (3 a week → 3 days), from which the count cannot be read back.
 * - Minutes a visit = Σ minutes × timesPerWeek ÷ rate over those activities: an activity done less often than
 *   the visits adds its minutes spread over all of them, so the week's visits together take its weekly
 *   minutes (bathing 3×30 and wound care 1×20 with 3 visits: 30 + 20/3). Rounded up to 5 minutes, at least
 *   MIN_VISIT_MINUTES (30); an activity without minutes adds none.
 * - Skills are those of the visiting activities (skills.ts); primary and backup caregivers are the plan's;
 *   the previous caregiver is the input's `lastVisitor` (the digest does not hold who made the latest visit).
 * - A resident whose plan asks no visit this week (family care only, a fortnightly plan's off week) is no
 *   demand but is listed in `noVisitThisWeek`, unless she already has visits this week: then she is a demand
 *   with `visits: 0`, so the planner keeps them.
 * - Fixed times come from `fixedTimes` until the plan record has a field for them; they are passed on as
 *   they are, as are the week's existing visits (sorted by id).
 * - Output: every active resident exactly once, in `demands`, `withoutPlan` or `noVisitThisWeek`, each list
 *   ordered by community then resident id (code-unit order, not locale), whatever the input order.
 * - Pure: no clock, no I/O; the same input gives the same output.
 */
import { currentPlan, isInForceStatus, type CarePlanActivity, type CarePlanData, type Performer } from '../carePlan';
import { addDays, dayOfWeek, daysBetween } from '../dates/calendar';
import type { ResidentStatus } from '../resident';
import { skillsForActivities } from './skills';
import type { ExistingVisit, FixedTime, ResidentDemand } from './types';

/** Performers whose activities the caregivers' rounds cover. */
export const VISITING_PERFORMERS: ReadonlySet<Performer> = new Set<Performer>(['caregiver']);
export const MIN_VISIT_MINUTES = 30;
export const VISIT_MINUTES_STEP = 5;
export const WITHOUT_PLAN_REASONS = ['plan_starts_later', 'plan_not_approved', 'plan_closed', 'no_plan'] as const;
export type WithoutPlanReason = (typeof WITHOUT_PLAN_REASONS)[number];

export interface DemandResident {
  id: string;
  /** For display (resident.ts residentFullName). */
  name: string;
  communityId: string;
  gps: { lat: number; lng: number } | null;
  status: ResidentStatus;
}

export type DemandActivity = Pick<CarePlanActivity, 'code' | 'timesPerWeek' | 'minutes' | 'performer'>;

/** A care plan as stored (any version, any status); stored records fit. */
export type DemandPlan = Pick<
  CarePlanData,
  'residentId' | 'version' | 'status' | 'startDate' | 'reviewDate' | 'approvedAt' | 'primaryCaregiverId' | 'backupCaregiverId'
> & { id: string; activities: readonly DemandActivity[]; deletedAt?: string | null };

export interface DemandInput {
  /** The Monday of the week. */
  weekStart: string;
  residents: readonly DemandResident[];
  /** Every version of the residents' plans; other residents' plans are ignored. */
  plans: readonly DemandPlan[];
  /** Resident id → the caregiver who made her latest visit. */
  lastVisitor?: ReadonlyMap<string, string>;
  /** Resident id → visits at set times (to come from the plan record). */
  fixedTimes?: ReadonlyMap<string, readonly FixedTime[]>;
  /** Resident id → her visits of this week already locked or published. */
  existing?: ReadonlyMap<string, readonly ExistingVisit[]>;
}

export interface WithoutPlan {
  residentId: string;
  reason: WithoutPlanReason;
  /** The plan the reason is about (the later, unapproved or newest closed one); null for no_plan. */
  planId: string | null;
  /** Her visits of this week already locked or published, which no demand carries to the planner. */
  existing: readonly ExistingVisit[];
}

/** A resident whose plan for the week asks no visit in it. */
export interface NoVisitThisWeek {
  residentId: string;
  planId: string;
}

/** A resident planned from a plan whose review date has passed. */
export interface ReviewOverdue {
  residentId: string;
  planId: string;
  reviewDate: string;
}

export interface WeekDemand {
  demands: ResidentDemand[];
  withoutPlan: WithoutPlan[];
  noVisitThisWeek: NoVisitThisWeek[];
  /** Residents (in `demands` or `noVisitThisWeek`) whose plan is past its review date by the week's Monday. */
  reviewOverdue: ReviewOverdue[];
}

const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const byCommunityThenResident = (a: { communityId: string; residentId: string }, b: { communityId: string; residentId: string }): number =>
  a.communityId !== b.communityId ? (a.communityId < b.communityId ? -1 : 1) : a.residentId < b.residentId ? -1 : a.residentId > b.residentId ? 1 : 0;

/** Quarter steps as whole numbers, so sums and ratios are exact (timesPerWeek is in quarter steps). */
const quarters = (timesPerWeek: number): number => Math.round(timesPerWeek * 4);

/** The activities that need a home visit. */
export function visitingActivities<A extends Pick<CarePlanActivity, 'performer'>>(activities: readonly A[]): A[] {
  return activities.filter((a) => VISITING_PERFORMERS.has(a.performer));
}

/** Visits a week the plan asks for, possibly fractional: the highest rate of a visiting activity; 0 if none. */
export function weeklyVisitRate(activities: readonly Pick<CarePlanActivity, 'performer' | 'timesPerWeek'>[]): number {
  return visitingActivities(activities).reduce((most, a) => Math.max(most, a.timesPerWeek), 0);
}

/** Whole weeks from the Monday of the week `startDate` is in to the Monday `weekStart` (negative if earlier). */
export function planWeekIndex(startDate: string, weekStart: string): number {
  const startMonday = addDays(startDate, -((dayOfWeek(startDate) + 6) % 7));
  return Math.floor(daysBetween(startMonday, weekStart) / 7);
}

/** Visits in week `weekIndex` of a plan with this rate: ceil((k+1)·rate) − ceil(k·rate); 0 before the plan. */
export function visitsInWeek(rate: number, weekIndex: number): number {
  if (weekIndex < 0) return 0;
  const q = quarters(rate);
  return Math.ceil(((weekIndex + 1) * q) / 4) - Math.ceil((weekIndex * q) / 4);
}

/**
 * Minutes a visit: Σ minutes × timesPerWeek ÷ rate over the visiting activities, rounded up to
 * VISIT_MINUTES_STEP, at least MIN_VISIT_MINUTES. Exact (integer quarters), so 3 × 10 minutes is 30, not 35.
 */
export function minutesPerVisit(activities: readonly Pick<CarePlanActivity, 'performer' | 'timesPerWeek' | 'minutes'>[]): number {
  const visiting = visitingActivities(activities);
  const rateQ = quarters(weeklyVisitRate(visiting));
  if (rateQ === 0) return MIN_VISIT_MINUTES;
  const weeklyQuarterMinutes = visiting.reduce((sum, a) => sum + quarters(a.timesPerWeek) * (a.minutes ?? 0), 0);
  const stepped = Math.ceil(weeklyQuarterMinutes / (rateQ * VISIT_MINUTES_STEP)) * VISIT_MINUTES_STEP;
  return Math.max(MIN_VISIT_MINUTES, stepped);
}

export type PlanForWeek<P extends DemandPlan> = { ok: true; plan: P } | { ok: false; reason: WithoutPlanReason; planId: string | null };

/** The plan of one resident that drives the week starting `weekStart`, or why there is none. */
export function planForWeek<P extends DemandPlan>(plans: readonly P[], weekStart: string): PlanForWeek<P> {
  const live = plans.filter((p) => p.deletedAt === undefined || p.deletedAt === null);
  const sunday = addDays(weekStart, 6);
  const inForce = currentPlan(live, sunday);
  if (inForce !== null) return { ok: true, plan: inForce };
  const newest = (ps: readonly P[]): string | null => ps.reduce<P | null>((b, p) => (b === null || p.version > b.version || (p.version === b.version && p.id > b.id) ? p : b), null)?.id ?? null;
  const later = live.filter((p) => isInForceStatus(p.status) && p.startDate > sunday);
  if (later.length > 0) return { ok: false, reason: 'plan_starts_later', planId: newest(later) };
  const pending = live.filter((p) => p.status === 'draft' || p.status === 'submitted');
  if (pending.length > 0) return { ok: false, reason: 'plan_not_approved', planId: newest(pending) };
  if (live.length > 0) return { ok: false, reason: 'plan_closed', planId: newest(live) };
  return { ok: false, reason: 'no_plan', planId: null };
}

/** The demand of the week starting `input.weekStart` (a Monday), and the active residents without a plan for it. */
export function weekDemand(input: DemandInput): WeekDemand {
  if (dayOfWeek(input.weekStart) !== 1) throw new RangeError(`a planning week starts on a Monday: ${input.weekStart}`);
  const plansOf = new Map<string, DemandPlan[]>();
  for (const p of input.plans) {
    const list = plansOf.get(p.residentId);
    if (list) list.push(p);
    else plansOf.set(p.residentId, [p]);
  }
  const seen = new Set<string>();
  const demands: ResidentDemand[] = [];
  const withoutPlan: (WithoutPlan & { communityId: string })[] = [];
  const noVisit: (NoVisitThisWeek & { communityId: string })[] = [];
  const overdue: (ReviewOverdue & { communityId: string })[] = [];
  for (const r of input.residents) {
    if (seen.has(r.id)) throw new RangeError(`resident listed twice: ${r.id}`);
    seen.add(r.id);
    if (r.status !== 'active') continue;
    const existing = [...(input.existing?.get(r.id) ?? [])].sort(byId);
    const found = planForWeek(plansOf.get(r.id) ?? [], input.weekStart);
    if (!found.ok) {
      withoutPlan.push({ residentId: r.id, reason: found.reason, planId: found.planId, existing, communityId: r.communityId });
      continue;
    }
    const plan = found.plan;
    if (plan.reviewDate < input.weekStart) overdue.push({ residentId: r.id, planId: plan.id, reviewDate: plan.reviewDate, communityId: r.communityId });
    const visiting = visitingActivities(plan.activities);
    const visits = visitsInWeek(weeklyVisitRate(visiting), planWeekIndex(plan.startDate, input.weekStart));
    if (visits === 0 && existing.length === 0) {
      noVisit.push({ residentId: r.id, planId: plan.id, communityId: r.communityId });
      continue;
    }
    demands.push({
      residentId: r.id,
      name: r.name,
      communityId: r.communityId,
      location: r.gps === null ? null : { lat: r.gps.lat, lon: r.gps.lng },
      visits,
      minutesPerVisit: minutesPerVisit(visiting),
      skills: skillsForActivities(visiting.map((a) => a.code)),
      fixedTimes: [...(input.fixedTimes?.get(r.id) ?? [])],
      primaryCaregiverId: plan.primaryCaregiverId,
      backupCaregiverId: plan.backupCaregiverId,
      previousCaregiverId: input.lastVisitor?.get(r.id) ?? null,
      existing,
    });
  }
  demands.sort(byCommunityThenResident);
  withoutPlan.sort(byCommunityThenResident);
  noVisit.sort(byCommunityThenResident);
  overdue.sort(byCommunityThenResident);
  return {
    demands,
    withoutPlan: withoutPlan.map(({ communityId: _c, ...w }) => w),
    noVisitThisWeek: noVisit.map(({ communityId: _c, ...n }) => n),
    reviewOverdue: overdue.map(({ communityId: _c, ...o }) => o),
  };
}
