/**
 * A caregiver-day put back in route order after a care manager changed it by hand (a visit moved in or out):
 * the planner's own stage 2 (route.ts: nearest neighbour, fixed times slotted in, 2-opt and Or-opt) over the
 * day's visits, and their order, planned times and legs recomputed from it (schedule.ts), so the grid's km
 * and hours and the caregiver's route sheet stay true (docs/domain.md §9). Pure; the page writes the result.
 *
 * Rules: cancelled visits are not part of the route; a fixed-time visit keeps its time; fields already right
 * are not written (every change is synced, and a published one reaches the caregiver).
 */
import { communityCentres, MUNICIPALITY_CENTRE } from './weekInput';
import { routeDay } from './route';
import { scheduleDay, type DayFrame, type DayStop } from './schedule';
import { DEFAULT_PLAN_OPTIONS, type LatLon } from './types';
import type { AvailabilityData, RoundVisitData } from './recordsSchema';
import { defaultAvailability } from './availability';

export interface DayRound extends Pick<RoundVisitData, 'residentId' | 'communityId' | 'minutes' | 'fixed' | 'minute' | 'order' | 'legKm' | 'status'> {
  id: string;
}

export type RoundPatch = { id: string; changes: Partial<Pick<RoundVisitData, 'order' | 'legKm' | 'minute'>> };

/** Tenths of a km, as the planner writes them. */
const roundKm = (km: number): number => Math.round(km * 10) / 10;

/** The day's frame for a caregiver: her base and hours (or the defaults she is planned with), the planner's travel. */
export function frameFor(caregiverId: string, availability: AvailabilityData | undefined): DayFrame {
  const a = availability ?? defaultAvailability(caregiverId);
  return {
    base: a.base === null ? null : { lat: a.base.lat, lon: a.base.lng },
    hours: { start: a.startMinute, end: a.endMinute },
    travel: { detourFactor: DEFAULT_PLAN_OPTIONS.detourFactor, speedKmh: DEFAULT_PLAN_OPTIONS.speedKmh },
  };
}

/**
 * Where each resident is visited: her GPS, else the centre of her community's located homes (as the planner
 * places her, weekInput.ts), else the municipality's centre.
 */
export function homesOf(
  residents: readonly { id: string; communityId: string; gps: { lat: number; lng: number } | null }[],
  neighbours: readonly { communityId: string; gps: { lat: number; lng: number } | null }[],
): Map<string, LatLon> {
  const ids = [...new Set(residents.map((r) => r.communityId))];
  const centres = new Map(communityCentres(ids.map((id) => ({ id, name: id })), neighbours).map((c) => [c.id, c.centre]));
  return new Map(residents.map((r) => [r.id, r.gps !== null ? { lat: r.gps.lat, lon: r.gps.lng } : (centres.get(r.communityId) ?? { ...MUNICIPALITY_CENTRE })]));
}

/** The patches that put the day's visits in route order with their times and legs. */
export function relayoutDay(visits: readonly DayRound[], frame: DayFrame, homes: ReadonlyMap<string, LatLon>): RoundPatch[] {
  const active = visits.filter((v) => v.status !== 'cancelled').sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1));
  const stops: DayStop[] = active.map((v, i) => ({
    visit: i,
    loc: homes.get(v.residentId) ?? { ...MUNICIPALITY_CENTRE },
    minutes: v.minutes,
    fixedAt: v.fixed ? v.minute : null,
  }));
  const route = routeDay(frame, stops);
  const times = scheduleDay(frame, route);
  const out: RoundPatch[] = [];
  route.forEach((s, order) => {
    const v = active[s.visit] as DayRound;
    const wanted = { order, legKm: roundKm(times.legsKm[order] ?? 0), minute: v.fixed ? v.minute : (times.starts[order] ?? null) };
    const changes: RoundPatch['changes'] = {};
    if (v.order !== wanted.order) changes.order = wanted.order;
    if (v.legKm !== wanted.legKm) changes.legKm = wanted.legKm;
    if (v.minute !== wanted.minute) changes.minute = wanted.minute;
    if (Object.keys(changes).length > 0) out.push({ id: v.id, changes });
  });
  return out;
}
