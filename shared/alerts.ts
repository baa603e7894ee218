/**
 * Alerts for care managers, computed from the records on the device (no server); the rules are described in docs/domain.md §3 and §5.
 *
 * Invariants:
 * - computeAlerts is a pure function of its input. An alert's id is `<rule>:<residentId>:<recordId>`, where
 *   the record is the one that triggered it (the visit, assessment or plan; the resident itself when there
 *   is none), so the same data always yields the same ids, whatever order the records come in, and an
 *   acknowledgement ({alertId, by, at}, a synced record) keeps suppressing exactly that alert. A newer
 *   triggering record makes a new alert.
 * - "Latest" is decided by (instant or date, then id), never by input order.
 * - One pass groups the records by resident; each resident's work is linear in its own records, so the whole
 *   computation is O(residents + visits + assessments + plans) (10,000 residents and 200,000 visits well
 *   under a second).
 * - Moved or deceased residents and deleted records raise no alerts; voided records are ignored.
 * - computeAlerts reads every record and is the reference statement of the rules: the app lists alerts from
 *   the per-resident digests instead (shared/digest.ts alertsFromDigests, which never reads visits), and a
 *   property test holds the two equal on random records. A rule changes in both, or the test fails.
 */
import { ADL_GROUP_ORDER, ADL_SIGNIFICANT_CHANGE, type AdlGroup } from './adl';
import { currentPlan, requiredVisitIntervalDays, type CarePlanData } from './carePlan';
import { addDays, addMonths } from './dates/calendar';
import { ARCHIVED_STATUSES, type ResidentStatus } from './resident';
import type { VisitData } from './visit';
import { DEFAULT_VITAL_SETTINGS, flagVitals, hasUrgentFlag, type VitalFlag, type VitalSettings, type WeightReading } from './vitals';

export const ALERT_RULES = [
  'abnormal_vitals',
  'adl_group_worse',
  'adl_decline',
  'reassessment_overdue',
  'follow_up_overdue',
  'visit_gap',
  'plan_review_overdue',
] as const;
export type AlertRule = (typeof ALERT_RULES)[number];
export type AlertSeverity = 'urgent' | 'warning';

export interface Alert {
  id: string;
  rule: AlertRule;
  residentId: string;
  /** The record that triggered it (visit, assessment, plan), or the resident when there is none. */
  recordId: string;
  severity: AlertSeverity;
  /** The day the condition began or fell due (YYYY-MM-DD); null when unknown (never assessed). */
  since: string | null;
  params: AlertParams;
}

export type AlertParams =
  | { rule: 'abnormal_vitals'; serviceDate: string; flags: VitalFlag[] }
  | { rule: 'adl_group_worse' | 'adl_decline'; from: AdlGroup; to: AdlGroup; previousTotal: number; total: number; assessedOn: string }
  | { rule: 'reassessment_overdue'; reason: 'enrolment' | 'interval' | 'discharge'; dueDate: string | null; lastAssessedOn: string | null }
  | { rule: 'follow_up_overdue'; dueDate: string; visitDate: string }
  | { rule: 'visit_gap'; intervalDays: number; lastVisitDate: string | null; dueDate: string }
  | { rule: 'plan_review_overdue'; reviewDate: string; version: number };

export interface AlertSettings {
  vitals: VitalSettings;
  /** docs/domain.md §3: 6-monthly for dependants (ADL ≤ 11), yearly otherwise ("verify"). */
  reassessMonthsDependent: number;
  reassessMonthsIndependent: number;
  /** docs/domain.md §3: reassess after discharge; days allowed after a post-discharge visit (not in docs/domain.md: a default). */
  reassessAfterDischargeDays: number;
  /** Extra days beyond the plan's visit interval before a gap alerts. */
  visitGapGraceDays: number;
}

export const DEFAULT_ALERT_SETTINGS: Readonly<AlertSettings> = {
  vitals: DEFAULT_VITAL_SETTINGS,
  reassessMonthsDependent: 6,
  reassessMonthsIndependent: 12,
  reassessAfterDischargeDays: 7,
  visitGapGraceDays: 0,
};

// Structural inputs: full records (with envelope) fit, so callers pass what they hold.
type Deletable = { deletedAt?: string | null };
export type AlertResident = { id: string; status: ResidentStatus } & Deletable;
export type AlertVisit = { id: string; voidReason?: string } & Deletable &
  Pick<VisitData, 'residentId' | 'startedAt' | 'serviceDate' | 'outcome' | 'type' | 'vitals' | 'nextVisitDate'>;
export type AlertAssessment = { id: string; residentId: string; assessedOn: string; total: number; group: AdlGroup; voidReason?: string } & Deletable;
export type AlertPlan = { id: string } & Deletable & CarePlanData;
export type AlertAck = { alertId: string } & Deletable;

export interface AlertInput {
  residents: readonly AlertResident[];
  /** Current views (amendments applied). */
  visits: readonly AlertVisit[];
  assessments: readonly AlertAssessment[];
  plans: readonly AlertPlan[];
  acknowledgements?: readonly AlertAck[];
  today: string; // YYYY-MM-DD, Bangkok
  settings?: Partial<AlertSettings>;
}

/** When an ADL assessment falls due again (docs/domain.md: dependent every 6 months, independent every 12). */
export function reassessmentDueDate(latest: { assessedOn: string; group: AdlGroup }, settings: Pick<AlertSettings, 'reassessMonthsDependent' | 'reassessMonthsIndependent'> = DEFAULT_ALERT_SETTINGS): string {
  return addMonths(latest.assessedOn, latest.group === 'social' ? settings.reassessMonthsIndependent : settings.reassessMonthsDependent);
}

export function alertId(rule: AlertRule, residentId: string, recordId: string): string {
  return `${rule}:${residentId}:${recordId}`;
}

// ---------------------------------------------------------------------------------------------------------

/**
 * A key that orders instants as strings: toISOString's own form (`…T02:00:00.000Z`, what the app stores) is
 * used as is, so the common case allocates nothing; any other valid spelling is normalised to it.
 */
export function instantKey(iso: string): string {
  if (iso.length === 24 && iso.charCodeAt(23) === 90 /* Z */ && iso.charCodeAt(19) === 46 /* . */) return iso;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : iso;
}

interface TimedVisit {
  v: AlertVisit;
  t: string; // instantKey(startedAt)
}

interface Bucket {
  visits: TimedVisit[];
  assessments: AlertAssessment[];
  plans: AlertPlan[];
}

const live = (r: Deletable & { voidReason?: string }): boolean => (r.deletedAt === undefined || r.deletedAt === null) && r.voidReason === undefined;

function visitAfter(a: TimedVisit, b: TimedVisit): boolean {
  return a.t !== b.t ? a.t > b.t : a.v.id > b.v.id;
}

function assessmentAfter(a: AlertAssessment, b: AlertAssessment): boolean {
  return a.assessedOn !== b.assessedOn ? a.assessedOn > b.assessedOn : a.id > b.id;
}

const SEVERITY_ORDER: Record<AlertSeverity, number> = { urgent: 0, warning: 1 };
const RULE_ORDER = new Map(ALERT_RULES.map((r, i) => [r, i]));

/** Every open (unacknowledged) alert: urgent first, then by rule, resident and id. */
export function computeAlerts(input: AlertInput): Alert[] {
  const settings: AlertSettings = { ...DEFAULT_ALERT_SETTINGS, ...input.settings };
  const { today } = input;

  const buckets = new Map<string, Bucket>();
  for (const r of input.residents) {
    if (live(r) && !ARCHIVED_STATUSES.includes(r.status)) buckets.set(r.id, { visits: [], assessments: [], plans: [] });
  }
  for (const v of input.visits) {
    if (!live(v)) continue;
    const bucket = buckets.get(v.residentId);
    if (bucket !== undefined) bucket.visits.push({ v, t: instantKey(v.startedAt) });
  }
  for (const a of input.assessments) if (live(a)) buckets.get(a.residentId)?.assessments.push(a);
  for (const p of input.plans) if (live(p)) buckets.get(p.residentId)?.plans.push(p);

  const acked = new Set<string>();
  for (const a of input.acknowledgements ?? []) if (live(a)) acked.add(a.alertId);

  const alerts: Alert[] = [];
  const statusOf = new Map(input.residents.map((r) => [r.id, r.status]));
  for (const [residentId, b] of buckets) {
    residentAlerts(residentId, statusOf.get(residentId) ?? 'active', b, today, settings, alerts);
  }

  return alerts.filter((a) => !acked.has(a.id)).sort(compareAlerts);
}

/** The order alerts are listed in: urgent first, then by rule, resident and id. */
export function compareAlerts(x: Alert, y: Alert): number {
  return (
    SEVERITY_ORDER[x.severity] - SEVERITY_ORDER[y.severity] ||
    (RULE_ORDER.get(x.rule) ?? 0) - (RULE_ORDER.get(y.rule) ?? 0) ||
    (x.residentId < y.residentId ? -1 : x.residentId > y.residentId ? 1 : 0) ||
    (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)
  );
}

function residentAlerts(residentId: string, status: ResidentStatus, b: Bucket, today: string, settings: AlertSettings, out: Alert[]): void {
  const push = (rule: AlertRule, recordId: string, severity: AlertSeverity, since: string | null, params: AlertParams): void => {
    out.push({ id: alertId(rule, residentId, recordId), rule, residentId, recordId, severity, since, params });
  };
  const awayInHospital = status === 'in_hospital';

  // One pass over the visits: latest done, latest with a next-visit date, latest post-discharge.
  let lastDone: TimedVisit | null = null;
  let lastWithNext: TimedVisit | null = null;
  let lastDischarge: TimedVisit | null = null;
  for (const tv of b.visits) {
    if (tv.v.outcome === 'done') {
      if (lastDone === null || visitAfter(tv, lastDone)) lastDone = tv;
      if (tv.v.type === 'post_discharge' && (lastDischarge === null || visitAfter(tv, lastDischarge))) lastDischarge = tv;
    }
    if (tv.v.nextVisitDate !== null && (lastWithNext === null || visitAfter(tv, lastWithNext))) lastWithNext = tv;
  }

  // Abnormal vitals on the latest visit that took place (weight against the resident's earlier readings).
  if (lastDone !== null) {
    const history: WeightReading[] = [];
    const latest = lastDone;
    // Only readings inside the window can matter; skipping the rest early saves an allocation per visit.
    const earliest = addDays(latest.v.serviceDate, -settings.vitals.weightChangeDays);
    for (const tv of b.visits) {
      if (tv !== latest && tv.v.serviceDate >= earliest && tv.v.outcome === 'done' && tv.v.vitals.weight !== null && visitAfter(latest, tv)) {
        history.push({ date: tv.v.serviceDate, kg: tv.v.vitals.weight });
      }
    }
    const flags = flagVitals(latest.v.vitals, settings.vitals, { date: latest.v.serviceDate, history });
    if (flags.length > 0) {
      push('abnormal_vitals', latest.v.id, hasUrgentFlag(flags) ? 'urgent' : 'warning', latest.v.serviceDate, {
        rule: 'abnormal_vitals',
        serviceDate: latest.v.serviceDate,
        flags,
      });
    }
  }

  // ADL: the latest two assessments.
  let latestA: AlertAssessment | null = null;
  let previousA: AlertAssessment | null = null;
  for (const a of b.assessments) {
    if (latestA === null || assessmentAfter(a, latestA)) {
      previousA = latestA;
      latestA = a;
    } else if (previousA === null || assessmentAfter(a, previousA)) {
      previousA = a;
    }
  }
  if (latestA !== null && previousA !== null) {
    const rank = (g: AdlGroup): number => ADL_GROUP_ORDER.indexOf(g);
    const params = { from: previousA.group, to: latestA.group, previousTotal: previousA.total, total: latestA.total, assessedOn: latestA.assessedOn };
    if (rank(latestA.group) > rank(previousA.group)) {
      push('adl_group_worse', latestA.id, 'warning', latestA.assessedOn, { rule: 'adl_group_worse', ...params });
    } else if (previousA.total - latestA.total >= ADL_SIGNIFICANT_CHANGE) {
      push('adl_decline', latestA.id, 'warning', latestA.assessedOn, { rule: 'adl_decline', ...params });
    }
  }

  // Reassessment: after a discharge first (more specific), else by interval, else never assessed.
  if (!awayInHospital) {
    if (latestA === null) {
      push('reassessment_overdue', residentId, 'warning', null, { rule: 'reassessment_overdue', reason: 'enrolment', dueDate: null, lastAssessedOn: null });
    } else {
      const lastOn = latestA.assessedOn;
      const discharge = lastDischarge !== null && lastDischarge.v.serviceDate > lastOn ? lastDischarge : null;
      const dischargeDue = discharge === null ? null : addDays(discharge.v.serviceDate, settings.reassessAfterDischargeDays);
      const intervalDue = reassessmentDueDate(latestA, settings);
      if (discharge !== null && dischargeDue !== null && today > dischargeDue) {
        push('reassessment_overdue', discharge.v.id, 'warning', dischargeDue, { rule: 'reassessment_overdue', reason: 'discharge', dueDate: dischargeDue, lastAssessedOn: lastOn });
      } else if (today > intervalDue) {
        push('reassessment_overdue', latestA.id, 'warning', intervalDue, { rule: 'reassessment_overdue', reason: 'interval', dueDate: intervalDue, lastAssessedOn: lastOn });
      }
    }
  }

  // Follow-up: the latest booked next visit has passed and no visit took place after the booking one.
  if (!awayInHospital && lastWithNext !== null) {
    const due = lastWithNext.v.nextVisitDate;
    const satisfied = lastDone !== null && visitAfter(lastDone, lastWithNext);
    if (due !== null && !satisfied && today > due) {
      push('follow_up_overdue', lastWithNext.v.id, 'warning', due, { rule: 'follow_up_overdue', dueDate: due, visitDate: lastWithNext.v.serviceDate });
    }
  }

  const plan = currentPlan(b.plans, today);
  if (plan !== null) {
    // No visit for longer than the plan allows, counted from the last visit or the plan's start.
    const interval = requiredVisitIntervalDays(plan);
    if (!awayInHospital && interval !== null) {
      const fromVisit = lastDone !== null && lastDone.v.serviceDate >= plan.startDate;
      const base = fromVisit && lastDone !== null ? lastDone.v.serviceDate : plan.startDate;
      const due = addDays(base, interval + settings.visitGapGraceDays);
      if (today > due) {
        push('visit_gap', fromVisit && lastDone !== null ? lastDone.v.id : plan.id, 'warning', due, {
          rule: 'visit_gap',
          intervalDays: interval,
          lastVisitDate: lastDone === null ? null : lastDone.v.serviceDate,
          dueDate: due,
        });
      }
    }
    if (plan.reviewDate < today) {
      push('plan_review_overdue', plan.id, 'warning', plan.reviewDate, { rule: 'plan_review_overdue', reviewDate: plan.reviewDate, version: plan.version });
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Acknowledgement: a synced, append-only record.

export interface AlertAckData {
  alertId: string;
  residentId: string; // so the acknowledgement syncs with the resident's records
  by: string; // user id
  at: string; // ISO UTC instant
}

export function acknowledge(alert: Alert, by: string, at: string): AlertAckData {
  return { alertId: alert.id, residentId: alert.residentId, by, at };
}
