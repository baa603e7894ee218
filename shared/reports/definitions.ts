/**
 * The funding reports' definitions: pure functions from report facts (facts.ts) and a period to the figures
 * the Reports page shows and exports. The server computes the same figures in SQL (server/reports/sql.ts) and
 * a property test holds the two equal; what each figure counts is spelled out in docs/domain.md §6
 * "What each report figure counts".
 *
 * Invariants:
 * - Every figure is a Cell: its value and the ids behind it (residents, visits, or care plans for the plan
 *   approval columns), so any number drills down to its records. A total is computed like a row, over all of them, never by adding rounded rows.
 * - A resident counts in the period when registered by its last day and not moved away or dead before its
 *   first; its ADL and TAI groups are those of its latest live assessment on or before the period's last day.
 * - A visit belongs to the community its resident is in now; visits of residents the facts do not hold
 *   count under community ''.
 * - Filters narrow and never drop a resident silently: a resident without a citizen ID is listed with its
 *   no-ID reason. A caregiver filter keeps visits by the visit's caregiver and residents by their plan's
 *   caregiver (a visit by a stand-in counts for her, the resident for the caregiver the plan names).
 * - A moved or dead resident without a status date (the archive form requires one) counts as gone before any
 *   period: its dates cannot be placed.
 */
import type { AdlGroup } from '../adl';
import { addDays, daysBetween } from '../dates/calendar';
import { fiscalYearBE } from '../dates/thaiDate';
import type { TaiGroup } from '../reference/tai';
import { TAI_GROUPS } from '../reference/tai';
import type { Escalation } from '../visit';
import type { AdlFact, PlanFact, ResidentFact, VisitFact } from './facts';
import { budgetDate, proRataSatang, rateSatang, type FundSettings } from './fund';
import { daysInFiscalYear, fiscalYearsIn, monthsIn } from './period';
import { TableBuilder } from './table';

/** One number and the records behind it (resident, visit or care-plan ids, sorted). */
export interface Cell {
  n: number;
  ids: string[];
}

export interface Table<C extends string> {
  /** Columns in display order. */
  columns: readonly C[];
  rows: { key: string; cells: Record<C, Cell> }[];
  total: Record<C, Cell>;
}

export interface ReportFilter {
  /** Community ids to include (null: all). */
  communities: readonly string[] | null;
  /** Caregiver user ids to include (null: all): visits by her, residents whose plan names her. */
  caregivers: readonly string[] | null;
}

export const NO_FILTER: ReportFilter = { communities: null, caregivers: null };

export interface ReportInput {
  from: string;
  to: string;
  /** Every resident fact held (the definitions pick those the period and filter select). */
  residents: readonly ResidentFact[];
  /** Visit facts whose date lies in [from, to] (others are ignored). */
  visits: readonly VisitFact[];
  filter: ReportFilter;
  fund: FundSettings;
}

export const REGISTER_COLUMNS = ['social', 'homebound', 'bedbound', 'unassessed', 'total'] as const;
export type RegisterColumn = (typeof REGISTER_COLUMNS)[number];
export const TAI_COLUMNS = [...TAI_GROUPS, 'none'] as const;
export type TaiColumn = (typeof TAI_COLUMNS)[number];
export const PLAN_COLUMNS = ['dependent', 'withPlan', 'withoutPlan', 'awaitingFund', 'approvedInPeriod', 'approvedWithin30'] as const;
export type PlanColumn = (typeof PLAN_COLUMNS)[number];
export const VISIT_COLUMNS = ['planned', 'unplanned', 'done', 'missed', 'minutes', 'residents'] as const;
export type VisitColumn = (typeof VISIT_COLUMNS)[number];
export const CHANGE_COLUMNS = ['new', 'moved', 'died'] as const;
export type ChangeColumn = (typeof CHANGE_COLUMNS)[number];
export const FINDING_COLUMNS = ['abnormal', 'abnormalResidents', 'health_centre', 'hospital', 'emergency_1669'] as const;
export type FindingColumn = (typeof FINDING_COLUMNS)[number];
export const MONTH_COLUMNS = ['done', 'missed', 'minutes'] as const;
export type MonthColumn = (typeof MONTH_COLUMNS)[number];

/** One row of the LTC per-person service list. */
export interface ServiceRow {
  residentId: string;
  nationalId: string | null;
  noIdReason: string | null;
  prefix: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  address: string;
  phone: string;
  communityId: string;
  adlTotal: number;
  adlGroup: AdlGroup;
  adlOn: string;
  tai: TaiGroup | null;
  careManagerId: string | null;
  caregiverId: string | null;
  planId: string;
  /** The fund's plan number: the sub-committee's reference. */
  planRef: string;
  fundApprovedOn: string;
  startDate: string;
  /** Days of the period the person was covered (plan started, not yet moved or dead). */
  coveredDays: number;
  /** Visits that took place in the period. */
  visits: number;
  /** Satang claimable for the covered days at each fiscal year's rate. */
  amountSatang: number;
}

export interface ReportFigures {
  from: string;
  to: string;
  months: string[];
  /** Residents in the period by community and ADL group. */
  register: Table<RegisterColumn>;
  /** Residents in the period by community and TAI group. */
  tai: Table<TaiColumn>;
  /** Dependent residents and their care plans, by community. */
  plans: Table<PlanColumn>;
  /** Visits by caregiver. */
  visitsByCaregiver: Table<VisitColumn>;
  /** Visits by community. */
  visitsByCommunity: Table<VisitColumn>;
  /** New, moved and deceased residents, by community. */
  changes: Table<ChangeColumn>;
  /** Abnormal findings and referrals, by community. */
  findings: Table<FindingColumn>;
  /** Visits per month of the period. */
  monthly: Table<MonthColumn>;
  service: ServiceRow[];
  /** The service list's total, satang. */
  serviceTotalSatang: number;
}

// ---------------------------------------------------------------------------------------------------------

const ARCHIVED = new Set(['moved', 'died']);

/** Whether the resident was on the register at some time in [from, to]. */
export function inPeriod(r: ResidentFact, from: string, to: string): boolean {
  if (r.enrolledOn > to) return false;
  if (ARCHIVED.has(r.status) && (r.statusDate === null || r.statusDate < from)) return false;
  return true;
}

/** The latest live assessment on or before `on` (facts are sorted oldest first). */
export function adlAsOf(r: ResidentFact, on: string): AdlFact | null {
  let found: AdlFact | null = null;
  for (const a of r.adl) {
    if (a.on > on) break;
    found = a;
  }
  return found;
}

const isDependent = (a: AdlFact | null): a is AdlFact => a !== null && a.total <= 11;

const compareFund = (a: PlanFact, b: PlanFact): number =>
  (a.fundApprovedOn ?? '') !== (b.fundApprovedOn ?? '') ? ((a.fundApprovedOn ?? '') < (b.fundApprovedOn ?? '') ? -1 : 1) : a.version !== b.version ? a.version - b.version : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** The plans the fund approved by `to` that had started by then and were not closed before `from`, oldest approval first. */
export function fundPlans(r: ResidentFact, from: string, to: string): PlanFact[] {
  return r.plans
    .filter((p) => p.fundApprovedOn !== null && p.fundApprovedOn <= to && p.startDate <= to && !(p.status === 'closed' && p.reviewDate < from))
    .sort(compareFund);
}

/** The plan that names the resident's caregiver and care manager at `to`: the latest approved by then. */
export function planAsOf(r: ResidentFact, to: string): PlanFact | null {
  let found: PlanFact | null = null;
  for (const p of r.plans) {
    if (p.approvedOn === null || p.approvedOn > to) continue;
    if (found === null || (found.approvedOn as string) < p.approvedOn || (found.approvedOn === p.approvedOn && (found.version < p.version || (found.version === p.version && found.id < p.id)))) found = p;
  }
  return found;
}

/** Whether the fund's approval of `p` came within 30 days of the later of its budget's arrival and the assessment that found the person dependent. */
export function approvedWithin30(r: ResidentFact, p: PlanFact, fund: FundSettings): boolean {
  const approved = p.fundApprovedOn as string;
  let clock = budgetDate(fund, fiscalYearBE(approved));
  for (const a of r.adl) {
    if (a.on > approved) break;
    if (a.total <= 11 && a.on > clock) clock = a.on;
  }
  return daysBetween(clock, approved) <= 30;
}

/** The last day the resident was covered: the day before it moved or died (no later than `to`). */
function coverEnd(r: ResidentFact, to: string): string {
  if (ARCHIVED.has(r.status) && r.statusDate !== null && r.statusDate <= to) return addDays(r.statusDate, -1);
  return to;
}

function serviceRow(r: ResidentFact, from: string, to: string, visitsDone: number, fund: FundSettings): ServiceRow | null {
  const adl = adlAsOf(r, to);
  if (!isDependent(adl)) return null;
  const plans = fundPlans(r, from, to);
  const latest = plans[plans.length - 1];
  if (latest === undefined) return null;
  const firstStart = plans.reduce((m, p) => (p.startDate < m ? p.startDate : m), latest.startDate);
  const start = firstStart > from ? firstStart : from;
  const end = coverEnd(r, to);
  if (end < start) return null;
  let amount = 0;
  for (const part of fiscalYearsIn(start, end)) amount += proRataSatang(rateSatang(fund, part.fyBE), part.days, daysInFiscalYear(part.fyBE));
  return {
    residentId: r.id,
    nationalId: r.nationalId,
    noIdReason: r.noIdReason,
    prefix: r.prefix,
    firstName: r.firstName,
    lastName: r.lastName,
    birthDate: r.birthDate,
    address: r.address,
    phone: r.phone,
    communityId: r.communityId,
    adlTotal: adl.total,
    adlGroup: adl.group,
    adlOn: adl.on,
    tai: adl.tai,
    careManagerId: latest.approvedBy,
    caregiverId: latest.caregiverId,
    planId: latest.id,
    planRef: latest.fundRef ?? '',
    fundApprovedOn: latest.fundApprovedOn as string,
    startDate: firstStart,
    coveredDays: daysBetween(start, end) + 1,
    visits: visitsDone,
    amountSatang: amount,
  };
}

/** `rows` (each id once) by id: the ids sorted natively (no comparator called per comparison), then looked up. */
export function sortById<T extends { id: string }>(rows: readonly T[]): T[] {
  const by = new Map<string, T>();
  for (const r of rows) by.set(r.id, r);
  return rows
    .map((r) => r.id)
    .sort()
    .map((id) => by.get(id) as T);
}
function isSortedById(rows: readonly { id: string }[]): boolean {
  for (let i = 1; i < rows.length; i++) if ((rows[i - 1] as { id: string }).id > (rows[i] as { id: string }).id) return false;
  return true;
}

/** Every figure of the period (see the header for what each counts). */
export function computeReport(input: ReportInput): ReportFigures {
  const { from, to, filter, fund } = input;
  const communitiesWanted = filter.communities === null ? null : new Set(filter.communities);
  const caregiversWanted = filter.caregivers === null ? null : new Set(filter.caregivers);
  const byId = new Map<string, ResidentFact>();
  for (const r of input.residents) byId.set(r.id, r);
  const communityOk = (c: string): boolean => communitiesWanted === null || communitiesWanted.has(c);

  const register = new TableBuilder(REGISTER_COLUMNS);
  const tai = new TableBuilder(TAI_COLUMNS);
  const plans = new TableBuilder(PLAN_COLUMNS);
  const changes = new TableBuilder(CHANGE_COLUMNS);
  const findings = new TableBuilder(FINDING_COLUMNS, ['abnormalResidents']);
  const byCaregiver = new TableBuilder(VISIT_COLUMNS, ['residents']);
  const byCommunity = new TableBuilder(VISIT_COLUMNS, ['residents']);
  const months = monthsIn(from, to);
  const monthly = new TableBuilder(MONTH_COLUMNS);
  for (const m of months) monthly.touch(m);
  if (filter.communities !== null) {
    for (const c of filter.communities) for (const t of [register, tai, plans, changes, findings, byCommunity] as TableBuilder<string>[]) t.touch(c);
  }

  // Residents.
  const selected = new Set<string>();
  for (const r of input.residents) {
    if (!inPeriod(r, from, to) || !communityOk(r.communityId)) continue;
    if (caregiversWanted !== null) {
      const p = planAsOf(r, to);
      if (p === null || p.caregiverId === null || !caregiversWanted.has(p.caregiverId)) continue;
    }
    selected.add(r.id);
    const c = r.communityId;
    const adl = adlAsOf(r, to);
    register.add(c, adl === null ? 'unassessed' : adl.group, r.id);
    register.add(c, 'total', r.id);
    tai.add(c, adl?.tai ?? 'none', r.id);
    if (r.enrolledOn >= from) changes.add(c, 'new', r.id);
    else changes.touch(c);
    if (ARCHIVED.has(r.status) && r.statusDate !== null && r.statusDate >= from && r.statusDate <= to) changes.add(c, r.status === 'moved' ? 'moved' : 'died', r.id);
    findings.touch(c);
    byCommunity.touch(c);
    if (isDependent(adl)) {
      plans.add(c, 'dependent', r.id);
      const funded = fundPlans(r, from, to);
      if (funded.length > 0) plans.add(c, 'withPlan', r.id);
      else {
        plans.add(c, 'withoutPlan', r.id);
        if (r.plans.some((p) => p.approvedOn !== null && p.approvedOn <= to && p.fundApprovedOn === null)) plans.add(c, 'awaitingFund', r.id);
      }
    } else plans.touch(c);
    for (const p of r.plans) {
      if (p.fundApprovedOn === null || p.fundApprovedOn < from || p.fundApprovedOn > to) continue;
      plans.add(c, 'approvedInPeriod', p.id);
      if (approvedWithin30(r, p, fund)) plans.add(c, 'approvedWithin30', p.id);
    }
  }

  // Visits, by id: every cell then receives its ids in order, and a table's total is made of sorted runs
  // (TableBuilder sorts what is not sorted; a month on a full device has 45,000 ids in a column).
  const doneBy = new Map<string, number>();
  const visits = isSortedById(input.visits) ? input.visits : sortById(input.visits);
  for (const v of visits) {
    if (v.date < from || v.date > to) continue;
    const resident = byId.get(v.residentId);
    const c = resident?.communityId ?? '';
    if (!communityOk(c)) continue;
    if (caregiversWanted !== null && !caregiversWanted.has(v.caregiverId)) continue;
    const done = v.outcome === 'done';
    // Unrolled over the two tables: this loop runs 45,000 times for a month on a full device.
    byCaregiver.add(v.caregiverId, v.planned ? 'planned' : 'unplanned', v.id);
    byCommunity.add(c, v.planned ? 'planned' : 'unplanned', v.id);
    byCaregiver.add(v.caregiverId, done ? 'done' : 'missed', v.id);
    byCommunity.add(c, done ? 'done' : 'missed', v.id);
    if (done) {
      byCaregiver.add(v.caregiverId, 'minutes', v.id, v.minutes);
      byCommunity.add(c, 'minutes', v.id, v.minutes);
      byCaregiver.add(v.caregiverId, 'residents', v.residentId);
      byCommunity.add(c, 'residents', v.residentId);
    }
    const m = v.date.slice(0, 7);
    monthly.add(m, v.outcome === 'done' ? 'done' : 'missed', v.id);
    if (v.outcome === 'done') {
      monthly.add(m, 'minutes', v.id, v.minutes);
      doneBy.set(v.residentId, (doneBy.get(v.residentId) ?? 0) + 1);
      if (v.abnormal) {
        findings.add(c, 'abnormal', v.id);
        findings.add(c, 'abnormalResidents', v.residentId);
      }
    }
    if (v.escalation !== 'none') findings.add(c, v.escalation satisfies Exclude<Escalation, 'none'>, v.id);
  }

  // The service list: dependents of the selection with a fund-approved plan covering part of the period.
  const service: ServiceRow[] = [];
  for (const id of selected) {
    const r = byId.get(id) as ResidentFact;
    const row = serviceRow(r, from, to, doneBy.get(id) ?? 0, fund);
    if (row !== null) service.push(row);
  }
  service.sort(compareServiceRows);

  return {
    from,
    to,
    months,
    register: register.build(),
    tai: tai.build(),
    plans: plans.build(),
    visitsByCaregiver: byCaregiver.build(),
    visitsByCommunity: byCommunity.build(),
    changes: changes.build(),
    findings: findings.build(),
    monthly: monthly.build(months),
    service,
    serviceTotalSatang: service.reduce((s, r) => s + r.amountSatang, 0),
  };
}

/** The service list's order: by community, then citizen ID (people without one last), then resident id. */
export function compareServiceRows(a: ServiceRow, b: ServiceRow): number {
  if (a.communityId !== b.communityId) return a.communityId < b.communityId ? -1 : 1;
  const ai = a.nationalId ?? '\uffff';
  const bi = b.nationalId ?? '\uffff';
  if (ai !== bi) return ai < bi ? -1 : 1;
  return a.residentId < b.residentId ? -1 : a.residentId > b.residentId ? 1 : 0;
}
