/**
 * The alert row: the part of a resident's digest (digest.ts) that open alerts are computed from, flat and
 * small, so the Alerts page reads 10,000 of them quickly (a digest also carries a year of weights and two
 * years of monthly counts as nested objects, which IndexedDB clones one by one). The device keeps one per
 * digest (renderer/db/readModels/alertRows.ts), written with it.
 *
 * Invariants:
 * - alertRowOf is a pure function of the digest, and rowAlerts(alertRowOf(d), today, settings) is exactly
 *   the alert list of `d` for that day and those settings: digest.ts digestAlerts is implemented as that
 *   composition, so the property test of digest.test.ts (digests vs computeAlerts over the records, any
 *   day and settings) covers this module too.
 * - Nothing here depends on the day or on the settings: the weight readings are kept as they are (encoded in
 *   one string, decoded only when the latest visit has a weight) and flags, due dates and the current plan
 *   are worked out when read.
 * - A resident that can raise no alert (deleted or archived) has a row with `active: false` and nothing else
 *   filled in, so the rows stay one per digest.
 */
import { ADL_GROUP_ORDER, ADL_SIGNIFICANT_CHANGE, type AdlGroup } from './adl';
import { alertId, compareAlerts, DEFAULT_ALERT_SETTINGS, reassessmentDueDate, type Alert, type AlertParams, type AlertRule, type AlertSettings, type AlertSeverity } from './alerts';
import { currentPlan } from './carePlan';
import { addDays } from './dates/calendar';
import type { DigestPlan, ResidentDigest } from './digest';
import { ARCHIVED_STATUSES } from './resident';
import { flagVitals, hasUrgentFlag, type Vitals, type WeightReading } from './vitals';

export interface AlertRow {
  /** The resident's id. */
  id: string;
  /** False for a deleted or archived resident: no alerts, and the fields below are empty. */
  active: boolean;
  /** prefix + first name + ' ' + last name, as the Alerts page shows it. */
  name: string;
  communityId: string;
  /** In hospital: no visit, reassessment or follow-up alerts. */
  away: boolean;
  /** The latest visit that took place: id, service date, vitals as recorded. */
  doneId: string | null;
  doneDate: string | null;
  vitals: Vitals | null;
  /** The digest's weights (other visits that took place, oldest first) as `date kg` pairs joined by ','. */
  weights: string;
  /** Whether the latest visit that took place is later than lastWithNext (which then booked nothing still open). */
  followUpDone: boolean;
  /** The latest visit that booked a next visit: id, service date, the booked date. */
  nextFromId: string | null;
  nextFromDate: string | null;
  nextDate: string | null;
  /** The latest post-discharge visit that took place. */
  dischargeId: string | null;
  dischargeDate: string | null;
  /** The latest ADL assessment (id, date, total, group) and the total and group of the one before. */
  adlId: string | null;
  adlOn: string | null;
  adlTotal: number | null;
  adlGroup: AdlGroup | null;
  prevAdlTotal: number | null;
  prevAdlGroup: AdlGroup | null;
  plans: DigestPlan[];
  /** Alert ids of live acknowledgements, sorted. */
  acked: string[];
}

/** The alert row of a digest (see the header). */
export function alertRowOf(d: ResidentDigest): AlertRow {
  const active = !(d.deleted || ARCHIVED_STATUSES.includes(d.status));
  const row: AlertRow = {
    id: d.id,
    active,
    name: `${d.prefix}${d.firstName} ${d.lastName}`,
    communityId: d.communityId,
    away: false,
    doneId: null,
    doneDate: null,
    vitals: null,
    weights: '',
    followUpDone: false,
    nextFromId: null,
    nextFromDate: null,
    nextDate: null,
    dischargeId: null,
    dischargeDate: null,
    adlId: null,
    adlOn: null,
    adlTotal: null,
    adlGroup: null,
    prevAdlTotal: null,
    prevAdlGroup: null,
    plans: [],
    acked: [],
  };
  if (!active) return row;
  const { lastDone, lastWithNext, lastDischarge, adl, prevAdl } = d;
  row.away = d.status === 'in_hospital';
  if (lastDone !== null) {
    row.doneId = lastDone.id;
    row.doneDate = lastDone.date;
    row.vitals = lastDone.vitals;
    row.weights = d.weights.map((w) => `${w.date} ${w.kg}`).join(',');
  }
  if (lastWithNext !== null) {
    row.followUpDone = lastDone !== null && (lastDone.t !== lastWithNext.t ? lastDone.t > lastWithNext.t : lastDone.id > lastWithNext.id);
    row.nextFromId = lastWithNext.id;
    row.nextFromDate = lastWithNext.date;
    row.nextDate = lastWithNext.next;
  }
  if (lastDischarge !== null) {
    row.dischargeId = lastDischarge.id;
    row.dischargeDate = lastDischarge.date;
  }
  if (adl !== null) {
    row.adlId = adl.id;
    row.adlOn = adl.on;
    row.adlTotal = adl.total;
    row.adlGroup = adl.group;
  }
  if (prevAdl !== null) {
    row.prevAdlTotal = prevAdl.total;
    row.prevAdlGroup = prevAdl.group;
  }
  row.plans = d.plans;
  row.acked = d.acked;
  return row;
}

function decodeWeights(encoded: string): WeightReading[] {
  if (encoded === '') return [];
  return encoded.split(',').map((pair) => {
    const space = pair.indexOf(' ');
    return { date: pair.slice(0, space), kg: Number(pair.slice(space + 1)) };
  });
}

const rank = (g: AdlGroup): number => ADL_GROUP_ORDER.indexOf(g);

/** The resident's open alerts (acknowledged ones left out), in no particular order. */
export function rowAlerts(r: AlertRow, today: string, settings: AlertSettings): Alert[] {
  if (!r.active) return [];
  const out: Alert[] = [];
  const push = (rule: AlertRule, recordId: string, severity: AlertSeverity, since: string | null, params: AlertParams): void => {
    const id = alertId(rule, r.id, recordId);
    if (r.acked.length === 0 || !r.acked.includes(id)) out.push({ id, rule, residentId: r.id, recordId, severity, since, params });
  };
  const { away, doneId, doneDate, vitals } = r;

  if (doneId !== null && doneDate !== null && vitals !== null) {
    // The weights are only needed to judge a weight change, i.e. when this visit recorded a weight.
    const history = vitals.weight === null ? [] : decodeWeights(r.weights);
    const flags = flagVitals(vitals, settings.vitals, { date: doneDate, history });
    if (flags.length > 0) push('abnormal_vitals', doneId, hasUrgentFlag(flags) ? 'urgent' : 'warning', doneDate, { rule: 'abnormal_vitals', serviceDate: doneDate, flags });
  }

  const adl = r.adlId !== null && r.adlOn !== null && r.adlTotal !== null && r.adlGroup !== null ? { id: r.adlId, on: r.adlOn, total: r.adlTotal, group: r.adlGroup } : null;
  if (adl !== null && r.prevAdlTotal !== null && r.prevAdlGroup !== null) {
    const params = { from: r.prevAdlGroup, to: adl.group, previousTotal: r.prevAdlTotal, total: adl.total, assessedOn: adl.on };
    if (rank(adl.group) > rank(r.prevAdlGroup)) push('adl_group_worse', adl.id, 'warning', adl.on, { rule: 'adl_group_worse', ...params });
    else if (r.prevAdlTotal - adl.total >= ADL_SIGNIFICANT_CHANGE) push('adl_decline', adl.id, 'warning', adl.on, { rule: 'adl_decline', ...params });
  }

  if (!away) {
    if (adl === null) {
      push('reassessment_overdue', r.id, 'warning', null, { rule: 'reassessment_overdue', reason: 'enrolment', dueDate: null, lastAssessedOn: null });
    } else {
      const discharge = r.dischargeId !== null && r.dischargeDate !== null && r.dischargeDate > adl.on ? { id: r.dischargeId, date: r.dischargeDate } : null;
      const dischargeDue = discharge === null ? null : addDays(discharge.date, settings.reassessAfterDischargeDays);
      const intervalDue = reassessmentDueDate({ assessedOn: adl.on, group: adl.group }, settings);
      if (discharge !== null && dischargeDue !== null && today > dischargeDue) {
        push('reassessment_overdue', discharge.id, 'warning', dischargeDue, { rule: 'reassessment_overdue', reason: 'discharge', dueDate: dischargeDue, lastAssessedOn: adl.on });
      } else if (today > intervalDue) {
        push('reassessment_overdue', adl.id, 'warning', intervalDue, { rule: 'reassessment_overdue', reason: 'interval', dueDate: intervalDue, lastAssessedOn: adl.on });
      }
    }
  }

  if (!away && r.nextFromId !== null && r.nextFromDate !== null && r.nextDate !== null && !r.followUpDone && today > r.nextDate) {
    push('follow_up_overdue', r.nextFromId, 'warning', r.nextDate, { rule: 'follow_up_overdue', dueDate: r.nextDate, visitDate: r.nextFromDate });
  }

  const plan = r.plans.length === 0 ? null : currentPlan(r.plans, today);
  if (plan !== null) {
    if (!away && plan.interval !== null) {
      const fromVisit = doneId !== null && doneDate !== null && doneDate >= plan.startDate;
      const base = fromVisit && doneDate !== null ? doneDate : plan.startDate;
      const due = addDays(base, plan.interval + settings.visitGapGraceDays);
      if (today > due) {
        push('visit_gap', fromVisit && doneId !== null ? doneId : plan.id, 'warning', due, {
          rule: 'visit_gap',
          intervalDays: plan.interval,
          lastVisitDate: doneDate,
          dueDate: due,
        });
      }
    }
    if (plan.reviewDate < today) push('plan_review_overdue', plan.id, 'warning', plan.reviewDate, { rule: 'plan_review_overdue', reviewDate: plan.reviewDate, version: plan.version });
  }
  return out;
}

/**
 * alertsFromRows fed a batch of rows at a time (a paged read works out one page while the next is read):
 * `add` every row once, in any order and batches, then `alerts()` equals alertsFromRows of all of them.
 * `add` returns the rows that raised an alert.
 */
export class AlertsOfRows {
  private readonly settings: AlertSettings;
  private readonly out: Alert[] = [];
  constructor(
    private readonly today: string,
    settings: Partial<AlertSettings> = {},
  ) {
    this.settings = { ...DEFAULT_ALERT_SETTINGS, ...settings };
  }
  add(rows: Iterable<AlertRow>): AlertRow[] {
    const raised: AlertRow[] = [];
    for (const r of rows) {
      const list = rowAlerts(r, this.today, this.settings);
      if (list.length === 0) continue;
      raised.push(r);
      for (const a of list) this.out.push(a);
    }
    return raised;
  }
  alerts(): Alert[] {
    return this.out.sort(compareAlerts);
  }
}

/** Every open alert of the rows: alertsFromDigests (digest.ts) of the digests they were made from. */
export function alertsFromRows(rows: Iterable<AlertRow>, today: string, settings: Partial<AlertSettings> = {}): Alert[] {
  const acc = new AlertsOfRows(today, settings);
  acc.add(rows);
  return acc.alerts();
}
