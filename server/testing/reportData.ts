/**
 * Records for the report tests over HTTP (server/reports/*.test.ts): a visit and a care plan that pass the
 * shared schemas, dated on the test harness's clock.
 */
import type { CarePlanData } from '../../shared/carePlan';
import type { VisitData } from '../../shared/visit';
import { emptyVisitForm, validateVisitForm } from '../../shared/visitForm';

/** The harness clock. */
export const REPORT_NOW = '2025-06-01T03:00:00.000Z';
const NOW = REPORT_NOW;

/** A valid visit on the harness's day (09:00, 30 minutes); systolic 150 is an abnormal finding. */
export function visitData(residentId: string, caregiverId: string, systolic = '150'): VisitData {
  const r = validateVisitForm(
    {
      ...emptyVisitForm(NOW),
      time: '09:00',
      durationMinutes: '30',
      vitals: { systolic, diastolic: '85', pulse: '80', temperature: '36.6', spo2: '97', respRate: '18', glucose: '', weight: '52' },
      careGiven: [{ code: 'bathing', minutes: '15' }],
      observations: 'ปกติดี',
    },
    { now: NOW, resident: { birthDate: { value: '1948', precision: 'year' }, status: 'active' } },
  );
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return { ...r.data, residentId, caregiverId };
}

/** A draft plan (ADL 8) whose activities name `assignee`. */
export function planData(residentId: string, assignee: string): CarePlanData {
  return {
    residentId,
    version: 1,
    previousPlanId: null,
    adlTotal: 8,
    adlGroup: 'homebound',
    problems: [{ key: 'p1', text: 'เสี่ยงหกล้ม' }],
    goals: [{ problemKey: 'p1', text: 'ไม่หกล้มใน 3 เดือน', targetDate: '2025-09-01' }],
    activities: [{ code: 'bathing', timesPerWeek: 2, minutes: 30, performer: 'caregiver', assigneeId: assignee, note: '' }],
    primaryCaregiverId: assignee,
    backupCaregiverId: null,
    startDate: '2025-05-01',
    reviewDate: '2025-12-01',
    status: 'draft',
    submittedBy: null,
    submittedAt: null,
    approvedBy: null,
    approvedAt: null,
    subCommittee: null,
    closedReason: '',
  };
}
