/**
 * The timetable of one caregiver-day: given the visits in visiting order, when each starts, how far she
 * drives and whether the day works. Both stages use it (assign.ts to check a day, route.ts to order it), so
 * a route is always judged by the same rule.
 *
 * Invariants: the day starts at the start of her working hours at her base (or at the first visit when she
 * has none); she drives each leg, waits for a fixed visit's time if early, and never arrives late to one.
 * The day works when every fixed visit is on time and the last visit ends by the end of her hours. Travel
 * home after the last visit is not counted.
 */
import { legKm, legMinutes, type Travel } from './geo';
import type { LatLon, WorkingHours } from './types';

export interface DayStop {
  /** The visit's index in the planner's list. */
  visit: number;
  loc: LatLon;
  minutes: number;
  /** Start required at this minute; null: any time. */
  fixedAt: number | null;
}

export interface DayFrame {
  base: LatLon | null;
  hours: WorkingHours;
  travel: Travel;
}

export interface DayTimes {
  starts: number[];
  /** Road km driven to reach each stop (0 for the first when she has no base). */
  legsKm: number[];
  km: number;
  travelMinutes: number;
  /** Every fixed visit on time and the day over by the end of her hours. */
  fits: boolean;
}

/** The timetable of `stops` in this order (a late visit starts when she arrives, and the day does not fit). */
export function scheduleDay(frame: DayFrame, stops: readonly DayStop[]): DayTimes {
  const starts: number[] = [];
  const legsKm: number[] = [];
  let at: LatLon | null = frame.base;
  let t = frame.hours.start;
  let km = 0;
  let travelMinutes = 0;
  let fits = true;
  for (const s of stops) {
    const k = at === null ? 0 : legKm(frame.travel, at, s.loc);
    const m = legMinutes(frame.travel, k);
    km += k;
    legsKm.push(k);
    travelMinutes += m;
    t += m;
    if (s.fixedAt !== null) {
      if (t > s.fixedAt) fits = false;
      else t = s.fixedAt;
    }
    starts.push(t);
    t += s.minutes;
    at = s.loc;
  }
  if (t > frame.hours.end) fits = false;
  return { starts, legsKm, km, travelMinutes, fits };
}

/** Road km of visiting `stops` in this order from the base. */
export function pathKm(frame: DayFrame, stops: readonly DayStop[]): number {
  let km = 0;
  let at: LatLon | null = frame.base;
  for (const s of stops) {
    if (at !== null) km += legKm(frame.travel, at, s.loc);
    at = s.loc;
  }
  return km;
}
