import { describe, expect, it } from 'vitest';
import { emptyVisitForm, validateVisitForm, type VisitFormValues } from '../../../shared/visitForm';
import { DEFAULT_VITAL_SETTINGS } from '../../../shared/vitals';
import { adlDue, errorTestId, issuesByPath, labelFor, liveVital, minutesSince, problemsToText, reviveVisitForm, textToProblems, toggleCare } from './formModel';

const NOW = '2025-06-15T03:00:00.000Z'; // 10:00 Bangkok

describe('liveVital', () => {
  it('flags as typed at the docs/domain.md thresholds, urgent beyond', () => {
    expect(liveVital('systolic', '', DEFAULT_VITAL_SETTINGS)).toEqual({ kind: 'empty' });
    expect(liveVital('systolic', '139', DEFAULT_VITAL_SETTINGS)).toEqual({ kind: 'level', level: 'normal' });
    expect(liveVital('systolic', '140', DEFAULT_VITAL_SETTINGS)).toEqual({ kind: 'level', level: 'high' });
    expect(liveVital('systolic', '180', DEFAULT_VITAL_SETTINGS)).toEqual({ kind: 'level', level: 'criticalHigh' });
    expect(liveVital('glucose', 'LO', DEFAULT_VITAL_SETTINGS)).toEqual({ kind: 'level', level: 'criticalLow' });
    // Weight has no normal range: its flag comes from the change over time.
    expect(liveVital('weight', '120', DEFAULT_VITAL_SETTINGS)).toEqual({ kind: 'level', level: 'normal' });
  });
  it('reports typos with the likely fix instead of a level', () => {
    const r = liveVital('systolic', '1200', DEFAULT_VITAL_SETTINGS);
    expect(r.kind).toBe('issue');
    if (r.kind === 'issue') expect(r.issue).toMatchObject({ code: 'vitals.systolic.extraDigit', params: { suggested: 120 } });
    const temp = liveVital('temperature', '3.7', DEFAULT_VITAL_SETTINGS);
    if (temp.kind !== 'issue') throw new Error('expected an issue');
    expect(temp.issue).toMatchObject({ code: 'vitals.temperature.decimalSlip', params: { suggested: 37 } });
  });
});

describe('care and problems', () => {
  it('ticks with the plan minutes, unticks, never duplicates', () => {
    let list = toggleCare([], 'bathing', true, 20);
    expect(list).toEqual([{ code: 'bathing', minutes: '20' }]);
    list = toggleCare(list, 'feeding', true, null);
    list = toggleCare(list, 'bathing', true, null);
    expect(list.map((c) => c.code)).toEqual(['feeding', 'bathing']);
    expect(toggleCare(list, 'feeding', false, null)).toEqual([{ code: 'bathing', minutes: '' }]);
  });
  it('keeps the problems textarea lossless while typing (empty and trailing lines)', () => {
    for (const text of ['', 'a', 'a\n', 'a\n\nb', '\n']) expect(problemsToText(textToProblems(text))).toBe(text);
    expect(textToProblems('ขาบวม\r\nนอนไม่หลับ')).toEqual(['ขาบวม', 'นอนไม่หลับ']);
  });
});

describe('reviveVisitForm', () => {
  it('returns a stored draft unchanged', () => {
    const values: VisitFormValues = {
      ...emptyVisitForm(NOW),
      durationMinutes: '40',
      vitals: { ...emptyVisitForm(NOW).vitals, systolic: '1200', temperature: '3.7' },
      careGiven: [{ code: 'bathing', minutes: '15' }],
      problems: ['ขาบวม', ''],
      gps: { lat: 14, lng: 100.6, accuracyM: null },
    };
    expect(reviveVisitForm(JSON.parse(JSON.stringify(values)), NOW)).toEqual(values);
  });
  it('never puts a non-string in a text field, whatever was stored', () => {
    const revived = reviveVisitForm({ date: 5, vitals: { systolic: 120 }, careGiven: [null, { code: 3 }, { code: 'feeding', minutes: 4 }], problems: ['x', 1], gps: { lat: 'a' } }, NOW);
    expect(revived.date).toBe(emptyVisitForm(NOW).date);
    expect(revived.vitals.systolic).toBe('');
    expect(revived.careGiven).toEqual([{ code: 'feeding', minutes: '' }]);
    expect(revived.problems).toEqual(['x']);
    expect(revived.gps).toBeNull();
    expect(reviveVisitForm('junk', NOW)).toEqual(emptyVisitForm(NOW));
  });
});

describe('adlDue', () => {
  it('is due when never assessed, and from the interval day on (6 months dependent, 12 social)', () => {
    expect(adlDue(null, '2025-06-15')).toEqual({ due: true, lastAssessedOn: null, dueDate: null });
    expect(adlDue({ assessedOn: '2025-01-15', group: 'homebound' }, '2025-07-14')).toEqual({ due: false });
    expect(adlDue({ assessedOn: '2025-01-15', group: 'homebound' }, '2025-07-15')).toMatchObject({ due: true, dueDate: '2025-07-15' });
    expect(adlDue({ assessedOn: '2025-01-15', group: 'social' }, '2025-07-15')).toEqual({ due: false });
    expect(adlDue({ assessedOn: '2025-01-15', group: 'social' }, '2026-01-15')).toMatchObject({ due: true });
  });
});

describe('issues and labels', () => {
  it('keys issues by path, first wins, and names the form-level error', () => {
    const r = validateVisitForm({ ...emptyVisitForm(NOW), vitals: { ...emptyVisitForm(NOW).vitals, systolic: '120', diastolic: '130' } }, { now: NOW, resident: { birthDate: { precision: 'year', value: '1940' }, status: 'active' } });
    if (r.ok) throw new Error('expected issues');
    const by = issuesByPath(r.issues);
    expect(by.get('vitals.diastolic')?.code).toBe('vitals.diastolic.notBelowSystolic');
    expect(by.get('durationMinutes')?.code).toBe('visit.duration.required');
    expect(errorTestId('')).toBe('field-error-form');
    expect(errorTestId('vitals.systolic')).toBe('field-error-vitals.systolic');
  });
  it('labels vitals, numbered problems and care rows', () => {
    expect(labelFor('vitals.spo2', () => undefined)).toEqual({ key: 'visits.vital.spo2' });
    expect(labelFor('problems.2', () => undefined)).toEqual({ key: 'visits.field.problem', params: { n: 3 } });
    expect(labelFor('careGiven.0.minutes', (i) => (i === 0 ? 'bathing' : undefined))).toEqual({ text: 'bathing' });
  });
  it('minutesSince counts whole minutes to now, at least 1, never for a future start', () => {
    const start = '2025-06-15T03:00:00.000Z';
    expect(minutesSince(start, Date.parse(start) + 44.6 * 60_000)).toBe(45);
    expect(minutesSince(start, Date.parse(start) + 10_000)).toBe(1);
    expect(minutesSince(start, Date.parse(start) - 60_000)).toBeNull();
    expect(minutesSince(null, 0)).toBeNull();
  });
});
