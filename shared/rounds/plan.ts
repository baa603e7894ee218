/**
 * The weekly-rounds auto-planner: plan(input) → visits per caregiver-day in route order, and every
 * requirement it could not meet (docs/domain.md §9). Pure and deterministic: the same input and seed give
 * the same plan, whatever the order of the input lists.
 *
 * Invariants (held by the property tests in plan.test.ts):
 * - Kept visits (locked ones always, published ones when options.keepPublished) are in the plan on their
 *   caregiver, date and time, even when a rule now says otherwise; that is then reported as
 *   kept_visit_conflict. A kept visit outside the week or naming an unknown caregiver is reported and not
 *   planned.
 * - Every new visit keeps every hard rule (slots.ts), and every route's timetable works (schedule.ts).
 * - For every resident, planned visits + missing visits reported = required visits (problem.ts): no visit
 *   is lost or planned twice.
 */
import { assign } from './assign';
import { diagnose } from './explain';
import { buildProblem, isOpen, mayVisit, type NeededVisit, type Problem } from './problem';
import { routeDay } from './route';
import { scheduleDay, type DayStop } from './schedule';
import type { SlotState } from './slots';
import type { DayRoute, ExistingVisit, KeptConflictRule, PlanInput, PlanOutput, PlannedVisit, RoundsCaregiver, UnmetItem } from './types';

function plannedVisit(p: Problem, stop: DayStop, caregiver: RoundsCaregiver, date: string, start: number, legKm: number): PlannedVisit {
  const v = p.visits[stop.visit] as NeededVisit;
  return {
    residentId: p.residents[v.resident]?.residentId ?? '',
    caregiverId: caregiver.id,
    date,
    start,
    minutes: stop.minutes,
    fixed: stop.fixedAt !== null,
    source: v.kept === null ? 'planned' : v.kept.visit.status,
    existingId: v.kept?.visit.id ?? null,
    legKm,
  };
}

function routes(p: Problem, state: SlotState): DayRoute[] {
  const out: DayRoute[] = [];
  const slots = [...state.slots.values()].filter((s) => s.stops.length > 0).sort((a, b) => a.caregiver - b.caregiver || a.day - b.day);
  for (const slot of slots) {
    const caregiver = p.caregivers[slot.caregiver] as RoundsCaregiver;
    const date = p.days[slot.day]?.date ?? '';
    const order = routeDay(slot.frame, slot.stops);
    const times = scheduleDay(slot.frame, order);
    out.push({
      caregiverId: caregiver.id,
      date,
      visits: order.map((s, i) => plannedVisit(p, s, caregiver, date, times.starts[i] as number, times.legsKm[i] ?? 0)),
      km: times.km,
      travelMinutes: times.travelMinutes,
    });
  }
  return out;
}

/** The rules a kept visit breaks where it is (the first one found). */
function keptConflict(p: Problem, state: SlotState, visit: number): KeptConflictRule | null {
  const v = p.visits[visit] as NeededVisit;
  if (v.kept === null || v.day === null) return null;
  const cg = p.caregivers[v.kept.caregiver] as RoundsCaregiver;
  const day = p.days[v.day];
  const r = p.residents[v.resident];
  if (day === undefined || r === undefined) return null;
  if (day.holiday !== null) return 'holiday';
  if (cg.leave.some((l) => l.date === day.date)) return 'leave';
  if (!isOpen(cg, day)) return 'not_working';
  if (!cg.communityIds.includes(r.communityId)) return 'community';
  if (!mayVisit(cg, r)) return 'skill';
  if ((state.weekCount[v.kept.caregiver] as number) > cg.weeklyVisitCap) return 'over_cap';
  const slot = state.slot(v.kept.caregiver, v.day);
  if (!scheduleDay(slot.frame, slot.stops).fits) return 'day_overrun';
  return null;
}

function unmet(p: Problem, state: SlotState): UnmetItem[] {
  const items: UnmetItem[] = [];
  const conflict = (resident: number, visit: ExistingVisit, rule: KeptConflictRule): void => {
    const residentId = p.residents[resident]?.residentId ?? '';
    items.push({ code: 'kept_visit_conflict', residentId, params: { existingId: visit.id, caregiverId: visit.caregiverId, date: visit.date, rule } });
  };
  for (const d of p.dropped) conflict(d.resident, d.visit, d.rule);
  state.byResident.forEach((visits, resident) => {
    for (const i of visits) {
      const rule = keptConflict(p, state, i);
      const kept = p.visits[i]?.kept;
      if (rule !== null && kept) conflict(resident, kept.visit, rule);
    }
    const missing = visits.filter((i) => state.at[i] === null);
    if (missing.length > 0) items.push(...diagnose(p, resident, missing, visits.length - missing.length));
  });
  return items;
}

export function plan(input: PlanInput): PlanOutput {
  const p = buildProblem(input);
  const state = assign(p);
  const dayRoutes = routes(p, state);
  return { visits: dayRoutes.flatMap((r) => r.visits), routes: dayRoutes, unmet: unmet(p, state) };
}
