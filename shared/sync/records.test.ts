import { describe, expect, it } from 'vitest';
import { generateDemoData } from '../demo/generate';
import { buildResidentProfile } from '../demo/builders';
import type { CarePlanData } from '../carePlan';
import type { ResidentData } from '../resident';
import { type VisitAmendmentData, type VisitData } from '../visit';
import { emptyVisitForm, validateVisitForm } from '../visitForm';
import { adlAssessmentDataSchema, adlAssessmentStoredSchema, conflictDataSchema, residentDataSchema, residentPatchSchema } from './data';
import type { Mutation } from './protocol';
import { isSyncType, SYNC_TYPES, syncTypeOfTable, validateMutation } from './records';

const ID = '0195f3a2-7c4e-7a10-9b2c-3d4e5f607182';
const HLC = '2025-03-03T02:10:00.000Z-0000-a1a1a1a1a1a1a1a1';
const demo = generateDemoData({ residents: 300 });

function resident(overrides: Partial<ResidentData> = {}): ResidentData {
  return { ...buildResidentProfile(), status: 'active', statusDate: null, statusReason: '', latestAdl: null, ...overrides };
}

function m(type: string, op: Mutation['op'], fields: Record<string, unknown>): Mutation {
  return { mid: 1, type, id: ID, op, fields, hlc: HLC, baseSeq: 0 };
}

const firstIssue = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => r.error?.issues[0]?.path.map(String).join('.');

describe('registry', () => {
  it('maps wire types to local tables', () => {
    expect(Object.fromEntries(Object.values(SYNC_TYPES).map((d) => [d.type, d.table]))).toEqual({ resident: 'residents', adl_assessment: 'assessments', conflict: 'conflicts', visit: 'visits', visit_amendment: 'visitAmendments', care_plan: 'carePlans', alert_ack: 'alertAcks', notice: 'notices', availability: 'availability', leave: 'leaves', holiday: 'holidays', consent: 'consents', round_visit: 'roundVisits' });
    expect(syncTypeOfTable('assessments')).toBe('adl_assessment');
    expect(syncTypeOfTable('outbox')).toBeNull();
    expect(isSyncType('round')).toBe(false);
    expect(SYNC_TYPES.adl_assessment.immutable).toBe(true);
    expect(SYNC_TYPES.resident.immutable).toBe(false);
  });

  it('puts each row in its bucket', () => {
    expect(SYNC_TYPES.resident.bucketOf({ communityId: 'c-04' })).toEqual({ bucket: 'c:c-04' });
    expect(SYNC_TYPES.resident.bucketOf({ notes: 'x' })).toBeNull();
    expect(SYNC_TYPES.adl_assessment.bucketOf({ residentId: ID })).toEqual({ residentId: ID });
    expect(SYNC_TYPES.conflict.bucketOf({})).toEqual({ bucket: 'm:main' });
    expect(SYNC_TYPES.notice.bucketOf({ userId: ID })).toEqual({ bucket: `u:${ID}` });
    expect(SYNC_TYPES.notice.bucketOf({ dismissedAt: '2026-01-01T00:00:00.000Z' })).toBeNull();
  });
});

describe('stored data schemas', () => {
  it('accept every generated demo resident and assessment', () => {
    for (const r of demo.residents) expect(residentDataSchema.safeParse(r.data).error?.issues ?? []).toEqual([]);
    for (const a of demo.assessments) expect(adlAssessmentDataSchema.safeParse(a.data).error?.issues ?? []).toEqual([]);
    expect(residentDataSchema.safeParse(resident()).success).toBe(true);
  });

  it('check the Thai ID checksum, normalised phones, GPS range and dates', () => {
    const cases: [Partial<ResidentData>, string][] = [
      [{ nationalId: '3130300456781' }, 'nationalId'],
      [{ nationalId: '3-1303-00456-78-0' }, 'nationalId'],
      [{ nationalId: '0000000000001' }, 'nationalId'],
      [{ phones: [{ number: '081-234-5678', label: '' }] }, 'phones.0.number'],
      [{ gps: { lat: 0, lng: 0, accuracyM: null } }, 'gps.lat'],
      [{ birthDate: { value: '1947-02-30', precision: 'day' } }, 'birthDate'],
      [{ birthDate: { value: '1947-03', precision: 'day' } }, 'birthDate'],
      [{ statusDate: '2025-13-01' }, 'statusDate'],
      [{ sex: 'other' as never }, 'sex'],
      [{ diseases: ['I10', 'I10'] }, 'diseases'],
      [{ diseases: ['Z99'] }, 'diseases.0'],
      [{ communityId: 'c 01' }, 'communityId'],
      [{ latestAdl: { assessmentId: ID, total: 4, group: 'social', assessedOn: '2025-01-01' } }, 'latestAdl.group'],
    ];
    for (const [overrides, path] of cases) expect(firstIssue(residentDataSchema.safeParse(resident(overrides)))).toBe(path);
  });

  it('check cross-field rules on create only', () => {
    expect(firstIssue(residentDataSchema.safeParse(resident({ noIdReason: 'ไม่มีบัตร' })))).toBe('nationalId');
    expect(firstIssue(residentDataSchema.safeParse(resident({ nationalId: null })))).toBe('nationalId');
    expect(firstIssue(residentDataSchema.safeParse(resident({ allergyStatus: 'known' })))).toBe('allergies');
    expect(residentPatchSchema.safeParse({ noIdReason: 'ไม่มีบัตร' }).success).toBe(true);
  });

  it('refuse unknown keys, envelope keys and empty patches', () => {
    expect(residentDataSchema.safeParse({ ...resident(), seq: 4 }).success).toBe(false);
    expect(residentPatchSchema.safeParse({ hlc: {} }).success).toBe(false);
    expect(residentPatchSchema.safeParse({}).success).toBe(false);
    expect(residentPatchSchema.safeParse({ address: { houseNo: '1' } }).success).toBe(false); // nested objects are whole values
  });

  it('check ADL answers against their maxima, the total and the group', () => {
    const a = demo.assessments[0]?.data;
    if (!a) throw new Error('no demo assessment');
    expect(firstIssue(adlAssessmentDataSchema.safeParse({ ...a, answers: { ...a.answers, transfer: 4 } }))).toBe('answers.transfer');
    expect(firstIssue(adlAssessmentDataSchema.safeParse({ ...a, total: a.total === 20 ? 19 : a.total + 1 }))).toBe('total');
    expect(firstIssue(adlAssessmentDataSchema.safeParse({ ...a, group: a.group === 'social' ? 'bedbound' : 'social' }))).toBe('group');
    expect(adlAssessmentDataSchema.safeParse({ ...a, voidReason: 'x' }).success).toBe(false);
    expect(adlAssessmentStoredSchema.safeParse({ ...a, voidReason: 'x' }).success).toBe(true);
  });

  it('conflicts name both values and are resolved consistently', () => {
    const author = { userId: 'u', clientId: 'a1a1a1a1a1a1a1a1', deviceId: 'd' };
    const open = { kind: 'value', recordType: 'resident', recordId: ID, field: 'notes', winnerValue: 'a', winnerHlc: HLC, winnerBy: author, loserValue: null, loserHlc: HLC, loserBy: author, status: 'open' };
    expect(conflictDataSchema.safeParse(open).success).toBe(true);
    const { loserValue: _l, ...noLoser } = open;
    expect(conflictDataSchema.safeParse(noLoser).success).toBe(false);
    expect(conflictDataSchema.safeParse({ ...open, status: 'resolved' }).success).toBe(false);
    expect(conflictDataSchema.safeParse({ ...open, status: 'resolved', resolvedBy: 'u', resolvedAt: '2025-03-03T05:00:00.000Z', resolution: 'chose_loser' }).success).toBe(true);
  });
});

describe('validateMutation', () => {
  const a = demo.assessments[0]?.data;

  it('accepts valid creates, patches, deletes, restores, voids and skips', () => {
    expect(validateMutation(m('resident', 'create', { ...resident() }))).toEqual({ ok: true });
    expect(validateMutation(m('resident', 'patch', { notes: 'ใช้รถเข็น' }))).toEqual({ ok: true });
    expect(validateMutation(m('resident', 'delete', {}))).toEqual({ ok: true });
    expect(validateMutation(m('resident', 'restore', {}))).toEqual({ ok: true });
    expect(validateMutation(m('adl_assessment', 'create', { ...a }))).toEqual({ ok: true });
    expect(validateMutation(m('adl_assessment', 'void', { voidReason: 'บันทึกผิดคน' }))).toEqual({ ok: true });
    expect(validateMutation(m('round', 'skip', {}))).toEqual({ ok: true });
  });

  it('names the first bad field', () => {
    expect(validateMutation(m('resident', 'patch', { nationalId: '1234567890123' }))).toEqual({ ok: false, code: 'validation_failed', field: 'nationalId' });
    expect(validateMutation(m('resident', 'create', { firstName: 'x' }))).toMatchObject({ ok: false, code: 'validation_failed' });
    expect(validateMutation(m('resident', 'delete', { notes: 'x' }))).toEqual({ ok: false, code: 'validation_failed', field: 'notes' });
    expect(validateMutation(m('adl_assessment', 'void', {}))).toEqual({ ok: false, code: 'validation_failed', field: 'voidReason' });
  });

  it('refuses unknown types and edits of immutable records', () => {
    expect(validateMutation(m('round', 'create', {}))).toEqual({ ok: false, code: 'unknown_type' });
    for (const op of ['patch', 'delete', 'restore'] as const) {
      expect(validateMutation(m('adl_assessment', op, op === 'patch' ? { notes: 'x' } : {}))).toEqual({ ok: false, code: 'immutable_record' });
    }
    expect(validateMutation(m('resident', 'void', { voidReason: 'x' }))).toEqual({ ok: false, code: 'validation_failed', field: 'op' });
  });

  it('lets clients only resolve conflicts, in their own name', () => {
    const resolution = { status: 'resolved', resolvedBy: 'user-1', resolvedAt: '2025-03-03T05:00:00.000Z', resolution: 'kept_winner' };
    expect(validateMutation(m('conflict', 'patch', resolution), { userId: 'user-1' })).toEqual({ ok: true });
    expect(validateMutation(m('conflict', 'patch', resolution), { userId: 'user-2' })).toEqual({ ok: false, code: 'validation_failed', field: 'resolvedBy' });
    expect(validateMutation(m('conflict', 'patch', { ...resolution, winnerValue: 'forged' }))).toMatchObject({ ok: false, code: 'validation_failed' });
    expect(validateMutation(m('conflict', 'create', {}))).toEqual({ ok: false, code: 'validation_failed', field: 'op' });
    expect(validateMutation(m('conflict', 'delete', {}))).toEqual({ ok: false, code: 'validation_failed', field: 'op' });
  });
});

describe('visit, amendment, care-plan and acknowledgement record types', () => {
  const RESIDENT = '01958f3a-1111-7000-8000-000000000001';
  const VISIT = '01958f3a-2222-7000-8000-000000000001';
  const NOW = '2025-03-10T03:00:00.000Z';
  const visitForm = validateVisitForm(
    { ...emptyVisitForm(NOW), time: '09:00', durationMinutes: '30', vitals: { systolic: '150', diastolic: '85', pulse: '', temperature: '', spo2: '', respRate: '', glucose: '', weight: '' } },
    { now: NOW, resident: { birthDate: { value: '1948', precision: 'year' }, status: 'active' } },
  );
  if (!visitForm.ok) throw new Error(JSON.stringify(visitForm.issues));
  const visit: VisitData = { ...visitForm.data, residentId: RESIDENT, caregiverId: 'cg-1' };
  const amendment: VisitAmendmentData = { visitId: VISIT, residentId: RESIDENT, reason: 'พิมพ์ผิด', changes: { 'vitals.systolic': 130 }, author: 'cg-1', at: NOW };
  const plan: CarePlanData = {
    residentId: RESIDENT,
    version: 1,
    previousPlanId: null,
    adlTotal: null,
    adlGroup: null,
    problems: [],
    goals: [],
    activities: [{ code: 'bathing', timesPerWeek: 2, minutes: null, performer: 'caregiver', assigneeId: 'cg-1', note: '' }],
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
  };
  const approval = { status: 'approved', approvedBy: 'cm-1', approvedAt: NOW };
  const ack = { alertId: `abnormal_vitals:${RESIDENT}:${VISIT}`, residentId: RESIDENT, by: 'cm-1', at: NOW };
  const CM = { userId: 'cm-1', role: 'care_manager' as const };
  const CG = { userId: 'cg-1', role: 'caregiver' as const };

  it('registry: visits and amendments are append-only and follow their resident; plans are patched and checked against the stored one', () => {
    for (const t of ['visit', 'visit_amendment', 'care_plan', 'alert_ack'] as const) {
      expect(SYNC_TYPES[t].parentField, t).toBe('residentId');
      expect(SYNC_TYPES[t].bucketOf({ residentId: RESIDENT }), t).toEqual({ residentId: RESIDENT });
      expect(SYNC_TYPES[t].bucketOf({ notes: 'x' }), t).toBeNull();
    }
    expect([SYNC_TYPES.visit.immutable, SYNC_TYPES.visit_amendment.immutable, SYNC_TYPES.alert_ack.immutable, SYNC_TYPES.care_plan.immutable]).toEqual([true, true, true, false]);
    expect(SYNC_TYPES.visit.clientOps).toEqual(['create', 'void']);
    expect(SYNC_TYPES.visit_amendment.clientOps).toEqual(['create']);
    expect(SYNC_TYPES.care_plan.checkStored).toBeTypeOf('function');
  });

  it('visits: create and void only; a patch, delete or restore is immutable_record', () => {
    expect(validateMutation(m('visit', 'create', { ...visit }))).toEqual({ ok: true });
    expect(validateMutation(m('visit', 'void', { voidReason: 'ผิดคน' }))).toEqual({ ok: true });
    for (const op of ['patch', 'delete', 'restore'] as const) {
      expect(validateMutation(m('visit', op, op === 'patch' ? { observations: 'x' } : {})), op).toEqual({ ok: false, code: 'immutable_record' });
    }
    expect(validateMutation(m('visit', 'create', { ...visit, serviceDate: '2025-03-09' }))).toEqual({ ok: false, code: 'validation_failed', field: 'serviceDate' });
    expect(validateMutation(m('visit', 'create', { ...visit, escalation: 'hospital' }))).toEqual({ ok: false, code: 'validation_failed', field: 'escalationReason' });
    expect(validateMutation(m('visit', 'void', {}))).toEqual({ ok: false, code: 'validation_failed', field: 'voidReason' });
  });

  it('amendments name their author; only create', () => {
    expect(validateMutation(m('visit_amendment', 'create', { ...amendment }), CG)).toEqual({ ok: true });
    expect(validateMutation(m('visit_amendment', 'create', { ...amendment }), CM)).toEqual({ ok: false, code: 'validation_failed', field: 'author' });
    expect(validateMutation(m('visit_amendment', 'create', { ...amendment, changes: { residentId: RESIDENT } }))).toMatchObject({ ok: false, code: 'validation_failed' });
    expect(validateMutation(m('visit_amendment', 'create', { ...amendment, changes: { 'vitals.systolic': 1200 } }))).toEqual({ ok: false, code: 'validation_failed', field: 'changes.vitals.systolic' });
    expect(validateMutation(m('visit_amendment', 'patch', { reason: 'x' }))).toEqual({ ok: false, code: 'immutable_record' });
  });

  it('care plans: approvals only by a care manager in her own name, on create and on patch', () => {
    expect(validateMutation(m('care_plan', 'create', { ...plan }), CG)).toEqual({ ok: true });
    expect(validateMutation(m('care_plan', 'patch', approval), CM)).toEqual({ ok: true });
    expect(validateMutation(m('care_plan', 'patch', approval), CG)).toEqual({ ok: false, code: 'validation_failed', field: 'approvedBy' });
    expect(validateMutation(m('care_plan', 'patch', approval), { userId: 'cm-2', role: 'care_manager' })).toEqual({ ok: false, code: 'validation_failed', field: 'approvedBy' });
    expect(validateMutation(m('care_plan', 'create', { ...plan, ...approval }), { userId: 'cm-2', role: 'care_manager' })).toEqual({ ok: false, code: 'validation_failed', field: 'approvedBy' });
    expect(validateMutation(m('care_plan', 'patch', { status: 'submitted', submittedBy: 'cg-2', submittedAt: NOW }), CG)).toEqual({ ok: false, code: 'validation_failed', field: 'submittedBy' });
    // A draft naming an approver is not a plan.
    expect(validateMutation(m('care_plan', 'create', { ...plan, approvedBy: 'cm-1', approvedAt: NOW }), CM)).toEqual({ ok: false, code: 'validation_failed', field: 'approvedBy' });
  });

  it('care plans: checkStored names the field a patch breaks against the stored plan', () => {
    const check = SYNC_TYPES.care_plan.checkStored;
    if (!check) throw new Error('no checkStored');
    const approved = { ...plan, ...approval };
    expect(check({ ...plan }, { op: 'patch', fields: approval }, CM)).toBeNull();
    expect(check({ ...plan }, { op: 'patch', fields: approval }, CG)).toBe('approvedBy');
    expect(check(approved, { op: 'patch', fields: { activities: [] } }, CM)).toBe('activities');
    expect(check(approved, { op: 'patch', fields: { status: 'draft' } }, CM)).toBe('status');
    expect(check(approved, { op: 'patch', fields: { version: 2 } }, CM)).toBe('version');
    expect(check(approved, { op: 'patch', fields: { status: 'active' } }, CG)).toBeNull();
    expect(check({ ...plan }, { op: 'patch', fields: { reviewDate: '2025-02-01' } }, CG)).toBe('reviewDate'); // review before start: the field the plan breaks
    expect(check(approved, { op: 'create', fields: {} }, CM)).toBeNull();
    // A stored plan from an older schema is judged by the stateless rules only.
    expect(check({ ...plan, legacy: true }, { op: 'patch', fields: { activities: [] } }, CM)).toBeNull();
  });

  it('care plans: checkMerged refuses a merge that no single write made, such as an approved draft', () => {
    const merged = SYNC_TYPES.care_plan.checkMerged;
    if (!merged) throw new Error('no checkMerged');
    expect(merged({ ...plan }, { ...plan, ...approval })).toBeNull();
    expect(merged({ ...plan }, { ...plan, approvedBy: 'cm-1', approvedAt: NOW })).toBe('approvedBy');
    expect(merged({ ...plan, legacy: true }, { ...plan, approvedBy: 'cm-1', approvedAt: NOW })).toBeNull();
  });

  it('alert acknowledgements: create only, by the pusher, for the alert’s own resident', () => {
    expect(validateMutation(m('alert_ack', 'create', { ...ack }), CM)).toEqual({ ok: true });
    expect(validateMutation(m('alert_ack', 'create', { ...ack, by: 'cm-2' }), CM)).toEqual({ ok: false, code: 'validation_failed', field: 'by' });
    expect(validateMutation(m('alert_ack', 'create', { ...ack, residentId: VISIT }))).toEqual({ ok: false, code: 'validation_failed', field: 'alertId' });
    expect(validateMutation(m('alert_ack', 'create', { ...ack, alertId: 'made_up:x:y' }))).toMatchObject({ ok: false, code: 'validation_failed', field: 'alertId' });
    expect(validateMutation(m('alert_ack', 'delete', {}))).toEqual({ ok: false, code: 'immutable_record' });
  });
});
