import { describe, expect, it } from 'vitest';
import { DEFAULT_VITAL_SETTINGS, resolveVitalSettings, type Vitals } from '../vitals';
import { MISSED_REASONS, roundVisitDataSchema, type RoundVisitData } from './recordsSchema';
import {
  clockTime,
  compareRoute,
  dayCounts,
  dayOfRoute,
  donePatch,
  lastFound,
  missedFormSchema,
  missedPatchOf,
  nextDay,
  previousDay,
  roundsOfDay,
  roundState,
  undoPatch,
  type TodayRoundInput,
} from './today';
import { roundVisitOf } from './testWeek';

const ME = '0195f3a2-7c4e-7a10-9b2c-000000000001';
const OTHER = '0195f3a2-7c4e-7a10-9b2c-000000000002';
const RESIDENT = '0195f3a2-7c4e-7a10-9b2c-0000000000aa';
const VISIT = '0195f3a2-7c4e-7a10-9b2c-0000000000bb';

let n = 0;
function round(over: Partial<TodayRoundInput> = {}): TodayRoundInput {
  n += 1;
  return { id: `r${String(n).padStart(3, '0')}`, caregiverId: ME, date: '2026-12-08', status: 'published', order: 0, minute: 540, outcome: null, deletedAt: null, ...over };
}

const noVitals: Vitals = { systolic: null, diastolic: null, pulse: null, temperature: null, spo2: null, respRate: null, glucose: null, weight: null };

describe('roundsOfDay', () => {
  it('keeps her live published and cancelled visits of the day, in route order', () => {
    const a = round({ order: 2 });
    const b = round({ order: 0 });
    const c = round({ order: 1, status: 'cancelled' });
    const rows = [
      a,
      b,
      c,
      round({ order: 0, caregiverId: OTHER }),
      round({ order: 0, date: '2026-12-09' }),
      round({ order: 0, status: 'draft' }),
      round({ order: 0, deletedAt: '0000000000001-0000-x' }),
    ];
    expect(roundsOfDay(rows, ME, '2026-12-08').map((r) => r.id)).toEqual([b.id, c.id, a.id]);
  });
  it('breaks ties of order by time (any-time last), then by id', () => {
    const late = round({ order: 1, minute: 600 });
    const anyTime = round({ order: 1, minute: null });
    const early = round({ order: 1, minute: 480 });
    const early2 = round({ order: 1, minute: 480 });
    expect([anyTime, late, early2, early].sort(compareRoute).map((r) => r.id)).toEqual([early.id, early2.id, late.id, anyTime.id]);
  });
});

describe('roundState and dayCounts', () => {
  it('gives each state; a cancelled visit is never to do', () => {
    expect(roundState({ status: 'published', outcome: null })).toBe('todo');
    expect(roundState({ status: 'published', outcome: 'done' })).toBe('done');
    expect(roundState({ status: 'published', outcome: 'missed' })).toBe('missed');
    expect(roundState({ status: 'cancelled', outcome: null })).toBe('cancelled');
    expect(roundState({ status: 'cancelled', outcome: 'done' })).toBe('cancelled');
  });
  it('counts planned = done + missed + to do, without the cancelled ones', () => {
    const c = dayCounts([round(), round({ outcome: 'done' }), round({ outcome: 'missed' }), round(), round({ status: 'cancelled' })]);
    expect(c).toEqual({ planned: 4, done: 1, missed: 1, todo: 2, cancelled: 1 });
    expect(dayCounts([])).toEqual({ planned: 0, done: 0, missed: 0, todo: 0, cancelled: 0 });
  });
});

describe('lastFound', () => {
  it('is "never" without a digest or a visit', () => {
    expect(lastFound(undefined, DEFAULT_VITAL_SETTINGS)).toEqual({ kind: 'never' });
    expect(lastFound({ latest: null, lastDone: null, weights: [] }, DEFAULT_VITAL_SETTINGS)).toEqual({ kind: 'never' });
  });
  it('gives the latest visit and the flags of the latest one that took place, with the settings in force', () => {
    const digest = {
      latest: { date: '2026-12-01', outcome: 'missed' },
      lastDone: { date: '2026-11-24', vitals: { ...noVitals, systolic: 165, diastolic: 85, spo2: 97 } },
      weights: [],
    };
    const found = lastFound(digest, DEFAULT_VITAL_SETTINGS);
    expect(found).toMatchObject({ kind: 'visited', latestDate: '2026-12-01', latestMissed: true, doneDate: '2026-11-24' });
    expect(found.kind === 'visited' ? found.flags.map((f) => [f.key, f.level, f.value]) : null).toEqual([['systolic', 'high', 165]]);
    // A wider normal range (settings changed) flags nothing: flags are computed when read.
    const wide = resolveVitalSettings({ ranges: { systolic: { high: { value: 170, inclusive: true } } } });
    const relaxed = lastFound(digest, wide);
    expect(relaxed.kind === 'visited' ? relaxed.flags : null).toEqual([]);
  });
  it('flags a weight change against the weights kept in the digest', () => {
    const found = lastFound(
      { latest: { date: '2026-12-01', outcome: 'done' }, lastDone: { date: '2026-12-01', vitals: { ...noVitals, weight: 45 } }, weights: [{ date: '2026-11-01', kg: 50 }] },
      DEFAULT_VITAL_SETTINGS,
    );
    expect(found).toMatchObject({ kind: 'visited', latestMissed: false, doneDate: '2026-12-01' });
    expect(found.kind === 'visited' ? found.flags.map((f) => [f.key, f.level, f.change?.percent]) : null).toEqual([['weight', 'low', -10]]);
  });
  it('has no flags and no done date when no visit took place', () => {
    expect(lastFound({ latest: { date: '2026-12-01', outcome: 'missed' }, lastDone: null, weights: [] }, DEFAULT_VITAL_SETTINGS)).toEqual({
      kind: 'visited',
      latestDate: '2026-12-01',
      latestMissed: true,
      doneDate: null,
      flags: [],
    });
  });
});

describe('days and times', () => {
  it('formats a 24-hour time, null for any time of the day', () => {
    expect(clockTime(0)).toBe('00:00');
    expect(clockTime(8 * 60 + 5)).toBe('08:05');
    expect(clockTime(23 * 60 + 59)).toBe('23:59');
    expect(clockTime(null)).toBeNull();
  });
  it('takes the route’s day when it is a calendar date, else today; moves across months and years', () => {
    expect(dayOfRoute('2026-12-08', '2026-12-06')).toBe('2026-12-08');
    expect(dayOfRoute(null, '2026-12-06')).toBe('2026-12-06');
    expect(dayOfRoute('2026-02-30', '2026-12-06')).toBe('2026-12-06');
    expect(dayOfRoute('8/12/2569', '2026-12-06')).toBe('2026-12-06');
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(previousDay('2028-03-01')).toBe('2028-02-29');
  });
});

describe('outcome patches', () => {
  const base: RoundVisitData = roundVisitOf({
    weekStart: '2026-12-07',
    residentId: RESIDENT,
    caregiverId: ME,
    date: '2026-12-08',
    minutes: 45,
    activities: ['bathing'],
    status: 'published',
  });

  it('keep the record valid: done, missed with its reason, back to to do', () => {
    const missed = missedPatchOf({ missedReason: 'not_home', outcomeNote: '  ไม่อยู่บ้าน  ' });
    expect(missed).toEqual({ outcome: 'missed', missedReason: 'not_home', outcomeNote: 'ไม่อยู่บ้าน', visitId: null });
    for (const patch of [donePatch(VISIT), missed, undoPatch()]) {
      expect(Object.keys(patch ?? {}).sort()).toEqual(['missedReason', 'outcome', 'outcomeNote', 'visitId']);
      expect(roundVisitDataSchema.safeParse({ ...base, ...patch }).success).toBe(true);
    }
    // Done after missed clears the reason.
    expect(roundVisitDataSchema.safeParse({ ...base, ...missed, ...donePatch(VISIT) }).success).toBe(true);
  });
  it('the missed form needs a reason (code "required") and keeps the note to 300 characters', () => {
    const empty = missedFormSchema.safeParse({ missedReason: '', outcomeNote: 'บันทึกไว้' });
    expect(empty.success).toBe(false);
    expect(empty.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['missedReason', 'required']]);
    expect(missedPatchOf({ missedReason: '', outcomeNote: 'x' })).toBeNull();
    expect(missedFormSchema.safeParse({ missedReason: 'other', outcomeNote: 'x'.repeat(301) }).error?.issues[0]?.message).toBe('tooLong');
    for (const reason of MISSED_REASONS) expect(missedPatchOf({ missedReason: reason, outcomeNote: '' })?.missedReason).toBe(reason);
  });
});
