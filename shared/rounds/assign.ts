/**
 * Stage 1: which caregiver makes each visit on which day. Kept visits are put first, where they are. Then a
 * greedy construction places new visits, most constrained first (fixed-time visits, then residents with the
 * fewest caregiver-days open to them per visit they need), each on its cheapest allowed caregiver-day
 * (cost.ts). Local search then moves single visits while that lowers the total cost, a repair pass frees room
 * for visits still unplaced by moving one other visit away, days.ts regroups each caregiver's visits over her
 * days, and the repair is tried once more. A week that still leaves a resident short is built again with her
 * visits first. Every state it passes through keeps the hard rules (slots.ts).
 *
 * Deterministic: ties fall to the order the seeded PRNG (shared/random.ts) gives the residents, which
 * depends only on the seed and the residents' ids.
 */
import { mix, Rng } from '../random';
import { placementCost, WEIGHTS } from './cost';
import { improveDays } from './days';
import { WEEK_DAYS, type NeededVisit, type Problem } from './problem';
import { SlotState, type Insertion, type Placement } from './slots';

const MAX_PASSES = 4;

interface Choice {
  ins: Insertion;
  cost: number;
}

/**
 * The cheapest allowed caregiver-day for the visit in the current state; null when none fits. A visit never
 * shortens a route (triangle inequality), so a caregiver-day whose cost without travel already exceeds the
 * best found is not routed at all; the one cheapest without travel is routed first. Equal costs (within
 * 1e-9) fall to the lower cost without travel, then the lower caregiver and day index.
 */
export function bestChoice(state: SlotState, visit: number): Choice | null {
  const p = state.p;
  const v = p.visits[visit] as NeededVisit;
  const fixedCosts: number[] = [];
  const keys: number[] = [];
  let first = -1;
  for (const c of p.eligible[v.resident] as number[]) {
    for (let d = 0; d < WEEK_DAYS; d++) {
      if (!state.allowed(visit, c, d)) continue;
      const fixedCost = placementCost(state, visit, c, d, 0);
      if (first < 0 || fixedCost < (fixedCosts[first] as number)) first = fixedCosts.length;
      fixedCosts.push(fixedCost);
      keys.push(c * WEEK_DAYS + d);
    }
  }
  let best: Choice | null = null;
  let bestAt = -1;
  const consider = (i: number): void => {
    const fixedCost = fixedCosts[i] as number;
    if (best !== null && fixedCost > best.cost + 1e-9) return;
    const key = keys[i] as number;
    const ins = state.bestInsertion(visit, Math.floor(key / WEEK_DAYS), key % WEEK_DAYS);
    if (ins === null) return;
    const cost = fixedCost + WEIGHTS.km * ins.deltaKm;
    const better =
      best === null ||
      cost < best.cost - 1e-9 ||
      (cost <= best.cost + 1e-9 && (fixedCost < (fixedCosts[bestAt] as number) || (fixedCost === fixedCosts[bestAt] && key < (keys[bestAt] as number))));
    if (better) {
      best = { ins, cost };
      bestAt = i;
    }
  };
  if (first >= 0) consider(first);
  for (let i = 0; i < fixedCosts.length; i++) if (i !== first) consider(i);
  return best;
}

function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * How hard a resident is to place: the caregiver-days open to her per new visit she needs (a resident needing
 * four visits from three caregivers on a four-day week has three; one needing one visit from her only
 * caregiver has four). The fewer, the earlier she is placed.
 */
function tightness(p: Problem, resident: number, fresh: number): number {
  let pairs = 0;
  for (const c of p.eligible[resident] as number[]) for (let d = 0; d < WEEK_DAYS; d++) if (p.open[c]?.[d]) pairs++;
  return pairs / Math.max(1, fresh);
}

function greedyOrder(p: Problem, rng: Rng): number[] {
  const tieBreak = new Map<number, number>();
  p.residents.forEach((r, i) => tieBreak.set(i, mix(rng.int(0, 0x7fffffff), hashId(r.residentId))));
  const newVisits = p.residents.map(() => 0);
  for (const v of p.visits) if (v.kept === null) newVisits[v.resident] = (newVisits[v.resident] as number) + 1;
  const tight = p.residents.map((_, i) => tightness(p, i, newVisits[i] as number));
  const residents = p.residents
    .map((_, i) => i)
    .sort((a, b) => (tight[a] as number) - (tight[b] as number) || (tieBreak.get(a) as number) - (tieBreak.get(b) as number));
  const rank = new Map(residents.map((r, i) => [r, i]));
  const fresh = p.visits.flatMap((v, i) => (v.kept === null ? [i] : []));
  const fixedFirst = (i: number): number => ((p.visits[i] as NeededVisit).fixedAt === null ? 1 : 0);
  return fresh.sort((a, b) => fixedFirst(a) - fixedFirst(b) || (rank.get((p.visits[a] as NeededVisit).resident) as number) - (rank.get((p.visits[b] as NeededVisit).resident) as number) || a - b);
}

function hashId(id: string): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = mix(h, id.charCodeAt(i));
  return h;
}

/** Moves single visits to cheaper caregiver-days until a pass changes nothing (or MAX_PASSES). */
function improve(state: SlotState, movable: readonly number[], rng: Rng): void {
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let moved = 0;
    for (const visit of shuffled(movable, rng)) {
      if (state.at[visit] === null) continue;
      const kmWith = state.slot((state.at[visit] as Placement).caregiver, (state.at[visit] as Placement).day).km;
      const from = state.remove(visit);
      // Staying costs what its own place adds; the day fitted with it, so putting it back always works.
      const stay = placementCost(state, visit, from.slot.caregiver, from.slot.day, kmWith - from.slot.km);
      const best = bestChoice(state, visit);
      if (best !== null && best.cost < stay - 1e-6) {
        state.insert(visit, best.ins);
        moved++;
      } else state.insert(visit, { slot: from.slot, position: from.position, deltaKm: 0 });
    }
    if (moved === 0) return;
  }
}

/**
 * Makes room for an unplaced visit: first, for a fixed-time visit refused because her own flexible visit is
 * already on its day, moves that one to another day; then, on each caregiver-day it may go to, tries moving
 * one new visit of another resident elsewhere so that both fit. The first that works is taken; otherwise
 * nothing changes.
 */
function repair(state: SlotState, visit: number): boolean {
  return freeHerDay(state, visit) || makeRoom(state, visit);
}

function freeHerDay(state: SlotState, visit: number): boolean {
  const p = state.p;
  const v = p.visits[visit] as NeededVisit;
  if (v.day === null) return false;
  const own = (state.byResident[v.resident] as number[]).filter((i) => {
    const o = p.visits[i] as NeededVisit;
    return i !== visit && o.kept === null && o.day === null && state.at[i]?.day === v.day;
  });
  if (own.length === 0) return false;
  const back = own.map((i) => ({ i, ...state.remove(i) }));
  const best = bestChoice(state, visit);
  if (best !== null) {
    state.insert(visit, best.ins);
    const moved: number[] = [];
    for (const b of back) {
      const elsewhere = bestChoice(state, b.i);
      if (elsewhere === null) break;
      state.insert(b.i, elsewhere.ins);
      moved.push(b.i);
    }
    if (moved.length === back.length) return true;
    for (const i of moved) state.remove(i);
    state.remove(visit);
  }
  for (const b of [...back].reverse()) state.insert(b.i, { slot: b.slot, position: b.position, deltaKm: 0 });
  return false;
}

function makeRoom(state: SlotState, visit: number): boolean {
  const p = state.p;
  const v = p.visits[visit] as NeededVisit;
  for (const c of p.eligible[v.resident] as number[]) {
    for (let d = 0; d < WEEK_DAYS; d++) {
      const slot = state.slot(c, d);
      if (!p.open[c]?.[d] || (v.day !== null && v.day !== d)) continue;
      for (const s of [...slot.stops]) {
        const other = p.visits[s.visit] as NeededVisit;
        if (other.kept !== null || other.resident === v.resident) continue;
        const from = state.remove(s.visit);
        const ins = state.allowed(visit, c, d) ? state.bestInsertion(visit, c, d) : null;
        if (ins !== null) {
          state.insert(visit, ins);
          const elsewhere = bestChoice(state, s.visit);
          if (elsewhere !== null) {
            state.insert(s.visit, elsewhere.ins);
            return true;
          }
          state.remove(visit);
        }
        state.insert(s.visit, { slot: from.slot, position: from.position, deltaKm: 0 });
      }
    }
  }
  return false;
}

/** Greedy construction in this order, local search, repair and the day search. */
function placeAll(p: Problem, order: readonly number[], rng: Rng): SlotState {
  const state = new SlotState(p);
  p.visits.forEach((v, i) => {
    if (v.kept !== null && v.day !== null) state.keep(i, v.kept.caregiver, v.day);
  });
  for (const visit of order) {
    const best = bestChoice(state, visit);
    if (best !== null) state.insert(visit, best.ins);
  }
  improve(state, order, rng);
  placeLeftovers(state, order);
  improveDays(state);
  // The day search may have filled the room a visit still unplaced needed, or made some: one more try.
  placeLeftovers(state, order);
  return state;
}

function placeLeftovers(state: SlotState, order: readonly number[]): void {
  for (const visit of order) {
    if (state.at[visit] !== null) continue;
    const best = bestChoice(state, visit);
    if (best !== null) state.insert(visit, best.ins);
    else repair(state, visit);
  }
}

/** Whether the visit has a caregiver-day at all on an empty week (SlotState.allowed with nothing placed). */
function couldEverGo(empty: SlotState, visit: number): boolean {
  const v = empty.p.visits[visit] as NeededVisit;
  return (empty.p.eligible[v.resident] as number[]).some((c) => Array.from({ length: WEEK_DAYS }, (_, d) => d).some((d) => empty.allowed(visit, c, d)));
}

/** Whether a caregiver who may make the visit still has room in her weekly cap (else no rebuild places more). */
function roomLeft(state: SlotState, visit: number): boolean {
  const v = state.p.visits[visit] as NeededVisit;
  return (state.p.eligible[v.resident] as number[]).some((c) => (state.weekCount[c] as number) < (state.p.caregivers[c]?.weeklyVisitCap ?? 0));
}

const placedCount = (state: SlotState): number => state.at.reduce((n, at) => n + (at === null ? 0 : 1), 0);

/**
 * Stage 1 over the whole problem: the state with every visit placed that could be. When a resident is left
 * short (others took the times and days she needed, and moving one of them did not free them), the week is
 * built once more with her visits first, and the plan placing more visits is kept (not for a visit no
 * caregiver could make on an empty week, nobody in her community with her skills open on its day, nor when
 * every caregiver who could has her week's cap full: another order would only change who goes short).
 */
export function assign(p: Problem): SlotState {
  const rng = new Rng(p.options.seed);
  const order = greedyOrder(p, rng);
  const state = placeAll(p, order, rng);
  const unplaced = order.filter((v) => state.at[v] === null && roomLeft(state, v));
  if (unplaced.length === 0) return state;
  const empty = new SlotState(p);
  const short = new Set(unplaced.flatMap((v) => (couldEverGo(empty, v) ? [(p.visits[v] as NeededVisit).resident] : [])));
  if (short.size === 0) return state;
  const again = new Rng(p.options.seed);
  const first = greedyOrder(p, again);
  const isShort = (v: number): boolean => short.has((p.visits[v] as NeededVisit).resident);
  const retry = placeAll(p, [...first.filter(isShort), ...first.filter((v) => !isShort(v))], again);
  return placedCount(retry) > placedCount(state) ? retry : state;
}
