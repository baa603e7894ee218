/**
 * An independent statement of the planner's hard rules over a finished plan, read from the input alone (not
 * from the planner's own structures): the tests hold every plan to it, and a later manual-edit screen can
 * check a changed plan with it. Kept visits are exempt from the placement rules (they never move; plan.ts
 * reports their conflicts), not from the accounting.
 */
import { addDays, dayOfWeek } from '../dates/calendar';
import { scheduleDay } from './schedule';
import { DEFAULT_PLAN_OPTIONS, type PlanInput, type PlanOutput, type RoundsCaregiver } from './types';

export type Violation =
  | { rule: 'outside_week' | 'holiday' | 'leave' | 'not_working' | 'community' | 'skill' | 'unknown'; residentId: string; caregiverId: string; date: string }
  | { rule: 'fixed_time'; residentId: string; caregiverId: string; date: string; start: number }
  | { rule: 'over_cap'; caregiverId: string; visits: number }
  | { rule: 'hours' | 'timetable'; caregiverId: string; date: string }
  | { rule: 'accounting'; residentId: string; planned: number; missing: number; required: number };

/** Everything in `output` that breaks a hard rule of `input`; empty for a valid plan. */
export function violations(input: PlanInput, output: PlanOutput): Violation[] {
  const out: Violation[] = [];
  const options = { ...DEFAULT_PLAN_OPTIONS, ...input.options };
  const cgs = new Map(input.caregivers.map((c) => [c.id, c]));
  const residents = new Map(input.residents.map((r) => [r.residentId, r]));
  const holidays = new Set(input.holidays.map((h) => h.date));
  const last = addDays(input.weekStart, 6);
  const perCaregiver = new Map<string, number>();
  for (const v of output.visits) {
    perCaregiver.set(v.caregiverId, (perCaregiver.get(v.caregiverId) ?? 0) + 1);
    if (v.source !== 'planned') continue;
    const cg = cgs.get(v.caregiverId);
    const r = residents.get(v.residentId);
    const at = { residentId: v.residentId, caregiverId: v.caregiverId, date: v.date };
    if (cg === undefined || r === undefined) out.push({ rule: 'unknown', ...at });
    else if (v.date < input.weekStart || v.date > last) out.push({ rule: 'outside_week', ...at });
    else if (holidays.has(v.date)) out.push({ rule: 'holiday', ...at });
    else if (cg.leave.some((l) => l.date === v.date)) out.push({ rule: 'leave', ...at });
    else if (!cg.workingDays.includes(dayOfWeek(v.date))) out.push({ rule: 'not_working', ...at });
    else if (!cg.communityIds.includes(r.communityId)) out.push({ rule: 'community', ...at });
    else if (!r.skills.every((s) => cg.skills.includes(s))) out.push({ rule: 'skill', ...at });
    else if (v.fixed && !r.fixedTimes.some((f) => f.weekday === dayOfWeek(v.date) && f.minute === v.start)) out.push({ rule: 'fixed_time', ...at, start: v.start });
  }
  for (const [id, visits] of perCaregiver) {
    const cg = cgs.get(id);
    if (cg !== undefined && visits > cg.weeklyVisitCap && keptOnly(output, id) < visits) out.push({ rule: 'over_cap', caregiverId: id, visits });
  }
  // A day whose kept visits already break a rule is reported by the planner, not routed to a timetable that works.
  const conflicted = new Set(output.unmet.flatMap((u) => (u.code === 'kept_visit_conflict' ? [`${u.params.caregiverId} ${u.params.date}`] : [])));
  for (const route of output.routes) {
    const cg = cgs.get(route.caregiverId);
    if (cg === undefined || conflicted.has(`${route.caregiverId} ${route.date}`)) continue;
    out.push(...routeViolations(cg, route, { detourFactor: options.detourFactor, speedKmh: options.speedKmh }, residents, input));
  }
  out.push(...accounting(input, output));
  return out;
}

function keptOnly(output: PlanOutput, caregiverId: string): number {
  return output.visits.filter((v) => v.caregiverId === caregiverId && v.source !== 'planned').length;
}

/** A route of new visits only: inside her hours, fixed ones at their time, and a timetable that works. */
function routeViolations(cg: RoundsCaregiver, route: PlanOutput['routes'][number], travel: { detourFactor: number; speedKmh: number }, residents: ReadonlyMap<string, PlanInput['residents'][number]>, input: PlanInput): Violation[] {
  const at = { caregiverId: cg.id, date: route.date };
  const first = route.visits[0];
  const lastVisit = route.visits[route.visits.length - 1];
  if (first !== undefined && lastVisit !== undefined && (first.start < cg.hours.start || lastVisit.start + lastVisit.minutes > cg.hours.end)) return [{ rule: 'hours', ...at }];
  const centres = new Map(input.communities.map((c) => [c.id, c.centre]));
  const stops = route.visits.map((v, i) => {
    const r = residents.get(v.residentId);
    const loc = r?.location ?? centres.get(r?.communityId ?? '') ?? { lat: 0, lon: 0 };
    return { visit: i, loc, minutes: v.minutes, fixedAt: v.fixed ? v.start : null };
  });
  const times = scheduleDay({ base: cg.base, hours: cg.hours, travel }, stops);
  const sameStarts = times.starts.every((s, i) => s === route.visits[i]?.start);
  return times.fits && sameStarts ? [] : [{ rule: 'timetable', ...at }];
}

/** For every resident: planned + reported missing = max(required, kept). */
function accounting(input: PlanInput, output: PlanOutput): Violation[] {
  const keepPublished = input.options?.keepPublished ?? DEFAULT_PLAN_OPTIONS.keepPublished;
  const planned = new Map<string, number>();
  for (const v of output.visits) planned.set(v.residentId, (planned.get(v.residentId) ?? 0) + 1);
  const missing = new Map<string, number>();
  for (const u of output.unmet) {
    if ('missing' in u.params) missing.set(u.residentId, (missing.get(u.residentId) ?? 0) + u.params.missing);
  }
  const last = addDays(input.weekStart, 6);
  const known = new Set(input.caregivers.map((c) => c.id));
  const out: Violation[] = [];
  for (const r of input.residents) {
    const kept = r.existing.filter((e) => (e.status === 'locked' || keepPublished) && e.date >= input.weekStart && e.date <= last && known.has(e.caregiverId)).length;
    const required = Math.max(r.visits, kept);
    const p = planned.get(r.residentId) ?? 0;
    const m = missing.get(r.residentId) ?? 0;
    if (p + m !== required) out.push({ rule: 'accounting', residentId: r.residentId, planned: p, missing: m, required });
  }
  return out;
}
