/**
 * Distances and travel times for the rounds planner: great-circle (haversine) distance times a detour
 * factor for the roads, at a set average speed. A leg's minutes are rounded up to whole minutes, so planned
 * times are whole minutes and a schedule never starts a visit before the caregiver can be there.
 */
import type { LatLon } from './types';

const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;

export function haversineKm(a: LatLon, b: LatLon): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLon = (b.lon - a.lon) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** How roads and speed turn distance into travel. */
export interface Travel {
  detourFactor: number;
  speedKmh: number;
}

/** Road km of a leg. */
export function legKm(travel: Travel, a: LatLon, b: LatLon): number {
  return haversineKm(a, b) * travel.detourFactor;
}

/** Whole minutes to drive `km` road km (rounded up). */
export function legMinutes(travel: Travel, km: number): number {
  return Math.ceil((km / travel.speedKmh) * 60 - 1e-9);
}
