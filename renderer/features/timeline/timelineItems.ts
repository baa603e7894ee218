/**
 * The resident timeline as one list: visits (current view, amendments applied), referrals (a visit with an
 * escalation also appears as its own item), ADL assessments and care-plan changes, newest first.
 *
 * Invariants:
 * - Pure: the same records and settings give the same list, in the same order, on every device.
 * - Order: by instant, newest first; at the same instant a referral sits above its visit (it was decided
 *   during it), then by kind, then by id, so ties never reorder between renders.
 * - Voided visits and assessments and deleted plans are not on the timeline.
 * - Flags come from shared flagVitals with the configured settings; a weight reading is compared with the
 *   resident's other readings (never with itself).
 */
import type { AdlAssessment } from '../../../shared/assessment';
import type { CarePlan } from '../../../shared/carePlan';
import { bangkokInstant } from '../../../shared/dates/calendar';
import { bangkokDate, isIsoDate } from '../../../shared/dates/thaiDate';
import type { AmendedVisit, Visit } from '../../../shared/visit';
import { flagVitals, type VitalFlag, type VitalSettings, type WeightReading } from '../../../shared/vitals';

export const PLAN_EVENTS = ['created', 'submitted', 'approved', 'superseded', 'closed'] as const;
export type PlanEvent = (typeof PLAN_EVENTS)[number];

export type TimelineItem =
  | { kind: 'visit'; key: string; at: string; visit: Visit; amended: boolean; flags: VitalFlag[] }
  | { kind: 'referral'; key: string; at: string; visit: Visit }
  | { kind: 'assessment'; key: string; at: string; assessment: AdlAssessment }
  | { kind: 'plan'; key: string; at: string; plan: CarePlan; event: PlanEvent };

export type TimelineKind = TimelineItem['kind'];

export interface TimelineInput {
  visits: readonly AmendedVisit<Visit>[];
  assessments: readonly AdlAssessment[];
  plans: readonly CarePlan[];
}

/** Tie order at the same instant (lower first in the newest-first list). */
const KIND_RANK: Record<TimelineKind, number> = { referral: 0, visit: 1, assessment: 2, plan: 3 };

/**
 * When an assessment happened: it carries only a date, so its recording time is used when it was recorded
 * that same Bangkok day (an ADL re-score during a visit lands just after the visit), otherwise noon.
 */
export function assessmentInstant(a: Pick<AdlAssessment, 'assessedOn' | 'createdAt'>): string {
  if (isIsoDate(a.assessedOn) && Number.isFinite(Date.parse(a.createdAt)) && bangkokDate(a.createdAt) === a.assessedOn) return a.createdAt;
  return isIsoDate(a.assessedOn) ? bangkokInstant(a.assessedOn, '12:00') : a.createdAt;
}

/**
 * The status changes of one plan, each with its instant. superseded and closed are final states, so the
 * plan's last write (updatedAt) is when it got there.
 */
export function planEvents(plan: CarePlan): { event: PlanEvent; at: string }[] {
  // A plan is drafted before it is submitted or approved. A record entered later than those (imported, or
  // the demo data written today for a plan approved months ago) is dated by its earliest step, never after it.
  const steps = [plan.createdAt, plan.submittedAt, plan.approvedAt].filter((x): x is string => x !== null);
  const drafted = steps.reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a));
  const out: { event: PlanEvent; at: string }[] = [{ event: 'created', at: drafted }];
  if (plan.submittedAt !== null) out.push({ event: 'submitted', at: plan.submittedAt });
  if (plan.approvedAt !== null) out.push({ event: 'approved', at: plan.approvedAt });
  if (plan.status === 'superseded') out.push({ event: 'superseded', at: plan.updatedAt });
  if (plan.status === 'closed') out.push({ event: 'closed', at: plan.updatedAt });
  return out;
}

/** Flags of each visit (by id) with the configured ranges; weight against the resident's other readings. */
export function visitFlags(visits: readonly Visit[], settings: VitalSettings): Map<string, VitalFlag[]> {
  const readings: (WeightReading & { id: string })[] = [];
  for (const v of visits) {
    if (v.outcome === 'done' && v.vitals.weight !== null && isIsoDate(v.serviceDate)) readings.push({ id: v.id, date: v.serviceDate, kg: v.vitals.weight });
  }
  const out = new Map<string, VitalFlag[]>();
  for (const v of visits) {
    const history = v.vitals.weight === null ? [] : readings.filter((r) => r.id !== v.id);
    out.set(v.id, flagVitals(v.vitals, settings, { date: v.serviceDate, history }));
  }
  return out;
}

function ms(iso: string): number {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : 0;
}

/** Newest first; see the module comment for ties. */
export function compareItems(a: TimelineItem, b: TimelineItem): number {
  const d = ms(b.at) - ms(a.at);
  if (d !== 0) return d;
  const k = KIND_RANK[a.kind] - KIND_RANK[b.kind];
  if (k !== 0) return k;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

export function buildTimeline(input: TimelineInput, settings: VitalSettings): TimelineItem[] {
  const items: TimelineItem[] = [];
  const live = input.visits.filter((v) => v.current.deletedAt === null);
  const flags = visitFlags(
    live.map((v) => v.current),
    settings,
  );
  for (const { current, amendedFields, history } of live) {
    items.push({
      kind: 'visit',
      key: `visit:${current.id}`,
      at: current.startedAt,
      visit: current,
      amended: amendedFields.length > 0 || history.some((h) => h.status === 'applied'),
      flags: flags.get(current.id) ?? [],
    });
    if (current.escalation !== 'none') items.push({ kind: 'referral', key: `referral:${current.id}`, at: current.startedAt, visit: current });
  }
  for (const a of input.assessments) {
    if (a.deletedAt !== null) continue;
    items.push({ kind: 'assessment', key: `assessment:${a.id}`, at: assessmentInstant(a), assessment: a });
  }
  for (const plan of input.plans) {
    if (plan.deletedAt !== null) continue;
    for (const e of planEvents(plan)) items.push({ kind: 'plan', key: `plan:${plan.id}:${e.event}`, at: e.at, plan, event: e.event });
  }
  return items.sort(compareItems);
}

/** A note on one line, cut at `max` characters (on a word boundary when one is near) with an ellipsis. */
export function excerpt(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
