import { describe, expect, it } from 'vitest';
import { buildResidentProfile, generateDemoData } from '../../test/fixtures/generate';
import type { ResidentData } from '../resident';
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
    expect(Object.fromEntries(Object.values(SYNC_TYPES).map((d) => [d.type, d.table]))).toEqual({ resident: 'residents', adl_assessment: 'assessments', conflict: 'conflicts', visit: 'visits', visit_amendment: 'visitAmendments', care_plan: 'carePlans', alert_ack: 'alertAcks' });
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
