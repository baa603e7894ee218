import { describe, expect, it } from 'vitest';
import { frameFor, homesOf, relayoutDay, type DayRound } from './relayout';
import { defaultAvailability } from './availability';
import type { LatLon } from './types';

const base = { lat: 16.43, lng: 102.82 };
const frame = frameFor('cg-1', { ...defaultAvailability('cg-1'), base });
// Homes on a line east of her base: 1 km, 2 km, 3 km (about 0.0093° of longitude per km here).
const east = (km: number): LatLon => ({ lat: base.lat, lon: base.lng + km * 0.00935 });
const homes = new Map<string, LatLon>([
  ['r1', east(1)],
  ['r2', east(2)],
  ['r3', east(3)],
]);

function round(id: string, residentId: string, order: number, extra: Partial<DayRound> = {}): DayRound {
  return { id, residentId, communityId: 'c1', minutes: 30, fixed: false, minute: null, order, legKm: 0, status: 'draft', ...extra };
}

function applied(visits: DayRound[], patches: ReturnType<typeof relayoutDay>): DayRound[] {
  const byId = new Map(patches.map((p) => [p.id, p.changes]));
  return visits.map((v) => ({ ...v, ...byId.get(v.id) }));
}

describe('relayoutDay', () => {
  it('puts a day moved into by hand back in route order, with its times and legs', () => {
    // The moved visit (r1, nearest her base) was put at the end of the day.
    const day = [round('a', 'r3', 0), round('b', 'r2', 1), round('c', 'r1', 2)];
    const after = applied(day, relayoutDay(day, frame, homes)).sort((x, y) => x.order - y.order);
    expect(after.map((v) => v.residentId)).toEqual(['r1', 'r2', 'r3']);
    // Each leg is about 1 km of straight line × the detour factor 1.3.
    for (const v of after) expect(v.legKm).toBeCloseTo(1.3, 1);
    const starts = after.map((v) => v.minute as number);
    expect(starts[0]).toBeGreaterThan(frame.hours.start);
    expect(starts[1]).toBeGreaterThan((starts[0] as number) + 30);
  });

  it('writes nothing for a day already in order', () => {
    const day = [round('a', 'r1', 0), round('b', 'r2', 1), round('c', 'r3', 2)];
    const once = applied(day, relayoutDay(day, frame, homes));
    expect(relayoutDay(once, frame, homes)).toEqual([]);
  });

  it('keeps a fixed visit at its time and leaves cancelled ones out of the route', () => {
    const fixedAt = frame.hours.start + 240;
    const day = [round('a', 'r3', 0, { fixed: true, minute: fixedAt }), round('b', 'r2', 1), round('x', 'r1', 2, { status: 'cancelled', legKm: 9 })];
    const patches = relayoutDay(day, frame, homes);
    expect(patches.find((p) => p.id === 'x')).toBeUndefined();
    const after = applied(day, patches);
    expect(after.find((v) => v.id === 'a')?.minute).toBe(fixedAt);
    // The nearer flexible visit comes first, on the way to the fixed one (the cancelled one is not a stop).
    expect(after.find((v) => v.id === 'b')?.order).toBe(0);
    expect(after.find((v) => v.id === 'a')?.order).toBe(1);
  });
});

describe('homesOf', () => {
  it('places a home without GPS at the centre of her community’s located homes', () => {
    const got = homesOf(
      [
        { id: 'r1', communityId: 'c1', gps: { lat: 16, lng: 102 } },
        { id: 'r2', communityId: 'c1', gps: null },
      ],
      [
        { communityId: 'c1', gps: { lat: 16, lng: 102 } },
        { communityId: 'c1', gps: { lat: 17, lng: 103 } },
        { communityId: 'c2', gps: { lat: 1, lng: 1 } },
      ],
    );
    expect(got.get('r1')).toEqual({ lat: 16, lon: 102 });
    expect(got.get('r2')).toEqual({ lat: 16.5, lon: 102.5 });
  });
});
