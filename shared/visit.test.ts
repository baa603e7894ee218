import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PartialDate } from './dates/thaiDate';
import { VISIT_LIMITS, amendVisits, applyAmendments, buildAmendment, diffVisit, visitAmendmentDataSchema, visitDataSchema, visitDurationMinutes, visitStoredSchema, type VisitAmendmentData, type VisitData } from './visit';
import { VISIT_FORM_CODES, visitWarnings, startEndingNow, emptyVisitForm, validateVisitForm, visitToForm, type VisitFormContext, type VisitFormValues } from './visitForm';
import { VITAL_MESSAGE_CODES, resolveVitalSettings } from './vitals';

const NOW = '2025-03-10T03:00:00.000Z'; // 10:00 Bangkok
const RESIDENT_ID = '01958f3a-1111-7000-8000-000000000001';
const VISIT_ID = '01958f3a-2222-7000-8000-000000000001';
const PHOTO_ID = 'a'.repeat(64); // a SHA-256 in hex
const ctx: VisitFormContext = { now: NOW, resident: { birthDate: { value: '1948', precision: 'year' }, status: 'active' } };

function form(overrides: Partial<VisitFormValues> = {}): VisitFormValues {
  return {
    ...emptyVisitForm(NOW),
    time: '09:00',
    durationMinutes: '45',
    vitals: { systolic: '132', diastolic: '84', pulse: '78', temperature: '36.8', spo2: '97', respRate: '18', glucose: '', weight: '55.2' },
    careGiven: [
      { code: 'bathing', minutes: '20' },
      { code: 'medication', minutes: '' },
    ],
    mood: '4',
    observations: 'ยิ้มแย้ม  ทานข้าวได้',
    ...overrides,
  };
}

function issues(r: ReturnType<typeof validateVisitForm>): Record<string, string> {
  const out: Record<string, string> = {};
  if (!r.ok) for (const i of r.issues) out[i.path.join('.')] = i.code;
  return out;
}

function saved(overrides: Partial<VisitFormValues> = {}, c: VisitFormContext = ctx): VisitData {
  const r = validateVisitForm(form(overrides), c);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return { ...r.data, residentId: RESIDENT_ID, caregiverId: 'user-cg-1' };
}

describe('visit form: a good visit', () => {
  it('becomes a stored visit: instants in UTC, Bangkok service date, cleaned text, parsed vitals', () => {
    const v = saved();
    expect(v).toMatchObject({
      startedAt: '2025-03-10T02:00:00.000Z',
      endedAt: '2025-03-10T02:45:00.000Z',
      serviceDate: '2025-03-10',
      type: 'routine',
      outcome: 'done',
      missedReason: null,
      vitals: { systolic: 132, diastolic: 84, pulse: 78, temperature: 36.8, spo2: 97, respRate: 18, glucose: null, weight: 55.2 },
      careGiven: [
        { code: 'bathing', minutes: 20 },
        { code: 'medication', minutes: null },
      ],
      mood: 4,
      observations: 'ยิ้มแย้ม ทานข้าวได้',
      escalation: 'none',
      escalationReason: '',
      archivedReason: null,
    });
    expect(visitDataSchema.safeParse(v).success).toBe(true);
    expect(visitDurationMinutes(v)).toBe(45);
  });

  it('23:40 for 40 minutes is one visit dated by its start (pitfall 5)', () => {
    const v = saved({ date: '2025-03-09', time: '23:40', durationMinutes: '40' });
    expect(v.serviceDate).toBe('2025-03-09');
    expect(v.startedAt).toBe('2025-03-09T16:40:00.000Z');
    expect(v.endedAt).toBe('2025-03-09T17:20:00.000Z'); // 00:20 on the 10th, Bangkok
    expect(visitDurationMinutes(v)).toBe(40);
  });

  it('accepts 9.30 and Thai digits for the time', () => {
    expect(saved({ time: '9.30', durationMinutes: '30' }).startedAt).toBe('2025-03-10T02:30:00.000Z');
    expect(saved({ time: '๐๙:๓๐', durationMinutes: '30' }).startedAt).toBe('2025-03-10T02:30:00.000Z');
  });

  it('round-trips through visitToForm', () => {
    const v = saved({ nextVisitDate: '2025-03-17', escalation: 'health_centre', escalationReason: 'BP สูง' });
    const again = validateVisitForm(visitToForm(v), ctx);
    expect(again.ok && again.data).toEqual(
      (({ residentId: _r, caregiverId: _c, ...rest }) => rest)(v),
    );
  });
});

describe('visit form: when', () => {
  it('refuses a start in the future, at the minute (now is allowed)', () => {
    expect(issues(validateVisitForm(form({ time: '10:00', durationMinutes: '2' }), ctx))).toEqual({});
    expect(issues(validateVisitForm(form({ time: '10:01' }), ctx))).toEqual({ time: 'visit.time.future' });
    expect(issues(validateVisitForm(form({ date: '2025-03-11', time: '08:00' }), ctx))).toEqual({ date: 'visit.date.future' });
  });

  it('refuses a visit whose end (start + duration) is still ahead, naming the duration, with two minutes of slack', () => {
    // The form opens with the start at "now": the planned duration typed at once would end the visit later.
    expect(issues(validateVisitForm(form({ time: '10:00', durationMinutes: '30' }), ctx))).toEqual({ durationMinutes: 'visit.duration.endsInFuture' });
    expect(issues(validateVisitForm(form({ time: '09:30', durationMinutes: '30' }), ctx))).toEqual({});
    expect(issues(validateVisitForm(form({ time: '09:30', durationMinutes: '32' }), ctx))).toEqual({});
    expect(issues(validateVisitForm(form({ time: '09:30', durationMinutes: '33' }), ctx))).toEqual({ durationMinutes: 'visit.duration.endsInFuture' });
    // Yesterday's visit of any length is in the past.
    expect(issues(validateVisitForm(form({ date: '2025-03-09', time: '23:00', durationMinutes: '120' }), ctx))).toEqual({});
  });

  it('puts the start of a visit recorded as it ends `duration` minutes before now, across midnight too', () => {
    expect(startEndingNow('30', NOW)).toEqual({ date: '2025-03-10', time: '09:30' });
    expect(startEndingNow('๖๐', NOW)).toEqual({ date: '2025-03-10', time: '09:00' });
    expect(startEndingNow('45', '2025-03-09T17:20:00.000Z')).toEqual({ date: '2025-03-09', time: '23:35' }); // 00:20 Bangkok
    for (const bad of ['', '0', 'x', '1.5', String(VISIT_LIMITS.maxDurationMinutes + 1)]) expect(startEndingNow(bad, NOW), bad).toBeNull();
    // What it gives always passes the end-in-the-future rule.
    const s = startEndingNow('30', NOW);
    expect(s && issues(validateVisitForm(form({ ...s, durationMinutes: '30' }), ctx))).toEqual({});
  });

  it('refuses a visit before the resident was born (first possible day of a partial birth date)', () => {
    const born = (birthDate: PartialDate): VisitFormContext => ({ ...ctx, resident: { ...ctx.resident, birthDate } });
    const yearOnly = born({ value: '1948', precision: 'year' });
    expect(issues(validateVisitForm(form({ date: '1947-12-31' }), yearOnly))).toEqual({ date: 'visit.date.beforeBirth' });
    expect(issues(validateVisitForm(form({ date: '1948-01-01' }), yearOnly))).toEqual({});
    const day = born({ value: '1948-05-12', precision: 'day' });
    expect(issues(validateVisitForm(form({ date: '1948-05-11' }), day))).toEqual({ date: 'visit.date.beforeBirth' });
    expect(issues(validateVisitForm(form({ date: '1948-05-12' }), day))).toEqual({});
    const month = born({ value: '1948-05', precision: 'month' });
    expect(issues(validateVisitForm(form({ date: '1948-04-30' }), month))).toEqual({ date: 'visit.date.beforeBirth' });
  });

  it('refuses malformed dates and times, and empty ones as required', () => {
    expect(issues(validateVisitForm(form({ date: '2025-02-30', time: '25:00' }), ctx))).toEqual({ date: 'visit.date.invalid', time: 'visit.time.invalid' });
    expect(issues(validateVisitForm(form({ date: '', time: '' }), ctx))).toEqual({ date: 'required', time: 'required' });
  });

  it('duration: required for a done visit, whole minutes, at most a day; > 8 h only warns', () => {
    expect(issues(validateVisitForm(form({ durationMinutes: '' }), ctx))).toEqual({ durationMinutes: 'visit.duration.required' });
    expect(issues(validateVisitForm(form({ durationMinutes: '0' }), ctx))).toEqual({ durationMinutes: 'visit.duration.required' });
    expect(issues(validateVisitForm(form({ durationMinutes: '4.5' }), ctx))).toEqual({ durationMinutes: 'visit.duration.invalid' });
    expect(issues(validateVisitForm(form({ date: '2025-03-08', durationMinutes: '1440' }), ctx))).toEqual({});
    expect(issues(validateVisitForm(form({ date: '2025-03-08', durationMinutes: '1441' }), ctx))).toEqual({ durationMinutes: 'visit.duration.tooLong' });
    expect(visitWarnings(saved({ date: '2025-03-08', durationMinutes: '480' }))).toEqual([]);
    expect(visitWarnings(saved({ date: '2025-03-08', durationMinutes: '481' }))).toEqual([{ code: 'visit.duration.long', params: { minutes: 481 } }]);
    expect(visitWarnings(saved({ durationMinutes: '15' }))).toEqual([{ code: 'visit.careGiven.exceedsDuration', params: { minutes: 20 } }]);
  });
});

describe('visit form: content', () => {
  it('reports every problem in one round, each at its field, vitals under vitals.<field>', () => {
    const r = validateVisitForm(
      form({
        time: '10:30',
        type: 'coffee',
        vitals: { systolic: '1200', diastolic: '80', pulse: '', temperature: '3.7', spo2: '101', respRate: '', glucose: '', weight: '' },
        careGiven: [{ code: 'bathing', minutes: '0' }, { code: 'juggling', minutes: '' }, { code: 'bathing', minutes: '' }],
        mood: '6',
        escalation: 'hospital',
        nextVisitDate: '2025-03-10',
        photos: [{ blobId: PHOTO_ID, mimeType: 'image/jpeg', bytes: VISIT_LIMITS.maxPhotoBytes + 1, width: 800, height: 600 }],
      }),
      ctx,
    );
    expect(issues(r)).toEqual({
      time: 'visit.time.future',
      type: 'required',
      'vitals.systolic': 'vitals.systolic.extraDigit',
      'vitals.temperature': 'vitals.temperature.decimalSlip',
      'vitals.spo2': 'vitals.spo2.outOfRange',
      escalationReason: 'visit.escalationReason.required',
      'careGiven.0.minutes': 'visit.careGiven.minutes',
      'careGiven.1.code': 'invalidChoice',
      'careGiven.2.code': 'visit.careGiven.duplicate',
      mood: 'visit.mood.invalid',
      nextVisitDate: 'visit.nextVisitDate.notAfterVisit',
      'photos.0': 'visit.photos.tooLarge',
      photoConsent: 'visit.photoConsent.required',
    });
    // The suggested fix travels with the code.
    expect(!r.ok && r.issues.find((i) => i.path.join('.') === 'vitals.temperature')?.params).toMatchObject({ suggested: 37 });
  });

  it('diastolic above systolic is refused', () => {
    expect(issues(validateVisitForm(form({ vitals: { ...form().vitals, systolic: '90', diastolic: '95' } }), ctx))).toEqual({
      'vitals.diastolic': 'vitals.diastolic.notBelowSystolic',
    });
  });

  it('an urgent value needs an escalation or a recheck note; a merely high one does not', () => {
    const urgent = { ...form().vitals, systolic: '180', diastolic: '100' };
    const r = validateVisitForm(form({ vitals: urgent }), ctx);
    expect(issues(r)).toEqual({ escalation: 'visit.escalation.urgentNeedsAction' });
    expect(!r.ok && r.issues[0]?.params).toEqual({ fields: ['systolic'] });
    expect(issues(validateVisitForm(form({ vitals: { ...urgent, systolic: '179' } }), ctx))).toEqual({});
    expect(issues(validateVisitForm(form({ vitals: urgent, recheckNote: 'วัดซ้ำหลังพัก 15 นาที 150/90' }), ctx))).toEqual({});
    expect(issues(validateVisitForm(form({ vitals: urgent, escalation: 'health_centre', escalationReason: 'ความดันสูงมาก' }), ctx))).toEqual({});
    expect(issues(validateVisitForm(form({ vitals: { ...urgent, systolic: '132', diastolic: '84', glucose: 'HI' } }), ctx))).toEqual({
      escalation: 'visit.escalation.urgentNeedsAction',
    });
  });

  it('the urgent rule follows configured ranges', () => {
    const strict: VisitFormContext = { ...ctx, vitalSettings: resolveVitalSettings({ ranges: { systolic: { high: null, criticalHigh: { value: 130, inclusive: true } } } }) };
    expect(issues(validateVisitForm(form(), strict))).toEqual({ escalation: 'visit.escalation.urgentNeedsAction' });
  });

  it('escalation: each target needs a reason; none drops a stale reason', () => {
    for (const escalation of ['health_centre', 'hospital', 'emergency_1669']) {
      expect(issues(validateVisitForm(form({ escalation }), ctx))).toEqual({ escalationReason: 'visit.escalationReason.required' });
      expect(saved({ escalation, escalationReason: ' ล้ม ' }).escalationReason).toBe('ล้ม');
    }
    expect(saved({ escalation: 'none', escalationReason: 'old text' }).escalationReason).toBe('');
    expect(issues(validateVisitForm(form({ escalation: 'police' }), ctx))).toEqual({ escalation: 'required' });
  });

  it('next visit: after the visit, at most a year ahead', () => {
    expect(saved({ nextVisitDate: '2025-03-11' }).nextVisitDate).toBe('2025-03-11');
    expect(saved({ nextVisitDate: '2026-03-11' }).nextVisitDate).toBe('2026-03-11'); // +366 days
    expect(issues(validateVisitForm(form({ nextVisitDate: '2026-03-12' }), ctx))).toEqual({ nextVisitDate: 'visit.nextVisitDate.tooFar' });
    expect(issues(validateVisitForm(form({ nextVisitDate: '2025-03-09' }), ctx))).toEqual({ nextVisitDate: 'visit.nextVisitDate.notAfterVisit' });
    expect(issues(validateVisitForm(form({ nextVisitDate: '17/03/2568' }), ctx))).toEqual({ nextVisitDate: 'visit.nextVisitDate.invalid' });
  });

  it('mood 1–5 or empty; problems drop empty rows; care minutes 1–600', () => {
    expect(saved({ mood: '1' }).mood).toBe(1);
    expect(saved({ mood: '5' }).mood).toBe(5);
    expect(saved({ mood: '' }).mood).toBeNull();
    expect(issues(validateVisitForm(form({ mood: '0' }), ctx))).toEqual({ mood: 'visit.mood.invalid' });
    expect(saved({ problems: [' แผลกดทับที่ก้นกบ ', '', '  '] }).problems).toEqual(['แผลกดทับที่ก้นกบ']);
    expect(issues(validateVisitForm(form({ problems: Array.from({ length: 21 }, (_, i) => `p${i}`) }), ctx))).toEqual({ problems: 'visit.problems.tooMany' });
    expect(saved({ date: '2025-03-09', durationMinutes: '600', careGiven: [{ code: 'exercise', minutes: '600' }] }).careGiven).toEqual([{ code: 'exercise', minutes: 600 }]);
    expect(issues(validateVisitForm(form({ careGiven: [{ code: 'exercise', minutes: '601' }] }), ctx))).toEqual({ 'careGiven.0.minutes': 'visit.careGiven.minutes' });
  });

  it('photos: at most three, each at most the byte cap, with consent', () => {
    const photo = (bytes: number) => ({ blobId: PHOTO_ID, mimeType: 'image/webp' as const, bytes, width: 1200, height: 900 });
    expect(saved({ photos: [photo(VISIT_LIMITS.maxPhotoBytes)], photoConsent: true }).photos).toHaveLength(1);
    expect(issues(validateVisitForm(form({ photos: [photo(1000)] }), ctx))).toEqual({ photoConsent: 'visit.photoConsent.required' });
    expect(issues(validateVisitForm(form({ photos: [1, 2, 3, 4].map(() => photo(1000)), photoConsent: true }), ctx))).toEqual({ photos: 'visit.photos.tooMany' });
    expect(issues(validateVisitForm(form({ photos: [{ ...photo(1000), width: 4000 }], photoConsent: true }), ctx))).toEqual({ 'photos.0': 'visit.photos.invalid' });
  });

  it('a missed visit needs a reason (and a note for "other"), no duration, no vitals, no care', () => {
    const missed = { outcome: 'missed', durationMinutes: '', vitals: form({}).vitals, careGiven: [] };
    expect(issues(validateVisitForm(form({ ...missed, vitals: emptyVisitForm(NOW).vitals }), ctx))).toEqual({ missedReason: 'visit.missedReason.required' });
    expect(issues(validateVisitForm(form({ ...missed, vitals: emptyVisitForm(NOW).vitals, missedReason: 'other' }), ctx))).toEqual({ missedNote: 'visit.missedNote.required' });
    expect(issues(validateVisitForm(form({ ...missed, missedReason: 'not_home', careGiven: [{ code: 'bathing', minutes: '' }] }), ctx))).toEqual({
      vitals: 'visit.vitals.onMissedVisit',
      careGiven: 'visit.careGiven.onMissedVisit',
    });
    const v = saved({ ...missed, vitals: emptyVisitForm(NOW).vitals, missedReason: 'in_hospital' });
    expect(v).toMatchObject({ outcome: 'missed', missedReason: 'in_hospital', startedAt: v.endedAt });
    expect(visitDataSchema.safeParse(v).success).toBe(true);
  });

  it('a visit to a moved or deceased resident needs a reason', () => {
    for (const status of ['moved', 'died'] as const) {
      const c: VisitFormContext = { ...ctx, resident: { ...ctx.resident, status } };
      expect(issues(validateVisitForm(form(), c))).toEqual({ archivedReason: 'visit.archivedReason.required' });
      expect(saved({ archivedReason: 'เยี่ยมครอบครัว' }, c).archivedReason).toBe('เยี่ยมครอบครัว');
    }
    expect(saved({ archivedReason: 'ignored' }).archivedReason).toBeNull(); // active resident: not asked, not stored
  });

  it('GPS, when given, lies inside Thailand', () => {
    expect(saved({ gps: { lat: 14.02, lng: 100.73, accuracyM: 12 } }).gps).toEqual({ lat: 14.02, lng: 100.73, accuracyM: 12 });
    expect(issues(validateVisitForm(form({ gps: { lat: 0, lng: 0, accuracyM: null } }), ctx))).toEqual({ 'gps.lat': 'gps.lat', 'gps.lng': 'gps.lng' });
  });

  it('property: every accepted form stores valid data; every message is a known code', () => {
    const known = new Set([...VISIT_FORM_CODES, ...VITAL_MESSAGE_CODES]);
    const num = fc.oneof(fc.constant(''), fc.integer({ min: 0, max: 2000 }).map(String), fc.constantFrom('HI', 'x', '37.5', '3.7'));
    fc.assert(
      fc.property(
        fc.record({
          date: fc.constantFrom('2025-03-10', '2025-03-09', '2025-03-11', '1940-01-01', ''),
          time: fc.constantFrom('00:00', '09:00', '10:00', '10:01', '23:59', 'x'),
          durationMinutes: fc.constantFrom('', '0', '30', '1440', '1441'),
          outcome: fc.constantFrom('done', 'missed', ''),
          missedReason: fc.constantFrom('', 'not_home', 'other'),
          escalation: fc.constantFrom('none', 'hospital'),
          escalationReason: fc.constantFrom('', 'เหตุผล'),
          recheckNote: fc.constantFrom('', 'วัดซ้ำ'),
          nextVisitDate: fc.constantFrom('', '2025-03-09', '2025-03-11', '2027-01-01'),
          systolic: num,
          diastolic: num,
          glucose: num,
          temperature: num,
        }),
        (p) => {
          const f = form({ ...p, vitals: { ...form().vitals, systolic: p.systolic, diastolic: p.diastolic, glucose: p.glucose, temperature: p.temperature } });
          const r = validateVisitForm(f, ctx);
          if (r.ok) expect(visitDataSchema.safeParse({ ...r.data, residentId: RESIDENT_ID, caregiverId: 'u' }).error).toBeUndefined();
          else for (const i of r.issues) expect(known.has(i.code)).toBe(true);
        },
      ),
    );
  });
});

describe('visitDataSchema (stored)', () => {
  const good = (): VisitData => saved();
  it('refuses an end before the start (pitfall 5), a service date that is not the Bangkok date of the start', () => {
    expect(visitDataSchema.safeParse({ ...good(), endedAt: '2025-03-10T01:59:00.000Z' }).success).toBe(false);
    expect(visitDataSchema.safeParse({ ...good(), serviceDate: '2025-03-09' }).success).toBe(false);
    // 00:30 Bangkok on the 10th is 17:30 UTC on the 9th: the service date is the 10th.
    expect(visitDataSchema.safeParse({ ...good(), startedAt: '2025-03-09T17:30:00.000Z', endedAt: '2025-03-09T18:00:00.000Z', serviceDate: '2025-03-10' }).success).toBe(true);
  });
  it('refuses a missed visit with care, an escalation without reason, unknown keys, a next visit on the same day', () => {
    expect(visitDataSchema.safeParse({ ...good(), outcome: 'missed', missedReason: 'refused' }).success).toBe(false);
    expect(visitDataSchema.safeParse({ ...good(), escalation: 'hospital' }).success).toBe(false);
    expect(visitDataSchema.safeParse({ ...good(), extra: 1 }).success).toBe(false);
    expect(visitDataSchema.safeParse({ ...good(), nextVisitDate: '2025-03-10' }).success).toBe(false);
    expect(visitDataSchema.safeParse({ ...good(), photos: [{ blobId: PHOTO_ID, mimeType: 'image/png', bytes: 10, width: 1, height: 1 }], photoConsent: true }).success).toBe(false);
  });
  it('the stored row may carry a void reason', () => {
    expect(visitStoredSchema.safeParse({ ...good(), voidReason: 'ผิดคน' }).success).toBe(true);
    expect(visitDataSchema.safeParse({ ...good(), voidReason: 'ผิดคน' }).success).toBe(false);
  });
});

describe('amendments', () => {
  const visit = { ...saved(), id: VISIT_ID };
  let n = 0;
  const amend = (changes: VisitAmendmentData['changes'], at: string, id?: string, reason = 'พิมพ์ผิด'): VisitAmendmentData & { id: string } => ({
    id: id ?? `01958f3a-4444-7000-8000-${String(++n).padStart(12, '0')}`,
    visitId: VISIT_ID,
    residentId: RESIDENT_ID,
    reason,
    changes,
    author: 'user-cm-1',
    at,
  });

  it('gives the current view and the history, oldest first, without touching the saved visit', () => {
    const a1 = amend({ 'vitals.systolic': 128 }, '2025-03-10T05:00:00.000Z');
    const a2 = amend({ observations: 'แก้ไข' }, '2025-03-10T06:00:00.000Z');
    const r = applyAmendments(visit, [a2, a1]);
    expect(r.current.vitals.systolic).toBe(128);
    expect(r.current.observations).toBe('แก้ไข');
    expect(r.current.id).toBe(VISIT_ID);
    expect(r.history.map((h) => h.amendmentId)).toEqual([a1.id, a2.id]);
    expect(r.history[0]).toEqual({
      amendmentId: a1.id,
      reason: 'พิมพ์ผิด',
      author: 'user-cm-1',
      at: a1.at,
      changes: [{ field: 'vitals.systolic', from: 132, to: 128 }],
      status: 'applied',
      problems: [],
    });
    expect(r.amendedFields).toEqual(['vitals.systolic', 'observations']);
    expect(visit.vitals.systolic).toBe(132);
  });

  it('amendVisits applies each visit its own amendments, keeps the order, and leaves unamended visits as they are', () => {
    const other = { ...saved(), id: '01958f3a-2222-7000-8000-000000000002' };
    const a = amend({ mood: 2 }, '2025-03-10T05:00:00.000Z');
    const [first, second] = amendVisits([other, visit], [a]);
    expect(first?.current).toBe(other);
    expect(first?.history).toEqual([]);
    expect(second?.current.mood).toBe(2);
    expect(second?.amendedFields).toEqual(['mood']);
    expect(amendVisits([visit], [])[0]?.current).toBe(visit);
  });

  it('the same field amended twice ends with the later one, whatever the input order; ties break by id', () => {
    const early = amend({ mood: 2 }, '2025-03-10T05:00:00.000Z');
    const late = amend({ mood: 3 }, '2025-03-10T05:00:00.001Z');
    expect(applyAmendments(visit, [late, early]).current.mood).toBe(3);
    expect(applyAmendments(visit, [early, late]).current.mood).toBe(3);
    const tieA = amend({ mood: 1 }, '2025-03-10T07:00:00Z', '01958f3a-4444-7000-8000-aaaaaaaaaaaa');
    const tieB = amend({ mood: 5 }, '2025-03-10T07:00:00.000Z', '01958f3a-4444-7000-8000-bbbbbbbbbbbb'); // same instant, other spelling
    expect(applyAmendments(visit, [tieB, tieA]).current.mood).toBe(5);
    expect(applyAmendments(visit, [tieA, tieB]).current.mood).toBe(5);
  });

  it('an amendment that would make the visit invalid is kept in the history as rejected and changes nothing', () => {
    // Two offline corrections, each valid alone: 132/84 → 132/100, and 132/100 would be fine, but the
    // second lowers the systolic to 95, leaving 95/100.
    const a1 = amend({ 'vitals.diastolic': 100 }, '2025-03-10T05:00:00.000Z');
    const a2 = amend({ 'vitals.systolic': 95 }, '2025-03-10T05:01:00.000Z');
    const r = applyAmendments(visit, [a1, a2]);
    expect(r.current.vitals).toMatchObject({ systolic: 132, diastolic: 100 });
    expect(r.history.map((h) => h.status)).toEqual(['applied', 'rejected']);
    expect(r.history[1]?.problems.join()).toContain('vitals.diastolic');
  });

  it('moving the start re-dates the visit; amendments of other visits are ignored', () => {
    const a = amend({ startedAt: '2025-03-08T02:00:00.000Z', endedAt: '2025-03-08T02:30:00.000Z' }, '2025-03-10T05:00:00.000Z');
    const other = { ...amend({ mood: 1 }, '2025-03-10T05:00:00.000Z'), visitId: '01958f3a-2222-7000-8000-000000000099' };
    const r = applyAmendments(visit, [a, other]);
    expect(r.current.serviceDate).toBe('2025-03-08');
    expect(r.current.mood).toBe(4);
    expect(r.history).toHaveLength(1);
  });

  it('property: the view does not depend on the order the amendments arrive in', () => {
    const arb = fc.array(
      fc.record({
        mood: fc.integer({ min: 1, max: 5 }),
        systolic: fc.integer({ min: 80, max: 200 }),
        minute: fc.integer({ min: 0, max: 3 }),
      }),
      { maxLength: 8 },
    );
    fc.assert(
      fc.property(arb, fc.infiniteStream(fc.nat()), (specs, rnd) => {
        const list = specs.map((s, i) =>
          amend(i % 2 ? { mood: s.mood } : { 'vitals.systolic': s.systolic }, `2025-03-10T05:0${s.minute}:00.000Z`, `01958f3a-4444-7000-8000-${String(i).padStart(12, '0')}`),
        );
        const shuffled = [...list].sort(() => (rnd.next().value % 3) - 1);
        expect(applyAmendments(visit, shuffled)).toEqual(applyAmendments(visit, list));
      }),
    );
  });

  it('the amendment record: a reason, known fields, valid values, at least one change', () => {
    const ok = amend({ 'vitals.systolic': 128, careGiven: [{ code: 'feeding', minutes: 10 }] }, '2025-03-10T05:00:00.000Z');
    const { id: _id, ...data } = ok;
    expect(visitAmendmentDataSchema.safeParse(data).success).toBe(true);
    expect(visitAmendmentDataSchema.safeParse({ ...data, reason: '' }).success).toBe(false);
    expect(visitAmendmentDataSchema.safeParse({ ...data, changes: {} }).success).toBe(false);
    expect(visitAmendmentDataSchema.safeParse({ ...data, changes: { residentId: RESIDENT_ID } }).success).toBe(false);
    expect(visitAmendmentDataSchema.safeParse({ ...data, changes: { 'vitals.systolic': 1200 } }).success).toBe(false);
    expect(visitAmendmentDataSchema.safeParse({ ...data, changes: { careGiven: [{ code: 'juggling', minutes: 1 }] } }).success).toBe(false);
  });

  it('buildAmendment diffs the edited form against the current view and needs a reason', () => {
    const edited = validateVisitForm({ ...visitToForm(visit), vitals: { ...visitToForm(visit).vitals, pulse: '82' }, mood: '3' }, ctx);
    if (!edited.ok) throw new Error('edit invalid');
    const r = buildAmendment({ visit, current: visit, edited: edited.data, reason: '  อ่านค่าผิด ', author: 'user-cg-1', at: '2025-03-10T05:00:00.000Z' });
    expect(r).toEqual({
      ok: true,
      data: { visitId: VISIT_ID, residentId: RESIDENT_ID, reason: 'อ่านค่าผิด', changes: { 'vitals.pulse': 82, mood: 3 }, author: 'user-cg-1', at: '2025-03-10T05:00:00.000Z' },
    });
    expect(r.ok && visitAmendmentDataSchema.safeParse(r.data).success).toBe(true);
    const same = validateVisitForm(visitToForm(visit), ctx);
    if (!same.ok) throw new Error('same invalid');
    expect(diffVisit(visit, same.data)).toEqual({});
    expect(buildAmendment({ visit, current: visit, edited: same.data, reason: '', author: 'u', at: '2025-03-10T05:00:00.000Z' })).toEqual({
      ok: false,
      issues: [{ path: ['reason'], code: 'required' }, { path: [], code: 'visit.amendment.noChanges' }],
    });
  });
});
