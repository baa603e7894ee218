/**
 * Stage 1, last step: on which of her days each caregiver makes her visits. Continuity fixes who visits a
 * resident, not which day; a caregiver's km depend on grouping her nearby residents on the same day. This
 * local search moves one visit to another day of the same caregiver, or swaps two visits between two of her
 * days, while that lowers the days' cost: route km (removal saving and cheapest insertion against the
 * current route order, haversine × detour as stage 2 measures it), the fair-load terms and the resident's
 * spread over the week (cost.ts). Each day's order is then tightened by 2-opt and Or-opt (route.ts).
 *
 * Invariants: the caregiver of every visit is unchanged, so continuity, mixing and the weekly cap are too;
 * kept and fixed-time visits never move; a visit only goes where SlotState.allowed and bestInsertion let it
 * (open day, one visit a resident a day, working minutes with travel, fixed times still met), so every state
 * keeps the hard rules of docs/domain.md §9. Deterministic: visits are tried in index order.
 */
import { spreadCost, WEIGHTS } from './cost';
import { legKm } from './geo';
import { WEEK_DAYS, type NeededVisit } from './problem';
import { localOpt } from './route';
import type { Insertion, Slot, SlotState } from './slots';
import type { DayStop } from './schedule';

const MAX_PASSES = 6;
const EPS = 1e-6;

/** A day's own cost: its km, and its load (the sum over its visits of cost.ts's load and overload terms). */
export function dayCost(state: SlotState, slot: Slot): number {
  return dayCostOf(state, slot.stops.length, slot.km);
}

/** dayCost of a day with `n` visits and `km` road km. */
function dayCostOf(state: SlotState, n: number, km: number): number {
  const limit = WEIGHTS.overloadShare * state.meanLoad;
  let over = 0;
  for (let k = 1; k <= n; k++) over += Math.max(0, k - limit);
  return WEIGHTS.km * km + WEIGHTS.load * n * n + WEIGHTS.overload * over;
}

/** Road km the day saves without the visit, its order otherwise kept (its legs from slot.legs). */
function removalSaving(slot: Slot, visit: number): number {
  const i = slot.stops.findIndex((s) => s.visit === visit);
  const prev = i === 0 ? slot.frame.base : (slot.stops[i - 1] as DayStop).loc;
  const next = slot.stops[i + 1];
  const bridge = prev === null || next === undefined ? 0 : legKm(slot.frame.travel, prev, next.loc);
  return (slot.legs[i] as number) + (next === undefined ? 0 : (slot.legs[i + 1] as number)) - bridge;
}

function movable(state: SlotState, visit: number): boolean {
  const v = state.p.visits[visit] as NeededVisit;
  return v.kept === null && v.day === null && state.at[visit] !== null;
}

/**
 * Moves the visit to another of its caregiver's days when that lowers the cost; true when it moved. Each
 * other day is priced without changing it: its cost with the visit at its cheapest position is its cost
 * with one visit more and that position's km.
 */
export function tryMove(state: SlotState, visit: number): boolean {
  const at = state.at[visit];
  if (at === null || at === undefined || !movable(state, visit)) return false;
  const from = state.slot(at.caregiver, at.day);
  const stay = dayCost(state, from) + spreadCost(state, visit, from.day);
  const out = state.remove(visit);
  const fromWithout = dayCost(state, from);
  let best: { ins: Insertion; gain: number } | null = null;
  for (let d = 0; d < WEEK_DAYS; d++) {
    if (d === at.day || !state.p.open[at.caregiver]?.[d]) continue;
    const ins = state.allowed(visit, at.caregiver, d) ? state.bestInsertion(visit, at.caregiver, d) : null;
    if (ins === null) continue;
    const to = ins.slot;
    const gain = stay - fromWithout - spreadCost(state, visit, d) - (dayCostOf(state, to.stops.length + 1, to.km + ins.deltaKm) - dayCost(state, to));
    if (gain > EPS && (best === null || gain > best.gain + EPS)) best = { ins, gain };
  }
  state.insert(visit, best === null ? { slot: out.slot, position: out.position, deltaKm: 0 } : best.ins);
  return best !== null;
}

/** Swaps two visits of different residents between two days of one caregiver when that lowers the cost. */
export function trySwap(state: SlotState, a: number, b: number): boolean {
  const pa = state.at[a];
  const pb = state.at[b];
  if (!pa || !pb || pa.caregiver !== pb.caregiver || pa.day === pb.day || !movable(state, a) || !movable(state, b)) return false;
  if (state.p.visits[a]?.resident === state.p.visits[b]?.resident) return false;
  const sa = state.slot(pa.caregiver, pa.day);
  const sb = state.slot(pb.caregiver, pb.day);
  // Inserting never shortens a route (triangle inequality), so km can gain at most the two removal savings.
  const spreadGain = spreadCost(state, a, pa.day) + spreadCost(state, b, pb.day) - spreadCost(state, a, pb.day) - spreadCost(state, b, pa.day);
  if (WEIGHTS.km * (removalSaving(sa, a) + removalSaving(sb, b)) + spreadGain <= EPS) return false;
  const cost0 = dayCost(state, sa) + dayCost(state, sb) + spreadCost(state, a, pa.day) + spreadCost(state, b, pb.day);
  const outA = state.remove(a);
  const outB = state.remove(b);
  let done = 0;
  const insA = state.allowed(a, pb.caregiver, pb.day) ? state.bestInsertion(a, pb.caregiver, pb.day) : null;
  if (insA !== null) {
    state.insert(a, insA);
    done = 1;
    const insB = state.allowed(b, pa.caregiver, pa.day) ? state.bestInsertion(b, pa.caregiver, pa.day) : null;
    if (insB !== null) {
      state.insert(b, insB);
      done = 2;
      const cost1 = dayCost(state, sa) + dayCost(state, sb) + spreadCost(state, a, pb.day) + spreadCost(state, b, pa.day);
      if (cost1 < cost0 - EPS) return true;
    }
  }
  if (done === 2) state.remove(b);
  if (done >= 1) state.remove(a);
  state.insert(b, { slot: outB.slot, position: outB.position, deltaKm: 0 });
  state.insert(a, { slot: outA.slot, position: outA.position, deltaKm: 0 });
  return false;
}

/** Tightens the order of a caregiver-day (the order stays one whose timetable works). */
export function tighten(state: SlotState, slot: Slot): void {
  if (slot.stops.length < 3) return;
  slot.stops.splice(0, slot.stops.length, ...localOpt(slot.frame, slot.stops));
  state.refresh(slot);
}

function daysOf(state: SlotState, c: number): Slot[] {
  const out: Slot[] = [];
  for (let d = 0; d < WEEK_DAYS; d++) if (state.p.open[c]?.[d] || state.slots.has(c * WEEK_DAYS + d)) out.push(state.slot(c, d));
  return out;
}

function search(state: SlotState, c: number, visits: readonly number[]): void {
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let changed = 0;
    for (const v of visits) if (tryMove(state, v)) changed++;
    for (let i = 0; i < visits.length; i++) {
      for (let j = i + 1; j < visits.length; j++) if (trySwap(state, visits[i] as number, visits[j] as number)) changed++;
    }
    for (const s of daysOf(state, c)) tighten(state, s);
    if (changed === 0) break;
  }
}

/** Day moves and swaps of each caregiver's movable visits, her days' order tightened after each pass. */
export function improveDays(state: SlotState): void {
  const p = state.p;
  const byCaregiver: number[][] = p.caregivers.map(() => []);
  p.visits.forEach((_, i) => {
    const at = state.at[i];
    if (at && movable(state, i)) byCaregiver[at.caregiver]?.push(i);
  });
  byCaregiver.forEach((visits, c) => {
    if (visits.length === 0) return;
    for (const s of daysOf(state, c)) tighten(state, s);
    search(state, c, visits);
  });
}
