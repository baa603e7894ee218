import { describe, expect, it } from 'vitest';
import { haversineKm, legMinutes } from './geo';
import { localOpt, nearestNeighbour, orOpt, routeDay, twoOpt, withFixed } from './route';
import { pathKm, scheduleDay, type DayFrame, type DayStop } from './schedule';

const TRAVEL = { detourFactor: 1.3, speedKmh: 25 };
const frame = (o: Partial<DayFrame> = {}): DayFrame => ({ base: { lat: 16.43, lon: 102.82 }, hours: { start: 480, end: 960 }, travel: TRAVEL, ...o });
// 0.01° of latitude ≈ 1.11 km.
const stop = (visit: number, dLat: number, dLon: number, o: Partial<DayStop> = {}): DayStop => ({ visit, loc: { lat: 16.43 + dLat, lon: 102.82 + dLon }, minutes: 30, fixedAt: null, ...o });
const order = (stops: readonly DayStop[]): number[] => stops.map((s) => s.visit);

describe('geo', () => {
  it('haversine: one degree of latitude is about 111.2 km; a leg rounds up to whole minutes', () => {
    expect(haversineKm({ lat: 16, lon: 100 }, { lat: 17, lon: 100 })).toBeCloseTo(111.19, 1);
    expect(legMinutes(TRAVEL, 25)).toBe(60);
    expect(legMinutes(TRAVEL, 25.01)).toBe(61);
  });
});

describe('scheduleDay', () => {
  it('waits for a fixed time, and does not fit when she would be late or run past her hours', () => {
    const f = frame();
    const t = scheduleDay(f, [stop(1, 0.01, 0, { fixedAt: 600 }), stop(2, 0.02, 0)]);
    expect(t.starts[0]).toBe(600);
    expect(t.starts[1]).toBe(600 + 30 + legMinutes(TRAVEL, 1.3 * haversineKm({ lat: 16.44, lon: 102.82 }, { lat: 16.45, lon: 102.82 })));
    expect(t.fits).toBe(true);
    expect(scheduleDay(f, [stop(1, 0, 0, { minutes: 200 }), stop(2, 0, 0, { fixedAt: 600 })]).fits).toBe(false);
    expect(scheduleDay(frame({ hours: { start: 480, end: 530 } }), [stop(1, 0, 0), stop(2, 0, 0)]).fits).toBe(false);
  });

  it('without a base, the day starts at the first visit', () => {
    const t = scheduleDay(frame({ base: null }), [stop(1, 0.05, 0), stop(2, 0.05, 0)]);
    expect(t.starts).toEqual([480, 510]);
    expect(t.km).toBe(0);
  });
});

describe('routing', () => {
  it('nearest neighbour goes to the closest next visit', () => {
    const stops = [stop(1, 0.03, 0), stop(2, 0.01, 0), stop(3, 0.02, 0)];
    expect(order(nearestNeighbour(frame(), frame().base, stops))).toEqual([2, 3, 1]);
  });

  it('2-opt uncrosses a crossing route and makes it shorter', () => {
    // Corners of a square visited across its diagonals: 1 → 3 → 2 → 4 crosses itself.
    const crossing = [stop(1, 0.01, 0), stop(3, 0.02, 0.01), stop(2, 0.02, 0), stop(4, 0.01, 0.01)];
    const f = frame();
    const better = twoOpt(f, crossing);
    expect(pathKm(f, better)).toBeLessThan(pathKm(f, crossing) - 0.5);
    // No longer than going round the square's sides (1 → 2 → 3 → 4).
    expect(pathKm(f, better)).toBeLessThanOrEqual(pathKm(f, [crossing[0], crossing[2], crossing[1], crossing[3]] as DayStop[]) + 1e-9);
  });

  it('2-opt never breaks a fixed time to save km', () => {
    // The fixed visit is far out but due first; visiting the near ones first would be shorter and late.
    const f = frame();
    const route = [stop(1, 0.05, 0, { fixedAt: 510 }), stop(2, 0.01, 0), stop(3, 0.02, 0)];
    expect(scheduleDay(f, route).fits).toBe(true);
    expect(pathKm(f, [route[1], route[2], route[0]] as DayStop[])).toBeLessThan(pathKm(f, route));
    const out = twoOpt(f, route);
    expect(out[0]?.visit).toBe(1);
    expect(scheduleDay(f, out).fits).toBe(true);
  });

  it('Or-opt moves a visit that sticks out to where it lies on the way', () => {
    // Along one street: 1 (1.1 km), 2 (5.6 km), 3 (2.2 km), 4 (3.3 km); 2 belongs at the end.
    const f = frame();
    const route = [stop(1, 0.01, 0), stop(2, 0.05, 0), stop(3, 0.02, 0), stop(4, 0.03, 0)];
    const out = orOpt(f, route);
    expect(order(out)).toEqual([1, 3, 4, 2]);
    expect(pathKm(f, out)).toBeLessThan(pathKm(f, route) - 1);
  });

  it('Or-opt and localOpt never break a fixed time to save km', () => {
    const f = frame();
    const route = [stop(1, 0.05, 0, { fixedAt: 510 }), stop(2, 0.01, 0), stop(3, 0.02, 0)];
    for (const out of [orOpt(f, route), localOpt(f, route)]) {
      expect(out[0]?.visit).toBe(1);
      expect(scheduleDay(f, out).fits).toBe(true);
    }
  });

  it('localOpt is never longer than 2-opt alone', () => {
    const f = frame();
    const given = [stop(1, 0.03, 0.02), stop(2, 0.01, 0), stop(3, 0.04, 0.01), stop(4, 0.02, 0.03), stop(5, 0.01, 0.02), stop(6, 0.03, 0)];
    expect(pathKm(f, localOpt(f, given))).toBeLessThanOrEqual(pathKm(f, twoOpt(f, given)) + 1e-9);
  });

  it('slots a fixed visit in before the visit that would make her late', () => {
    const f = frame();
    const flexible = [stop(1, 0.01, 0), stop(2, 0.02, 0), stop(3, 0.03, 0)];
    const out = withFixed(f, flexible, [stop(9, 0.015, 0, { fixedAt: 560 })]);
    expect(order(out)).toEqual([1, 2, 9, 3]);
    const t = scheduleDay(f, out);
    expect(t.fits).toBe(true);
    expect(t.starts[2]).toBe(560);
  });

  it('routeDay keeps fixed times and is never longer than the order it was given', () => {
    const f = frame();
    const given = [stop(4, 0.04, 0.01), stop(1, 0.01, 0), stop(9, 0.02, 0, { fixedAt: 720 }), stop(3, 0.03, 0.01), stop(2, 0.02, 0.02)];
    const out = routeDay(f, given);
    expect([...order(out)].sort()).toEqual([1, 2, 3, 4, 9]);
    const t = scheduleDay(f, out);
    expect(t.fits).toBe(true);
    expect(t.starts[out.findIndex((s) => s.visit === 9)]).toBe(720);
    expect(pathKm(f, out)).toBeLessThan(pathKm(f, given));
  });
});
