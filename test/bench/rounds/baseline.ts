/**
 * The simple planner the auto-planner is measured against (rounds.autoplan.km_vs_greedy): every visit goes to
 * the nearest caregiver (by base; a caregiver without a base counts as at her first community's centre) who
 * may make it under the same hard rules as the planner's (open day, community, skills, fixed day and hours,
 * weekly cap, one visit a resident a day, working minutes with travel), on her least-loaded day with room
 * (the fair spread the planner is also held to; `firstWithRoom` instead packs her first days, which saves
 * km at the cost of the load spread); each caregiver-day is then ordered by nearest neighbour from her base,
 * without 2-opt. Its time is the benchmark's floor: the least a planner that reads every visit and routes
 * every day costs.
 */
import { haversineKm } from '../../../shared/rounds/geo';
import { buildProblem, dayFrame, WEEK_DAYS } from '../../../shared/rounds/problem';
import { nearestNeighbour } from '../../../shared/rounds/route';
import { pathKm } from '../../../shared/rounds/schedule';
import { SlotState } from '../../../shared/rounds/slots';
import type { LatLon, PlanInput } from '../../../shared/rounds/types';

export interface BaselineResult {
  km: number;
  placed: number;
  required: number;
  /** Share of placed visits made by the resident's previous or primary caregiver. */
  byPreferred: number;
}

export type DayRule = 'leastLoaded' | 'firstWithRoom';

/**
 * `keepContinuity`: the same greedy, except that the resident's previous or primary caregiver is tried first
 * (then the nearest): the like-for-like floor for a planner held to continuity, printed beside the figure.
 */
export function greedyBaseline(input: PlanInput, dayRule: DayRule, keepContinuity = false): BaselineResult {
  const p = buildProblem(input);
  const state = new SlotState(p);
  const centres = new Map(input.communities.map((c) => [c.id, c.centre]));
  const homes = p.caregivers.map((c) => c.base ?? centres.get(c.communityIds[0] ?? '') ?? { lat: 0, lon: 0 });
  p.visits.forEach((v, visit) => {
    const at = p.locations[v.resident] as LatLon;
    const r = p.residents[v.resident];
    const preferred = (c: number): number => (keepContinuity && (p.caregivers[c]?.id === r?.previousCaregiverId || p.caregivers[c]?.id === r?.primaryCaregiverId) ? 0 : 1);
    const byDistance = [...(p.eligible[v.resident] ?? [])].sort((a, b) => preferred(a) - preferred(b) || haversineKm(homes[a] ?? at, at) - haversineKm(homes[b] ?? at, at) || a - b);
    for (const c of byDistance) {
      const days = Array.from({ length: WEEK_DAYS }, (_, d) => d);
      if (dayRule === 'leastLoaded') days.sort((a, b) => state.slot(c, a).stops.length - state.slot(c, b).stops.length || a - b);
      for (const d of days) {
        if (v.kept !== null || !state.allowed(visit, c, d)) continue;
        // Where it fits in her day (the day is ordered by nearest neighbour below).
        const ins = state.bestInsertion(visit, c, d);
        if (ins === null) continue;
        state.insert(visit, ins);
        return;
      }
    }
  });
  let km = 0;
  for (const slot of state.slots.values()) {
    const frame = dayFrame(p, slot.caregiver);
    km += pathKm(frame, nearestNeighbour(frame, frame.base ?? slot.stops[0]?.loc ?? null, slot.stops));
  }
  let placed = 0;
  let preferred = 0;
  state.at.forEach((at, visit) => {
    if (at === null) return;
    placed++;
    const r = p.residents[p.visits[visit]?.resident ?? -1];
    const id = p.caregivers[at.caregiver]?.id;
    if (id !== undefined && (id === r?.previousCaregiverId || id === r?.primaryCaregiverId)) preferred++;
  });
  return { km, placed, required: p.visits.length, byPreferred: placed === 0 ? 0 : preferred / placed };
}
