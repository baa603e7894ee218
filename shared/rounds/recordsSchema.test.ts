import { describe, expect, it } from 'vitest';
import type { Mutation } from '../sync/protocol';
import { SYNC_TYPES, validateMutation } from '../sync/records';
import type { AvailabilityData, RoundVisitData } from './recordsSchema';
import { roundVisitOf } from './testWeek';

const CG = '0195f000-0000-7000-8000-00000000000a';
const RESIDENT = '0195f3a2-7c4e-7a10-9b2c-3d4e5f607182';
const ROUND = '0195f3a2-7c4e-7a10-9b2c-3d4e5f6071aa';
const HLC = '2026-12-04T02:10:00.000Z-0000-a1a1a1a1a1a1a1a1';
const caregiver = { userId: CG, role: 'caregiver' as const };
const manager = { userId: '0195f000-0000-7000-8000-00000000000c', role: 'care_manager' as const };

function m(type: string, id: string, op: Mutation['op'], fields: Record<string, unknown>): Mutation {
  return { mid: 1, type, id, op, fields, hlc: HLC, baseSeq: 0 };
}

const availability: AvailabilityData = { userId: CG, skills: ['insulin'], workingDays: [1, 2, 3, 4, 5], startMinute: 8 * 60, endMinute: 16 * 60, weeklyVisitCap: 30, base: null };
const round: RoundVisitData = roundVisitOf({
  weekStart: '2026-12-07',
  residentId: RESIDENT,
  caregiverId: CG,
  date: '2026-12-09',
  minute: 8 * 60,
  minutes: 45,
  fixed: true,
  activities: ['medication'],
  status: 'published',
});

describe('availability records', () => {
  it('is one record per caregiver, named by her id, with a day that ends after it starts', () => {
    expect(validateMutation(m('availability', CG, 'create', { ...availability }), manager)).toEqual({ ok: true });
    expect(validateMutation(m('availability', ROUND, 'create', { ...availability }), manager)).toEqual({ ok: false, code: 'validation_failed', field: 'userId' });
    expect(validateMutation(m('availability', CG, 'create', { ...availability, endMinute: 8 * 60 }), manager)).toMatchObject({ ok: false, field: 'endMinute' });
    expect(validateMutation(m('availability', CG, 'create', { ...availability, workingDays: [1, 1] }), manager)).toMatchObject({ ok: false, field: 'workingDays' });
    expect(validateMutation(m('availability', CG, 'patch', { userId: CG }), manager)).toMatchObject({ ok: false, field: 'userId' });
  });
  it('a merge of two valid patches that ends the day before it starts is caught', () => {
    expect(SYNC_TYPES.availability.checkMerged?.(availability, { ...availability, startMinute: 17 * 60 })).toBe('endMinute');
    expect(SYNC_TYPES.availability.checkMerged?.(availability, { ...availability, startMinute: 9 * 60 })).toBeNull();
  });
  it('lives in its caregiver\'s work bucket', () => {
    expect(SYNC_TYPES.availability.bucketOf(availability)).toEqual({ bucket: `w:${CG}` });
    expect(SYNC_TYPES.leave.bucketOf({ userId: CG })).toEqual({ bucket: `w:${CG}` });
    expect(SYNC_TYPES.holiday.bucketOf({})).toEqual({ bucket: 'm:main' });
  });
});

describe('leave and holidays', () => {
  it('a leave ends on or after its first day, for a known reason', () => {
    const leave = { userId: CG, from: '2026-12-08', to: '2026-12-09', reason: 'sick', note: '' };
    expect(validateMutation(m('leave', ROUND, 'create', leave), manager)).toEqual({ ok: true });
    expect(validateMutation(m('leave', ROUND, 'create', { ...leave, to: '2026-12-07' }), manager)).toMatchObject({ ok: false, field: 'to' });
    expect(validateMutation(m('leave', ROUND, 'create', { ...leave, reason: 'beach' }), manager)).toMatchObject({ ok: false, field: 'reason' });
  });
  it('a holiday is a real date with both names', () => {
    expect(validateMutation(m('holiday', ROUND, 'create', { date: '2026-12-10', nameTh: 'วันรัฐธรรมนูญ', nameEn: 'Constitution Day' }), manager)).toEqual({ ok: true });
    expect(validateMutation(m('holiday', ROUND, 'create', { date: '2026-02-30', nameTh: 'x', nameEn: 'x' }), manager)).toMatchObject({ ok: false, field: 'date' });
  });
});

describe('round visits', () => {
  it('a draft is the planner\'s (municipality bucket); published or cancelled, its caregiver\'s; a patch without the state says nothing', () => {
    expect(SYNC_TYPES.round_visit.bucketOf({ ...round, status: 'draft' })).toEqual({ bucket: 'm:main' });
    expect(SYNC_TYPES.round_visit.bucketOf(round)).toEqual({ bucket: `w:${CG}` });
    expect(SYNC_TYPES.round_visit.bucketOf({ ...round, status: 'cancelled' })).toEqual({ bucket: `w:${CG}` });
    expect(SYNC_TYPES.round_visit.bucketOf({ caregiverId: CG })).toBeNull();
  });
  it('lies in its week, which starts on a Monday; a fixed visit has its time', () => {
    expect(validateMutation(m('round_visit', ROUND, 'create', { ...round }), manager)).toEqual({ ok: true });
    expect(validateMutation(m('round_visit', ROUND, 'create', { ...round, date: '2026-12-14' }), manager)).toMatchObject({ ok: false, field: 'date' });
    expect(validateMutation(m('round_visit', ROUND, 'create', { ...round, weekStart: '2026-12-08', date: '2026-12-09' }), manager)).toMatchObject({ ok: false, field: 'weekStart' });
    expect(validateMutation(m('round_visit', ROUND, 'create', { ...round, minute: null }), manager)).toMatchObject({ ok: false, field: 'minute' });
  });
  it('is missed exactly with a reason, and only a published visit has an outcome', () => {
    expect(validateMutation(m('round_visit', ROUND, 'create', { ...round, outcome: 'missed', missedReason: 'not_home' }), manager)).toEqual({ ok: true });
    expect(validateMutation(m('round_visit', ROUND, 'create', { ...round, outcome: 'missed' }), manager)).toMatchObject({ ok: false, field: 'missedReason' });
    expect(validateMutation(m('round_visit', ROUND, 'create', { ...round, status: 'draft', outcome: 'done' }), manager)).toMatchObject({ ok: false, field: 'outcome' });
    // Two devices: one marks it done, the other missed with a reason: the merge is caught.
    expect(SYNC_TYPES.round_visit.checkMerged?.(round, { ...round, outcome: 'done', missedReason: 'not_home' })).toBe('missedReason');
  });
  it('a caregiver records only its outcome; the care manager plans', () => {
    expect(validateMutation(m('round_visit', ROUND, 'patch', { outcome: 'missed', missedReason: 'in_hospital', outcomeNote: 'นอนโรงพยาบาล' }), caregiver)).toEqual({ ok: true });
    expect(validateMutation(m('round_visit', ROUND, 'patch', { outcome: 'done', visitId: RESIDENT }), caregiver)).toEqual({ ok: true });
    expect(validateMutation(m('round_visit', ROUND, 'patch', { date: '2026-12-10' }), caregiver)).toEqual({ ok: false, code: 'validation_failed', field: 'date' });
    expect(validateMutation(m('round_visit', ROUND, 'patch', { publishedAs: null }), caregiver)).toEqual({ ok: false, code: 'validation_failed', field: 'publishedAs' });
    expect(validateMutation(m('round_visit', ROUND, 'create', { ...round }), caregiver)).toEqual({ ok: false, code: 'validation_failed', field: 'op' });
    expect(validateMutation(m('round_visit', ROUND, 'delete', {}), caregiver)).toEqual({ ok: false, code: 'validation_failed', field: 'op' });
    expect(validateMutation(m('round_visit', ROUND, 'delete', {}), manager)).toEqual({ ok: true });
    expect(validateMutation(m('round_visit', ROUND, 'patch', { date: '2026-12-10', order: 2 }), manager)).toEqual({ ok: true });
  });
});
