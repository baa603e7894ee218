/**
 * What stage 1 prefers among allowed placements, as a cost in tens of metres of road (lower is better): a
 * term of 40 is worth 400 m more driving that day. The terms, in the order the care managers ranked them:
 * - continuity: her previous or primary caregiver costs nothing, the backup 150 m, anyone else 400 m, and
 *   each visit of the week by a different caregiver than her other visits 70 m more;
 * - spread: a second visit on one day (allowed only to residents needing more than one a day) 1 km, and
 *   visits on consecutive days 300 m for a resident visited three times a week or less;
 * - fair load: a caregiver-day's nth visit costs in proportion to n (so the sum over a day is quadratic),
 *   and 670 m for each visit past overloadShare × the week's mean visits per open caregiver-day, and as much
 *   for each visit of her week past that share of the mean for her open days (rounded up);
 * - travel: the km the visit adds to the day's route.
 *
 * Why these sizes: a city caregiver drives well under a kilometre a day between neighbouring homes, so travel
 * weighed as little as it once did (a km worth 4) let the load and spread terms decide every day, and the
 * plan drove more than the nearest-caregiver greedy plan. At a km worth 100, nearby residents share a day,
 * and a resident leaves her usual caregiver only where another saves 400 m or more; most such cases are
 * residents without GPS, planned at their community's centre (docs/domain.md §9). Spread pulls the other
 * way: each twice-weekly resident's visits are on two of her caregiver's days, whatever her neighbours', so
 * only consecutive days are charged (a gentle preference for even gaps as well cost a few per cent of km
 * and changed little else). The benchmark (rounds.autoplan.*) shows what this gives: km against the greedy
 * plan, continuity and load spread.
 */
import type { NeededVisit, Problem } from './problem';
import type { SlotState } from './slots';
import type { ResidentDemand } from './types';

export const WEIGHTS = {
  backup: 15,
  other: 40,
  mixedCaregivers: 7,
  sameDay: 100,
  nextDay: 30,
  load: 1 / 3,
  overload: 67,
  /** A day is overloaded past this share of the mean visits per open caregiver-day. */
  overloadShare: 1.2,
  km: 100,
};

export function continuityCost(p: Problem, resident: number, caregiver: number): number {
  const r = p.residents[resident] as ResidentDemand;
  const id = p.caregivers[caregiver]?.id;
  if (id === r.previousCaregiverId || id === r.primaryCaregiverId) return 0;
  return id === r.backupCaregiverId ? WEIGHTS.backup : WEIGHTS.other;
}

/** Spread and mixing against the resident's other placed visits. */
function withOthersCost(state: SlotState, visit: number, caregiver: number, day: number): number {
  const v = state.p.visits[visit] as NeededVisit;
  let mixed = 0;
  for (const other of state.byResident[v.resident] as number[]) {
    const at = other === visit ? null : state.at[other];
    if (at !== null && at !== undefined && at.caregiver !== caregiver) mixed += WEIGHTS.mixedCaregivers;
  }
  return mixed + spreadCost(state, visit, day);
}

const WEEK_LENGTH = 7;

/**
 * What two of a resident's visits `gap` days apart cost when an even spread would leave `ideal` days
 * between them: the same day most (allowed only to residents needing more than one a day), and consecutive
 * days for a resident visited three times a week or less, whose visits could be further apart.
 */
function gapCost(gap: number, ideal: number): number {
  if (gap === 0) return WEIGHTS.sameDay;
  return gap === 1 && ideal >= 2 ? WEIGHTS.nextDay : 0;
}

/** The spread terms alone (the same-day and next-day part of withOthersCost), for moves within a caregiver's week. */
export function spreadCost(state: SlotState, visit: number, day: number): number {
  const v = state.p.visits[visit] as NeededVisit;
  const ideal = WEEK_LENGTH / Math.max(1, state.p.required[v.resident] as number);
  let cost = 0;
  for (const other of state.byResident[v.resident] as number[]) {
    const at = other === visit ? null : state.at[other];
    if (at !== null && at !== undefined) cost += gapCost(Math.abs(at.day - day), ideal);
  }
  return cost;
}

/** The cost of the visit on this caregiver-day when it adds `deltaKm` to the day (the visit not on it yet). */
export function placementCost(state: SlotState, visit: number, caregiver: number, day: number, deltaKm: number): number {
  const v = state.p.visits[visit] as NeededVisit;
  const onDay = state.slot(caregiver, day).stops.length;
  return (
    continuityCost(state.p, v.resident, caregiver) +
    withOthersCost(state, visit, caregiver, day) +
    WEIGHTS.load * (2 * onDay + 1) +
    WEIGHTS.overload * Math.max(0, onDay + 1 - WEIGHTS.overloadShare * state.meanLoad) +
    WEIGHTS.overload * Math.max(0, (state.weekCount[caregiver] as number) + 1 - Math.ceil(WEIGHTS.overloadShare * state.meanLoad * (state.openDays[caregiver] as number))) +
    WEIGHTS.km * deltaKm
  );
}
