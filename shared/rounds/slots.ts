/**
 * The state stage 1 works on: each caregiver-day's visits in visiting order with its minutes and travel,
 * visits per caregiver in the week, and where each visit is. Inserting a visit picks the cheapest position
 * in the day's order that still fits (schedule.ts), so every day the state holds has a timetable that works
 * (kept visits aside: they stay even when their day does not fit, and plan.ts reports it).
 *
 * Hard rules checked here (docs/domain.md §9): an open caregiver-day (working day,
 * not leave, not a holiday), a caregiver of the resident's community with her skills, a fixed-time visit on
 * its day within her hours, the weekly visit cap and the day's working minutes, visits plus travel, and no
 * two visits of a resident on one day unless she needs more than one a day (over 7 a week).
 */
import { legKm, legMinutes } from './geo';
import { dayFrame, WEEK_DAYS, type NeededVisit, type Problem } from './problem';
import { scheduleDay, type DayFrame, type DayStop } from './schedule';
import type { LatLon, RoundsCaregiver } from './types';

export interface Slot {
  caregiver: number;
  day: number;
  frame: DayFrame;
  stops: DayStop[];
  /** Visit minutes and travel minutes of `stops` in their order. */
  busy: number;
  km: number;
  /** Road km of the leg into each stop of `stops` (0 into the first when she has no base). */
  legs: number[];
  fixed: number;
}

export interface Insertion {
  slot: Slot;
  position: number;
  deltaKm: number;
}

export interface Placement {
  caregiver: number;
  day: number;
}

export class SlotState {
  readonly slots = new Map<number, Slot>();
  readonly weekCount: number[];
  readonly at: (Placement | null)[];
  /** Each resident's visits (indices). */
  readonly byResident: number[][];
  /** Visits per open caregiver-day if the week's visits were shared evenly (cost.ts overload). */
  readonly meanLoad: number;
  /** Open days of each caregiver in the week. */
  readonly openDays: number[];

  constructor(readonly p: Problem) {
    this.weekCount = p.caregivers.map(() => 0);
    this.at = p.visits.map(() => null);
    this.byResident = p.residents.map(() => []);
    p.visits.forEach((v, i) => this.byResident[v.resident]?.push(i));
    this.openDays = p.open.map((days) => days.filter(Boolean).length);
    this.meanLoad = p.visits.length / Math.max(1, this.openDays.reduce((n, d) => n + d, 0));
  }

  slot(caregiver: number, day: number): Slot {
    const key = caregiver * WEEK_DAYS + day;
    let s = this.slots.get(key);
    if (s === undefined) {
      s = { caregiver, day, frame: dayFrame(this.p, caregiver), stops: [], busy: 0, km: 0, legs: [], fixed: 0 };
      this.slots.set(key, s);
    }
    return s;
  }

  stopOf(visit: number): DayStop {
    const v = this.p.visits[visit] as NeededVisit;
    const r = this.p.residents[v.resident];
    return { visit, loc: this.p.locations[v.resident] as LatLon, minutes: r?.minutesPerVisit ?? 0, fixedAt: v.fixedAt };
  }

  /** Whether the visit may go to this caregiver-day at all, before time and order. */
  allowed(visit: number, caregiver: number, day: number): boolean {
    const v = this.p.visits[visit] as NeededVisit;
    const cg = this.p.caregivers[caregiver] as RoundsCaregiver;
    if (!this.p.open[caregiver]?.[day]) return false;
    if (v.day !== null && v.day !== day) return false;
    if ((this.weekCount[caregiver] as number) >= cg.weeklyVisitCap) return false;
    if (this.onDay(v.resident, day, visit) >= Math.ceil((this.p.required[v.resident] as number) / WEEK_DAYS)) return false;
    if (v.fixedAt === null) return true;
    const minutes = this.p.residents[v.resident]?.minutesPerVisit ?? 0;
    return v.fixedAt >= cg.hours.start && v.fixedAt + minutes <= cg.hours.end;
  }

  /** The resident's visits placed on the day, `except` one. */
  onDay(resident: number, day: number, except: number): number {
    let n = 0;
    for (const i of this.byResident[resident] as number[]) if (i !== except && this.at[i]?.day === day) n++;
    return n;
  }

  /** The cheapest position of the visit in this caregiver-day that fits; null when none does. */
  bestInsertion(visit: number, caregiver: number, day: number): Insertion | null {
    const slot = this.slot(caregiver, day);
    const stop = this.stopOf(visit);
    const { frame, stops } = slot;
    const room = frame.hours.end - frame.hours.start - slot.busy - stop.minutes;
    if (room < 0) return null;
    const simple = slot.fixed === 0 && stop.fixedAt === null;
    const options: { position: number; deltaKm: number }[] = [];
    // Each leg from the new stop is measured once; the legs it replaces are the day's own (slot.legs).
    const fromBase = frame.base === null ? 0 : legKm(frame.travel, frame.base, stop.loc);
    let inKm = fromBase;
    for (let i = 0; i <= stops.length; i++) {
      const next = stops[i];
      const outKm = next === undefined ? 0 : legKm(frame.travel, stop.loc, next.loc);
      const oldKm = next === undefined ? 0 : (slot.legs[i] as number);
      // With no base the day starts at the first visit: a leg from nowhere is free (so is the one it replaces).
      const deltaMin = legMinutes(frame.travel, inKm) + legMinutes(frame.travel, outKm) - legMinutes(frame.travel, oldKm);
      if (!simple || deltaMin <= room) options.push({ position: i, deltaKm: inKm + outKm - oldKm });
      inKm = outKm;
    }
    options.sort((a, b) => a.deltaKm - b.deltaKm || a.position - b.position);
    for (const o of options) {
      if (simple || scheduleDay(frame, withStop(stops, o.position, stop)).fits) return { slot, position: o.position, deltaKm: o.deltaKm };
    }
    return null;
  }

  insert(visit: number, ins: Insertion): void {
    const { slot } = ins;
    slot.stops.splice(ins.position, 0, this.stopOf(visit));
    this.refresh(slot);
    this.weekCount[slot.caregiver] = (this.weekCount[slot.caregiver] as number) + 1;
    this.at[visit] = { caregiver: slot.caregiver, day: slot.day };
  }

  /** Takes the visit out; returns where it was, to put it back. */
  remove(visit: number): { slot: Slot; position: number } {
    const where = this.at[visit];
    if (where === null || where === undefined) throw new RangeError(`visit ${visit} is not placed`);
    const slot = this.slot(where.caregiver, where.day);
    const position = slot.stops.findIndex((s) => s.visit === visit);
    slot.stops.splice(position, 1);
    this.refresh(slot);
    this.weekCount[slot.caregiver] = (this.weekCount[slot.caregiver] as number) - 1;
    this.at[visit] = null;
    return { slot, position };
  }

  /** Puts a kept visit on its caregiver-day whatever the rules say (it never moves). */
  keep(visit: number, caregiver: number, day: number): void {
    const slot = this.slot(caregiver, day);
    const stop = this.stopOf(visit);
    let position = slot.stops.length;
    if (stop.fixedAt !== null) {
      const later = slot.stops.findIndex((s) => s.fixedAt !== null && s.fixedAt > (stop.fixedAt as number));
      if (later >= 0) position = later;
    }
    this.insert(visit, { slot, position, deltaKm: 0 });
  }

  /** Recomputes a day's totals after its order changed. */
  refresh(slot: Slot): void {
    const t = scheduleDay(slot.frame, slot.stops);
    slot.km = t.km;
    slot.legs = t.legsKm;
    slot.busy = t.travelMinutes + slot.stops.reduce((sum, s) => sum + s.minutes, 0);
    slot.fixed = slot.stops.filter((s) => s.fixedAt !== null).length;
  }
}

function withStop(stops: readonly DayStop[], position: number, stop: DayStop): DayStop[] {
  return [...stops.slice(0, position), stop, ...stops.slice(position)];
}
