/**
 * Row builders for the timeline's unit tests: stored-shape visits, assessments and plans with envelopes,
 * valid against the shared schemas unless a test overrides a field to make them otherwise.
 */
import { ADL_FORM_VERSION, adlGroup } from '../../../shared/adl';
import type { AdlAssessment } from '../../../shared/assessment';
import type { CarePlan } from '../../../shared/carePlan';
import { bangkokDate } from '../../../shared/dates/thaiDate';
import type { Envelope } from '../../../shared/envelope';
import type { AmendedVisit, Visit } from '../../../shared/visit';
import { EMPTY_VITALS, type Vitals } from '../../../shared/vitals';
import { adlAnswersFor } from '../../db/testing';

export const RESIDENT = '01958f3a-1111-7000-8000-000000000001';

export function envelope(id: string, at: string): Envelope {
  return { id, createdAt: at, createdBy: 'cg-1', updatedAt: at, updatedBy: 'cg-1', deviceId: 'dev-1', deletedAt: null, seq: 0, hlc: {}, schemaVersion: 1 };
}

export function visitRow(id: string, startedAt: string, o: Partial<Omit<Visit, 'vitals'>> & { vitals?: Partial<Vitals> } = {}): Visit {
  const { vitals, ...rest } = o;
  return {
    ...envelope(id, startedAt),
    residentId: RESIDENT,
    caregiverId: 'cg-1',
    planned: true,
    type: 'routine',
    startedAt,
    endedAt: new Date(Date.parse(startedAt) + 30 * 60_000).toISOString(),
    serviceDate: bangkokDate(startedAt),
    gps: null,
    outcome: 'done',
    missedReason: null,
    missedNote: '',
    vitals: { ...EMPTY_VITALS, ...vitals },
    recheckNote: '',
    careGiven: [],
    mood: null,
    observations: '',
    problems: [],
    escalation: 'none',
    escalationReason: '',
    nextVisitDate: null,
    photos: [],
    photoConsent: false,
    archivedReason: null,
    ...rest,
  };
}

/** A visit as listAmendedVisits gives it when it has no amendments. */
export function unamended(v: Visit): AmendedVisit<Visit> {
  return { current: v, history: [], amendedFields: [] };
}

export function assessmentRow(id: string, assessedOn: string, total: number, createdAt = `${assessedOn}T03:00:00.000Z`): AdlAssessment {
  return {
    ...envelope(id, createdAt),
    residentId: RESIDENT,
    assessedOn,
    formVersion: ADL_FORM_VERSION,
    answers: adlAnswersFor(total),
    total,
    group: adlGroup(total),
    reason: 'routine',
    notes: '',
  };
}

export function planRow(id: string, createdAt: string, o: Partial<CarePlan> = {}): CarePlan {
  return {
    ...envelope(id, createdAt),
    residentId: RESIDENT,
    version: 1,
    previousPlanId: null,
    adlTotal: 8,
    adlGroup: 'homebound',
    problems: [],
    goals: [],
    activities: [],
    primaryCaregiverId: 'cg-1',
    backupCaregiverId: null,
    startDate: '2025-03-01',
    reviewDate: '2025-09-01',
    status: 'draft',
    submittedBy: null,
    submittedAt: null,
    approvedBy: null,
    approvedAt: null,
    subCommittee: null,
    closedReason: '',
    ...o,
  };
}
