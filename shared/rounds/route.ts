/**
 * Stage 2: the order of one caregiver-day. Nearest neighbour from her base (or from the day's first visit
 * when she has none) over the visits without a set time; visits with a set time are slotted in before the
 * first visit that would make her late for them; then 2-opt (reversing a stretch of the route) and Or-opt
 * (moving a stretch of 1 to 3 visits elsewhere) in turn while either shortens the road km. A route is only ever replaced by one whose timetable works (schedule.ts), and
 * stage 1's order, which works, is the fallback: so a fixed time is never missed because of routing.
 */
import { legKm, legMinutes } from './geo';
import { pathKm, scheduleDay, type DayFrame, type DayStop } from './schedule';
import type { LatLon } from './types';

const EPS_KM = 1e-9;

/** Flexible visits by nearest neighbour from `start`; ties by visit index. */
export function nearestNeighbour(frame: DayFrame, start: LatLon | null, stops: readonly DayStop[]): DayStop[] {
  const left = [...stops].sort((a, b) => a.visit - b.visit);
  const out: DayStop[] = [];
  let at = start;
  while (left.length > 0) {
    let best = 0;
    if (at !== null) {
      let bestKm = Infinity;
      left.forEach((s, i) => {
        const km = legKm(frame.travel, at as LatLon, s.loc);
        if (km < bestKm - EPS_KM) {
          bestKm = km;
          best = i;
        }
      });
    }
    const [next] = left.splice(best, 1) as [DayStop];
    out.push(next);
    at = next.loc;
  }
  return out;
}

/** Flexible visits in their order with the fixed ones slotted in where waiting for them is due. */
export function withFixed(frame: DayFrame, flexible: readonly DayStop[], fixed: readonly DayStop[]): DayStop[] {
  const anchors = [...fixed].sort((a, b) => (a.fixedAt as number) - (b.fixedAt as number) || a.visit - b.visit);
  const out: DayStop[] = [];
  let at = frame.base;
  let t = frame.hours.start;
  const go = (s: DayStop): void => {
    t += at === null ? 0 : legMinutes(frame.travel, legKm(frame.travel, at, s.loc));
    t = Math.max(t, s.fixedAt ?? t) + s.minutes;
    at = s.loc;
    out.push(s);
  };
  for (const f of flexible) {
    while (anchors.length > 0) {
      const a = anchors[0] as DayStop;
      const via = t + (at === null ? 0 : legMinutes(frame.travel, legKm(frame.travel, at, f.loc))) + f.minutes + legMinutes(frame.travel, legKm(frame.travel, f.loc, a.loc));
      if (via <= (a.fixedAt as number)) break;
      go(anchors.shift() as DayStop);
    }
    go(f);
  }
  anchors.forEach(go);
  return out;
}

/** 2-opt on an open path: reverses stretches while that shortens it and the timetable still works. */
export function twoOpt(frame: DayFrame, stops: readonly DayStop[]): DayStop[] {
  let route = [...stops];
  const km = (a: LatLon | null, b: LatLon | null): number => (a === null || b === null ? 0 : legKm(frame.travel, a, b));
  let improved = true;
  while (improved) {
    improved = false;
    for (let i = 0; i < route.length - 1; i++) {
      for (let j = i + 1; j < route.length; j++) {
        const before = i === 0 ? frame.base : (route[i - 1] as DayStop).loc;
        const first = (route[i] as DayStop).loc;
        const last = (route[j] as DayStop).loc;
        const after = route[j + 1]?.loc ?? null;
        // With no base the route starts at its first visit: a stretch from the start has no leg into it.
        const delta = km(before, last) + km(first, after) - km(before, first) - km(last, after);
        if (delta >= -EPS_KM) continue;
        const next = [...route.slice(0, i), ...route.slice(i, j + 1).reverse(), ...route.slice(j + 1)];
        if (!scheduleDay(frame, next).fits) continue;
        route = next;
        improved = true;
      }
    }
  }
  return route;
}

/**
 * Or-opt on an open path: moves a stretch of 1 to 3 consecutive visits (as it is or reversed) to another
 * place in the route while that shortens it and the timetable still works.
 */
export function orOpt(frame: DayFrame, stops: readonly DayStop[]): DayStop[] {
  let route = [...stops];
  const km = (a: LatLon | null, b: LatLon | null): number => (a === null || b === null ? 0 : legKm(frame.travel, a, b));
  const locAt = (r: readonly DayStop[], i: number): LatLon | null => (i < 0 ? frame.base : (r[i]?.loc ?? null));
  let improved = true;
  while (improved) {
    improved = false;
    for (let len = 1; len <= 3; len++) {
      for (let i = 0; i + len <= route.length; i++) {
        const first = (route[i] as DayStop).loc;
        const last = (route[i + len - 1] as DayStop).loc;
        const before = locAt(route, i - 1);
        const after = locAt(route, i + len);
        // What taking the stretch out saves; with no base, a leg from the start is free (as in twoOpt).
        const saved = km(before, first) + km(last, after) - km(before, after);
        if (saved <= EPS_KM) continue;
        const rest = [...route.slice(0, i), ...route.slice(i + len)];
        const stretch = route.slice(i, i + len);
        let best: { at: number; reversed: boolean; gain: number } | null = null;
        for (let at = 0; at <= rest.length; at++) {
          if (at === i) continue;
          const prev = locAt(rest, at - 1);
          const next = locAt(rest, at);
          const open = km(prev, next);
          for (const reversed of [false, true]) {
            const [a, b] = reversed ? [last, first] : [first, last];
            const gain = saved - (km(prev, a) + km(b, next) - open);
            if (gain > EPS_KM && (best === null || gain > best.gain + EPS_KM)) best = { at, reversed, gain };
          }
        }
        if (best === null) continue;
        const moved = best.reversed ? [...stretch].reverse() : stretch;
        const next = [...rest.slice(0, best.at), ...moved, ...rest.slice(best.at)];
        if (!scheduleDay(frame, next).fits) continue;
        route = next;
        improved = true;
      }
    }
  }
  return route;
}

/** 2-opt and Or-opt in turn until neither shortens the route. */
export function localOpt(frame: DayFrame, stops: readonly DayStop[]): DayStop[] {
  let route = twoOpt(frame, stops);
  for (;;) {
    const before = pathKm(frame, route);
    route = twoOpt(frame, orOpt(frame, route));
    if (pathKm(frame, route) >= before - EPS_KM) return route;
  }
}

/** The day's route: nearest neighbour + fixed times + 2-opt/Or-opt, or stage 1's order improved when that is shorter or the only one that works. */
export function routeDay(frame: DayFrame, assigned: readonly DayStop[]): DayStop[] {
  const flexible = assigned.filter((s) => s.fixedAt === null);
  const fixed = assigned.filter((s) => s.fixedAt !== null);
  const start = frame.base ?? assigned[0]?.loc ?? null;
  const built = withFixed(frame, nearestNeighbour(frame, start, flexible), fixed);
  if (!scheduleDay(frame, assigned).fits) return scheduleDay(frame, built).fits ? localOpt(frame, built) : [...assigned];
  const candidates = [localOpt(frame, assigned)];
  if (scheduleDay(frame, built).fits) candidates.unshift(localOpt(frame, built));
  return candidates.reduce((best, c) => (pathKm(frame, c) < pathKm(frame, best) - EPS_KM ? c : best));
}
