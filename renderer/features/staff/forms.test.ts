import { describe, expect, it } from 'vitest';
import { defaultAvailability } from '../../../shared/rounds/availability';
import { availabilityFormSchema, availabilityToForm, holidayFormSchema, leaveFormSchema, type AvailabilityFormValues } from './forms';

const U = '0195f3a2-7c4e-7a10-9b2c-3d4e5f607182';

function issues(r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }): string[] {
  return r.success ? [] : (r.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);
}

const form = (over: Partial<AvailabilityFormValues> = {}): AvailabilityFormValues => ({ ...availabilityToForm(defaultAvailability(U)), ...over });

describe('availability form', () => {
  it('round-trips the default', () => {
    expect(form()).toEqual({ workingDays: ['1', '2', '3', '4', '5'], start: '08:30', end: '16:30', cap: '30', skills: [], lat: '', lng: '' });
    expect(availabilityFormSchema(U).parse(form())).toEqual(defaultAvailability(U));
  });
  it('reads Thai times and digits, sorts days, keeps skills in catalogue order and unknown stored ones', () => {
    const out = availabilityFormSchema(U, ['wound', 'future_skill']).parse(form({ workingDays: ['6', '1'], start: '๐๗.๓๐', end: '15:00', cap: '๒๐', skills: ['wound', 'ng_tube'], lat: '14.02', lng: '100.73' }));
    expect(out).toEqual({ userId: U, skills: ['ng_tube', 'wound', 'future_skill'], workingDays: [1, 6], startMinute: 450, endMinute: 900, weeklyVisitCap: 20, base: { lat: 14.02, lng: 100.73 } });
  });
  it('takes a single checkbox value or none as react-hook-form gives them', () => {
    expect(availabilityFormSchema(U).parse({ ...form(), workingDays: '3', skills: false }).workingDays).toEqual([3]);
  });
  it('names each mistake by its field', () => {
    expect(issues(availabilityFormSchema(U).safeParse(form({ workingDays: [], start: '8', end: '16:30', cap: '201', lat: '14' })))).toEqual([
      'workingDays: staff.err.days',
      'start: staff.err.time',
      'cap: staff.err.cap',
      'lng: staff.err.latLngPair',
    ]);
    expect(issues(availabilityFormSchema(U).safeParse(form({ start: '16:30', end: '08:00' })))).toEqual(['end: staff.err.endBeforeStart']);
    expect(issues(availabilityFormSchema(U).safeParse(form({ start: '08:00', end: '08:00' })))).toEqual(['end: staff.err.endBeforeStart']);
    expect(issues(availabilityFormSchema(U).safeParse(form({ cap: '2.5' })))).toEqual(['cap: staff.err.cap']);
    expect(issues(availabilityFormSchema(U).safeParse(form({ lat: '51.5', lng: 'x' })))).toEqual(['lat: staff.err.lat', 'lng: staff.err.lng']);
  });
  it('refuses what the shared record schema refuses (a user id that is not one)', () => {
    expect(issues(availabilityFormSchema('not-a-uuid').safeParse(form()))).toEqual(['workingDays: staff.err.invalid']);
  });
});

describe('leave form', () => {
  it('makes a leave record', () => {
    expect(leaveFormSchema(U).parse({ from: '2027-01-04', to: '2027-01-06', reason: 'training', note: '  อบรม CG ' })).toEqual({ userId: U, from: '2027-01-04', to: '2027-01-06', reason: 'training', note: 'อบรม CG' });
  });
  it('names each mistake by its field', () => {
    expect(issues(leaveFormSchema(U).safeParse({ from: '', to: '4/1/2570x', reason: '', note: 'ก'.repeat(301) }))).toEqual([
      'from: staff.err.dateRequired',
      'to: staff.err.dateRequired',
      'reason: staff.err.reason',
      'note: staff.err.noteLong',
    ]);
    expect(issues(leaveFormSchema(U).safeParse({ from: '2027-01-06', to: '2027-01-04', reason: 'sick', note: '' }))).toEqual(['to: staff.err.toBeforeFrom']);
  });
});

describe('holiday form', () => {
  it('makes a holiday record, spaces tidied', () => {
    expect(holidayFormSchema(new Set()).parse({ date: '2027-07-29', nameTh: ' วันหยุด  ชดเชย ', nameEn: 'Substitution day' })).toEqual({ date: '2027-07-29', nameTh: 'วันหยุด ชดเชย', nameEn: 'Substitution day' });
  });
  it('refuses a date taken and empty names', () => {
    expect(issues(holidayFormSchema(new Set(['2027-01-01'])).safeParse({ date: '2027-01-01', nameTh: '', nameEn: ' ' }))).toEqual([
      'date: staff.err.dateTaken',
      'nameTh: staff.err.nameRequired',
      'nameEn: staff.err.nameRequired',
    ]);
  });
});
