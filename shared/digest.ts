/**
 * The per-resident digest: what whole-device screens (alerts, and next the rounds planner and reports) need
 * to know about one resident, small enough that 10,000 of them are read at once, so those screens never read
 * the resident's visits. The device keeps one per resident row, in step with the records
 * (renderer/db/readModels, docs/architecture.md "Read models").
 *
 * Invariants:
 * - digestOf is a pure function of the resident's records: the same records give an equal digest (arrays in
 *   a fixed order, objects with a fixed key order), whatever order they come in.
 * - It holds facts that depend neither on the day nor on the settings: raw vital values (flags are computed
 *   when read, from the normal ranges in force then, so a settings change needs no rebuild), dates, and the
 *   records alerts are raised on. alertsFromDigests(digests, today, settings) equals shared/alerts.ts
 *   computeAlerts on the same records (property-tested), provided settings.vitals.weightChangeDays ≤
 *   WEIGHT_WINDOW_MAX_DAYS (the limit the settings form enforces).
 * - "Latest" is by (startedAt instant, id) for visits and (assessedOn, id) for assessments, as in alerts.
 * - foldNewVisit returns what digestOf would give with one more visit, or null when it cannot be sure (the
 *   caller then recomputes from the records).
 * - The shape is part of the stored read model: changing it means raising DIGEST_VERSION, which makes every
 *   device rebuild its digests.
 */
import type { AdlGroup } from './adl';
import { alertRowOf, rowAlerts } from './alertRow';
import { compareAlerts, DEFAULT_ALERT_SETTINGS, instantKey, reassessmentDueDate, type Alert, type AlertSettings } from './alerts';
import { currentPlan, isInForceStatus, requiredVisitIntervalDays, type CarePlanActivity, type CarePlanStatus } from './carePlan';
import { addDays, addMonths } from './dates/calendar';
import type { ResidentStatus } from './resident';
import { applyAmendments, type VisitAmendmentData, type VisitData, type VisitOutcome } from './visit';
import type { Vitals, WeightReading } from './vitals';

/** Raised whenever the digest's shape or meaning changes: stored digests of another version are rebuilt. */
export const DIGEST_VERSION = 1;
/** Weight readings kept before the latest visit: the largest weight-change window the settings allow. */
export const WEIGHT_WINDOW_MAX_DAYS = 365;
/** Months of visit counts kept, ending with the month of the latest visit that took place. */
export const MONTHS_KEPT = 24;

export interface VisitRef {
  id: string;
  /** startedAt as an instant key (alerts.ts instantKey): orders visits. */
  t: string;
  /** serviceDate */
  date: string;
}
export interface DigestAdl {
  id: string;
  on: string;
  total: number;
  group: AdlGroup;
}
export interface DigestPlan {
  id: string;
  status: CarePlanStatus;
  version: number;
  approvedAt: string | null;
  startDate: string;
  reviewDate: string;
  /** requiredVisitIntervalDays of the plan */
  interval: number | null;
}

export interface ResidentDigest {
  /** The resident's id. */
  id: string;
  deleted: boolean;
  status: ResidentStatus;
  prefix: string;
  firstName: string;
  lastName: string;
  communityId: string;
  /** Amendment rows of the resident's visits (any state): a visit is folded in only when there are none. */
  amendments: number;
  /** Live visits (not deleted, not voided). */
  visits: number;
  /** The latest live visit, whatever its outcome. */
  latest: (VisitRef & { outcome: VisitOutcome }) | null;
  /** The latest visit that took place, with its vital signs as recorded. */
  lastDone: (VisitRef & { vitals: Vitals }) | null;
  /** Weights of the other visits that took place, at most WEIGHT_WINDOW_MAX_DAYS before lastDone, oldest first. */
  weights: WeightReading[];
  /** The latest live visit that booked a next visit. */
  lastWithNext: (VisitRef & { next: string }) | null;
  /** The latest post-discharge visit that took place. */
  lastDischarge: VisitRef | null;
  /** [YYYY-MM, visits that took place] for the MONTHS_KEPT months ending with lastDone's, oldest first, months with visits only. */
  doneByMonth: [string, number][];
  adl: DigestAdl | null;
  prevAdl: DigestAdl | null;
  /** Live plans approved or active (in force once started), by id. */
  plans: DigestPlan[];
  /** Alert ids of live acknowledgements, sorted. */
  acked: string[];
}

// Structural inputs: stored records (with their envelope) fit.
type Deletable = { deletedAt?: string | null };
export type DigestResident = { id: string; status: ResidentStatus; prefix?: string; firstName?: string; lastName?: string; communityId?: string } & Deletable;
export type DigestVisit = VisitData & { id: string; voidReason?: string } & Deletable;
export type DigestAmendment = VisitAmendmentData & { id: string };
export type DigestAssessment = { id: string; residentId: string; assessedOn: string; total: number; group: AdlGroup; voidReason?: string } & Deletable;
export type DigestPlanInput = { id: string; residentId: string; status: CarePlanStatus; version: number; approvedAt: string | null; startDate: string; reviewDate: string; activities: readonly Pick<CarePlanActivity, 'performer' | 'timesPerWeek'>[] } & Deletable;
export type DigestAck = { alertId: string; residentId: string } & Deletable;

const live = (r: Deletable & { voidReason?: string }): boolean => (r.deletedAt === undefined || r.deletedAt === null) && r.voidReason === undefined;
const after = (a: VisitRef, b: VisitRef): boolean => (a.t !== b.t ? a.t > b.t : a.id > b.id);
const adlAfter = (a: DigestAdl, b: DigestAdl): boolean => (a.on !== b.on ? a.on > b.on : a.id > b.id);
const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The vital values in a fixed key order (so equal digests serialise equally). */
function copyVitals(v: Vitals): Vitals {
  return { systolic: v.systolic, diastolic: v.diastolic, pulse: v.pulse, temperature: v.temperature, spo2: v.spo2, respRate: v.respRate, glucose: v.glucose, weight: v.weight };
}

/** The first month kept when the latest visit that took place is on `date`. */
function firstMonthKept(date: string): string {
  return addMonths(`${date.slice(0, 7)}-01`, -(MONTHS_KEPT - 1)).slice(0, 7);
}

/** The digest of a resident from all its records (other residents' records are ignored). */
export function digestOf(
  resident: DigestResident,
  visits: readonly DigestVisit[],
  amendments: readonly DigestAmendment[],
  assessments: readonly DigestAssessment[],
  plans: readonly DigestPlanInput[],
  acks: readonly DigestAck[],
): ResidentDigest {
  const rid = resident.id;
  const mineAmendments = amendments.filter((a) => a.residentId === rid);
  const byVisit = new Map<string, DigestAmendment[]>();
  for (const a of mineAmendments) {
    const list = byVisit.get(a.visitId);
    if (list) list.push(a);
    else byVisit.set(a.visitId, [a]);
  }

  // Current views (amendments applied) of the live visits, oldest first.
  const timed: { v: DigestVisit; ref: VisitRef }[] = [];
  for (const raw of visits) {
    const mine = byVisit.get(raw.id);
    const v = mine ? applyAmendments(raw, mine).current : raw;
    if (v.residentId !== rid || !live(v)) continue;
    timed.push({ v, ref: { id: v.id, t: instantKey(v.startedAt), date: v.serviceDate } });
  }
  timed.sort((a, b) => (after(a.ref, b.ref) ? 1 : after(b.ref, a.ref) ? -1 : 0));

  let latest: ResidentDigest['latest'] = null;
  let lastDone: ResidentDigest['lastDone'] = null;
  let lastWithNext: ResidentDigest['lastWithNext'] = null;
  let lastDischarge: VisitRef | null = null;
  for (const { v, ref } of timed) {
    latest = { ...ref, outcome: v.outcome };
    if (v.nextVisitDate !== null) lastWithNext = { ...ref, next: v.nextVisitDate };
    if (v.outcome === 'done') {
      lastDone = { ...ref, vitals: copyVitals(v.vitals) };
      if (v.type === 'post_discharge') lastDischarge = { ...ref };
    }
  }

  const weights: WeightReading[] = [];
  const counts = new Map<string, number>();
  if (lastDone !== null) {
    const earliest = addDays(lastDone.date, -WEIGHT_WINDOW_MAX_DAYS);
    const firstMonth = firstMonthKept(lastDone.date);
    for (const { v } of timed) {
      if (v.outcome !== 'done') continue;
      if (v.id !== lastDone.id && v.vitals.weight !== null && v.serviceDate >= earliest) weights.push({ date: v.serviceDate, kg: v.vitals.weight });
      const month = v.serviceDate.slice(0, 7);
      if (month >= firstMonth) counts.set(month, (counts.get(month) ?? 0) + 1);
    }
  }

  let adl: DigestAdl | null = null;
  let prevAdl: DigestAdl | null = null;
  for (const a of assessments) {
    if (a.residentId !== rid || !live(a)) continue;
    const d: DigestAdl = { id: a.id, on: a.assessedOn, total: a.total, group: a.group };
    if (adl === null || adlAfter(d, adl)) {
      prevAdl = adl;
      adl = d;
    } else if (prevAdl === null || adlAfter(d, prevAdl)) {
      prevAdl = d;
    }
  }

  const digestPlans: DigestPlan[] = plans
    .filter((p) => p.residentId === rid && live(p) && isInForceStatus(p.status))
    .map((p) => ({ id: p.id, status: p.status, version: p.version, approvedAt: p.approvedAt, startDate: p.startDate, reviewDate: p.reviewDate, interval: requiredVisitIntervalDays(p) }))
    .sort(byId);

  const acked = [...new Set(acks.filter((a) => a.residentId === rid && live(a)).map((a) => a.alertId))].sort();

  return {
    id: rid,
    deleted: !live(resident),
    status: resident.status,
    prefix: resident.prefix ?? '',
    firstName: resident.firstName ?? '',
    lastName: resident.lastName ?? '',
    communityId: resident.communityId ?? '',
    amendments: mineAmendments.length,
    visits: timed.length,
    latest,
    lastDone,
    weights,
    lastWithNext,
    lastDischarge,
    doneByMonth: [...counts].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
    adl,
    prevAdl,
    plans: digestPlans,
    acked,
  };
}

/** The digest with the resident's own fields replaced (its records unchanged). */
export function withResident(d: ResidentDigest, r: DigestResident): ResidentDigest {
  return { ...d, deleted: !live(r), status: r.status, prefix: r.prefix ?? '', firstName: r.firstName ?? '', lastName: r.lastName ?? '', communityId: r.communityId ?? '' };
}

/**
 * What digestOf gives once `v`, a visit not among the records yet, is added; null when that is not certain
 * without the records: the resident has amendments (one may name the new visit), or the visit is not later,
 * by instant and by date, than every visit the digest refers to.
 */
export function foldNewVisit(d: ResidentDigest, v: DigestVisit): ResidentDigest | null {
  if (v.residentId !== d.id || d.amendments > 0) return null;
  if (!live(v)) return d; // a dead row counts for nothing
  const ref: VisitRef = { id: v.id, t: instantKey(v.startedAt), date: v.serviceDate };
  for (const r of [d.latest, d.lastDone, d.lastWithNext, d.lastDischarge]) {
    if (r !== null && (!after(ref, r) || ref.date < r.date)) return null;
  }
  const out: ResidentDigest = { ...d, visits: d.visits + 1, latest: { ...ref, outcome: v.outcome } };
  if (v.nextVisitDate !== null) out.lastWithNext = { ...ref, next: v.nextVisitDate };
  if (v.outcome === 'done') {
    // Every earlier reading is on or before the new date, so the windows only move forward: dropping what
    // falls out of them gives what a recompute keeps.
    const weights = d.lastDone !== null && d.lastDone.vitals.weight !== null ? [...d.weights, { date: d.lastDone.date, kg: d.lastDone.vitals.weight }] : d.weights;
    const earliest = addDays(ref.date, -WEIGHT_WINDOW_MAX_DAYS);
    out.weights = weights.filter((w) => w.date >= earliest);
    const firstMonth = firstMonthKept(ref.date);
    const month = ref.date.slice(0, 7);
    const months = d.doneByMonth.filter(([m]) => m >= firstMonth).map(([m, n]): [string, number] => [m, m === month ? n + 1 : n]);
    if (!months.some(([m]) => m === month)) months.push([month, 1]);
    out.doneByMonth = months;
    out.lastDone = { ...ref, vitals: copyVitals(v.vitals) };
    if (v.type === 'post_discharge') out.lastDischarge = { ...ref };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Reading a digest: alerts, due dates, visit counts (today and settings are given here, never stored).

/** The resident's open alerts (acknowledged ones left out), in no particular order: those of its alert row. */
export function digestAlerts(d: ResidentDigest, today: string, settings: AlertSettings): Alert[] {
  return rowAlerts(alertRowOf(d), today, settings);
}

/** Every open alert of the digests: the same list, in the same order, as computeAlerts on their records. */
export function alertsFromDigests(digests: Iterable<ResidentDigest>, today: string, settings: Partial<AlertSettings> = {}): Alert[] {
  const s: AlertSettings = { ...DEFAULT_ALERT_SETTINGS, ...settings };
  const out: Alert[] = [];
  for (const d of digests) for (const a of digestAlerts(d, today, s)) out.push(a);
  return out.sort(compareAlerts);
}

export interface DigestDueDates {
  /** Next ADL reassessment (after a discharge when that comes first); null when never assessed (due now). */
  reassessment: string | null;
  /** The booked next visit, unless a visit took place after it was booked. */
  followUp: string | null;
  /** The current plan's review date. */
  planReview: string | null;
  /** The day the current plan's visit interval runs out. */
  nextVisit: string | null;
}

/** What falls due next for the resident, as of `today`. */
export function digestDueDates(d: ResidentDigest, today: string, settings: Partial<AlertSettings> = {}): DigestDueDates {
  const s: AlertSettings = { ...DEFAULT_ALERT_SETTINGS, ...settings };
  const { adl, lastDone, lastWithNext } = d;
  let reassessment: string | null = null;
  if (adl !== null) {
    reassessment = reassessmentDueDate({ assessedOn: adl.on, group: adl.group }, s);
    if (d.lastDischarge !== null && d.lastDischarge.date > adl.on) {
      const due = addDays(d.lastDischarge.date, s.reassessAfterDischargeDays);
      if (due < reassessment) reassessment = due;
    }
  }
  const followUp = lastWithNext !== null && !(lastDone !== null && after(lastDone, lastWithNext)) ? lastWithNext.next : null;
  const plan = currentPlan(d.plans, today);
  let nextVisit: string | null = null;
  if (plan !== null && plan.interval !== null) {
    const base = lastDone !== null && lastDone.date >= plan.startDate ? lastDone.date : plan.startDate;
    nextVisit = addDays(base, plan.interval + s.visitGapGraceDays);
  }
  return { reassessment, followUp, planReview: plan?.reviewDate ?? null, nextVisit };
}

/** Visits that took place in each of the MONTHS_KEPT months ending with today's, oldest first. */
export function visitsPerMonth(d: ResidentDigest, today: string): { month: string; done: number }[] {
  const counts = new Map(d.doneByMonth);
  const out: { month: string; done: number }[] = [];
  for (let i = MONTHS_KEPT - 1; i >= 0; i--) {
    const month = addMonths(`${today.slice(0, 7)}-01`, -i).slice(0, 7);
    out.push({ month, done: counts.get(month) ?? 0 });
  }
  return out;
}
