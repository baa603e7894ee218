/**
 * Report facts: the small, flat rows every funding report is computed from, one per resident and one per
 * visit, derived from the synced records by the functions here. The device keeps them as read models and the
 * server as projection tables, both written with these functions in the same transaction as the records, so
 * the two sides compute their figures from equal facts (docs/domain.md §6).
 *
 * Invariants:
 * - A fact is a pure function of its records: the same records give an equal fact (arrays in a fixed order),
 *   whatever order they come in. A deleted resident, and a deleted or voided visit, has no fact.
 * - Facts hold no setting: a visit's abnormal finding is judged against the national default ranges
 *   (shared/vitals.ts DEFAULT_VITAL_SETTINGS), so a municipality's alert thresholds do not rewrite reports
 *   already submitted.
 * - The shape is stored on both sides: changing it means raising REPORT_FACTS_VERSION (the device rebuilds, the
 *   server's migration recomputes).
 */
import type { AdlGroup } from '../adl';
import type { CarePlanStatus } from '../carePlan';
import { bangkokDate } from '../dates/thaiDate';
import type { ResidentStatus, Sex } from '../resident';
import { isTaiGroup, type TaiGroup } from '../reference/tai';
import { applyAmendments, visitDurationMinutes, type Escalation, type VisitAmendmentData, type VisitData, type VisitOutcome, type VisitType } from '../visit';
import { DEFAULT_VITAL_SETTINGS, flagVitals } from '../vitals';

export const REPORT_FACTS_VERSION = 1;

export interface AdlFact {
  id: string;
  on: string;
  total: number;
  group: AdlGroup;
  tai: TaiGroup | null;
}

export interface PlanFact {
  id: string;
  version: number;
  status: CarePlanStatus;
  /** Bangkok date of the care manager's approval. */
  approvedOn: string | null;
  /** The care manager who approved it. */
  approvedBy: string | null;
  /** The LTC sub-committee's approval: what the fund pays on. */
  fundApprovedOn: string | null;
  fundRef: string | null;
  startDate: string;
  reviewDate: string;
  caregiverId: string | null;
}

export interface ResidentFact {
  id: string;
  communityId: string;
  prefix: string;
  firstName: string;
  lastName: string;
  sex: Sex;
  /** CE `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (the precision the register holds). */
  birthDate: string;
  nationalId: string | null;
  noIdReason: string | null;
  /** First phone number, normalised digits ('' when none). */
  phone: string;
  /** One line: house number, moo, village, soi, road, sub-district, district, province, postal code. */
  address: string;
  status: ResidentStatus;
  statusDate: string | null;
  /** Bangkok date the resident was first registered (the record's creation). */
  enrolledOn: string;
  /** Live ADL assessments, oldest first by (on, id). */
  adl: AdlFact[];
  /** Live care plans that were ever approved (status approved, active, superseded or closed with an approval), by id. */
  plans: PlanFact[];
}

export interface VisitFact {
  id: string;
  residentId: string;
  caregiverId: string;
  /** Service date (Bangkok). */
  date: string;
  outcome: VisitOutcome;
  planned: boolean;
  type: VisitType;
  /** Minutes from start to end for a visit that took place; 0 for a missed one. */
  minutes: number;
  /** A vital sign outside the national default ranges. */
  abnormal: boolean;
  escalation: Escalation;
}

// Structural inputs: stored records (with their envelope) fit.
type Deletable = { deletedAt?: unknown };
export type FactResident = {
  id: string;
  createdAt: string;
  prefix: string;
  firstName: string;
  lastName: string;
  sex: Sex;
  birthDate: { value: string };
  nationalId: string | null;
  noIdReason: string | null;
  communityId: string;
  phones: readonly { number: string }[];
  address: { houseNo: string; moo: string; village: string; soi: string; road: string; subDistrict: string; district: string; province: string; postalCode: string };
  status: ResidentStatus;
  statusDate: string | null;
} & Deletable;
export type FactAssessment = { id: string; residentId: string; assessedOn: string; total: number; group: AdlGroup; taiGroup?: TaiGroup | null; voidReason?: string } & Deletable;
export type FactPlan = {
  id: string;
  residentId: string;
  version: number;
  status: CarePlanStatus;
  approvedAt: string | null;
  approvedBy: string | null;
  subCommittee: { date: string; ref: string } | null;
  startDate: string;
  reviewDate: string;
  primaryCaregiverId: string | null;
} & Deletable;
export type FactVisit = VisitData & { id: string; voidReason?: string } & Deletable;

const live = (r: Deletable & { voidReason?: string }): boolean => (r.deletedAt === undefined || r.deletedAt === null) && r.voidReason === undefined;
const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** One line of a Thai address, in the order it is written. */
export function addressLine(a: FactResident['address']): string {
  const parts = [a.houseNo, a.moo ? `ม.${a.moo}` : '', a.village, a.soi ? `ซ.${a.soi}` : '', a.road ? `ถ.${a.road}` : '', a.subDistrict, a.district, a.province, a.postalCode];
  return parts.filter((p) => p !== '').join(' ');
}

/** The resident's report fact, or null when the resident is deleted. */
export function residentFactOf(resident: FactResident, assessments: readonly FactAssessment[], plans: readonly FactPlan[]): ResidentFact | null {
  if (!live(resident)) return null;
  const rid = resident.id;
  const adl: AdlFact[] = assessments
    .filter((a) => a.residentId === rid && live(a))
    .map((a) => ({ id: a.id, on: a.assessedOn, total: a.total, group: a.group, tai: isTaiGroup(a.taiGroup) ? a.taiGroup : null }))
    .sort((a, b) => (a.on !== b.on ? (a.on < b.on ? -1 : 1) : byId(a, b)));
  const planFacts: PlanFact[] = plans
    .filter((p) => p.residentId === rid && live(p) && p.approvedAt !== null)
    .map((p) => ({
      id: p.id,
      version: p.version,
      status: p.status,
      approvedOn: p.approvedAt === null ? null : bangkokDate(p.approvedAt),
      approvedBy: p.approvedBy,
      fundApprovedOn: p.subCommittee?.date ?? null,
      fundRef: p.subCommittee?.ref ?? null,
      startDate: p.startDate,
      reviewDate: p.reviewDate,
      caregiverId: p.primaryCaregiverId,
    }))
    .sort(byId);
  return {
    id: rid,
    communityId: resident.communityId,
    prefix: resident.prefix,
    firstName: resident.firstName,
    lastName: resident.lastName,
    sex: resident.sex,
    birthDate: resident.birthDate.value,
    nationalId: resident.nationalId,
    noIdReason: resident.noIdReason,
    phone: resident.phones[0]?.number ?? '',
    address: addressLine(resident.address),
    status: resident.status,
    statusDate: resident.statusDate,
    enrolledOn: bangkokDate(resident.createdAt),
    adl,
    plans: planFacts,
  };
}

/** The visit's report fact with its amendments applied, or null when it is deleted or voided. */
export function visitFactOf(visit: FactVisit, amendments: readonly (VisitAmendmentData & { id: string })[]): VisitFact | null {
  const mine = amendments.filter((a) => a.visitId === visit.id);
  const v = mine.length > 0 ? applyAmendments(visit, mine).current : visit;
  if (!live(v)) return null;
  const done = v.outcome === 'done';
  return {
    id: v.id,
    residentId: v.residentId,
    caregiverId: v.caregiverId,
    date: v.serviceDate,
    outcome: v.outcome,
    planned: v.planned,
    type: v.type,
    minutes: done ? visitDurationMinutes(v) : 0,
    abnormal: done && flagVitals(v.vitals, DEFAULT_VITAL_SETTINGS).length > 0,
    escalation: v.escalation,
  };
}
