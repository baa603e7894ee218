import { describe, expect, it } from 'vitest';
import { violations } from './check';
import { improveDays, trySwap, tryMove } from './days';
import { generateWeek } from './generate';
import { plan } from './plan';
import { buildProblem } from './problem';
import { SlotState } from './slots';
import { CENTRE, caregiverOf, residentOf, uuid, weekOf } from './testWeek';
import type { LatLon } from './types';

const at = (dLat: number, dLon: number): LatLon => ({ lat: CENTRE.lat + dLat, lon: CENTRE.lon + dLon });
const CG1 = uuid(1, 1);

/** A state with each visit put on the given day (0 = Monday) of caregiver 0, at its cheapest position. */
function stateWith(residents: ReturnType<typeof residentOf>[], days: number[]): SlotState {
  const state = new SlotState(buildProblem(weekOf([caregiverOf(1)], residents)));
  days.forEach((d, visit) => state.insert(visit, state.bestInsertion(visit, 0, d) as NonNullable<ReturnType<SlotState['bestInsertion']>>));
  return state;
}
const totalKm = (state: SlotState): number => [...state.slots.values()].reduce((n, s) => n + s.km, 0);

describe('day moves within a caregiver\'s week', () => {
  it('finds a swap that shortens both days: the north pair on one day, the south pair on the other', () => {
    // Monday: north 1 and south 3; Wednesday: north 2 and south 4 (1.1 km either side of her base).
    const residents = [residentOf(1, { location: at(0.01, 0) }), residentOf(2, { location: at(0.01, 0.001) }), residentOf(3, { location: at(-0.01, 0) }), residentOf(4, { location: at(-0.01, 0.001) })];
    const state = stateWith(residents, [0, 2, 0, 2]);
    const before = totalKm(state);
    const mon = state.slot(0, 0).km;
    const wed = state.slot(0, 2).km;
    expect(trySwap(state, 1, 2)).toBe(true);
    expect(state.at[1]?.day).toBe(0);
    expect(state.at[2]?.day).toBe(2);
    expect(state.slot(0, 0).km).toBeLessThan(mon);
    expect(state.slot(0, 2).km).toBeLessThan(wed);
    expect(totalKm(state)).toBeLessThan(before - 2);
  });

  it('leaves a swap that would not lower the cost undone, the state as it was', () => {
    const residents = [residentOf(1, { location: at(0.01, 0) }), residentOf(2, { location: at(-0.01, 0) })];
    const state = stateWith(residents, [0, 2]);
    const before = [...state.slots.values()].map((s) => [s.day, s.stops.map((x) => x.visit), s.km]);
    expect(trySwap(state, 0, 1)).toBe(false);
    expect([...state.slots.values()].map((s) => [s.day, s.stops.map((x) => x.visit), s.km])).toEqual(before);
    expect(state.weekCount[0]).toBe(2);
  });

  it('never puts two visits of a resident on one day to save km', () => {
    // Resident 1 needs two visits; both next to resident 2, who is on Thursday. Monday is a long way off.
    const residents = [residentOf(1, { visits: 2, location: at(0.02, 0) }), residentOf(2, { location: at(0.0201, 0) }), residentOf(3, { location: at(-0.02, 0) })];
    const state = stateWith(residents, [0, 3, 3, 0]);
    tryMove(state, 0);
    expect(state.at[0]?.day).not.toBe(3);
    improveDays(state);
    expect(state.at[0]?.day).not.toBe(state.at[1]?.day);
    for (const d of [0, 2, 3, 4]) expect(state.onDay(0, d, -1)).toBeLessThanOrEqual(1);
  });

  it('never moves a fixed-time visit or another caregiver\'s visit', () => {
    const residents = [residentOf(1, { fixedTimes: [{ weekday: 1, minute: 540 }], location: at(0.02, 0), primaryCaregiverId: CG1 }), residentOf(2, { location: at(0.0201, 0) })];
    const state = stateWith(residents, [0, 3]);
    improveDays(state);
    expect(state.at[0]).toEqual({ caregiver: 0, day: 0 });
    expect(state.at[1]?.caregiver).toBe(0);
  });
});

describe('plan with day moves', () => {
  const { input } = generateWeek({ seed: 11, caregivers: 12, residents: 200, communities: 2 });

  it('keeps the hard rules, meets the feasible week and is deterministic', () => {
    const a = plan(input);
    expect(violations(input, a)).toEqual([]);
    expect(a.unmet).toEqual([]);
    expect(plan({ ...input, residents: [...input.residents].reverse(), caregivers: [...input.caregivers].reverse() })).toEqual(a);
  });
});
