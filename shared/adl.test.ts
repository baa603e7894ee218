import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ADL_FORM_VERSION,
  ADL_GROUP_ORDER,
  ADL_ITEMS,
  adlGroup,
  adlTotal,
  adlTrend,
  isLtcEligible,
  type AdlAnswers,
} from './adl';
import { adlAnswersSchema, adlFormSchema } from './assessment';

const full: AdlAnswers = { feeding: 2, grooming: 1, transfer: 3, toilet: 2, mobility: 3, dressing: 2, stairs: 2, bathing: 1, bowels: 2, bladder: 2 };
const zero: AdlAnswers = { feeding: 0, grooming: 0, transfer: 0, toilet: 0, mobility: 0, dressing: 0, stairs: 0, bathing: 0, bowels: 0, bladder: 0 };

const answersArb = fc.record(
  Object.fromEntries(ADL_ITEMS.map((i) => [i.key, fc.integer({ min: 0, max: i.max })])) as Record<keyof AdlAnswers, fc.Arbitrary<number>>,
);

function issuesOf(input: unknown) {
  const r = adlAnswersSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message, params: 'params' in i ? i.params : undefined }));
}

describe('ADL_ITEMS', () => {
  it('has the 10 items of the Thai form in order, maxima summing to 20', () => {
    expect(ADL_ITEMS.map((i) => i.key)).toEqual(['feeding', 'grooming', 'transfer', 'toilet', 'mobility', 'dressing', 'stairs', 'bathing', 'bowels', 'bladder']);
    expect(ADL_ITEMS.reduce((s, i) => s + i.max, 0)).toBe(20);
    expect(ADL_FORM_VERSION).toBe('barthel-th-20/1');
  });
});

describe('adlAnswersSchema', () => {
  it('accepts totals 0 and 20', () => {
    expect(adlAnswersSchema.parse(zero)).toEqual(zero);
    expect(adlAnswersSchema.parse(full)).toEqual(full);
  });
  it('pitfall 7: transfer 4 and bathing 2 are rejected with adl.outOfRange and the item max', () => {
    expect(issuesOf({ ...full, transfer: 4, bathing: 2 })).toEqual([
      { path: 'transfer', message: 'adl.outOfRange', params: { max: 3 } },
      { path: 'bathing', message: 'adl.outOfRange', params: { max: 1 } },
    ]);
  });
  it('rejects negatives and fractions as out of range', () => {
    expect(issuesOf({ ...zero, feeding: -1 })).toEqual([{ path: 'feeding', message: 'adl.outOfRange', params: { max: 2 } }]);
    expect(issuesOf({ ...zero, mobility: 1.5 })).toEqual([{ path: 'mobility', message: 'adl.outOfRange', params: { max: 3 } }]);
  });
  it('reports missing and non-numeric answers as adl.required', () => {
    const { bladder: _omitted, ...missing } = full;
    expect(issuesOf(missing)).toEqual([{ path: 'bladder', message: 'adl.required', params: undefined }]);
    expect(issuesOf({ ...full, toilet: '2' })).toEqual([{ path: 'toilet', message: 'adl.required', params: undefined }]);
    expect(issuesOf({ ...full, toilet: Number.NaN })).toEqual([{ path: 'toilet', message: 'adl.required', params: undefined }]);
    expect(issuesOf(undefined)).toEqual([{ path: '', message: 'adl.required', params: undefined }]);
  });
  it('accepts every in-range combination, and its total is 0–20', () => {
    fc.assert(
      fc.property(answersArb, (a) => {
        const t = adlTotal(adlAnswersSchema.parse(a));
        return t >= 0 && t <= 20;
      }),
    );
  });
  it('rejects any single answer above its max', () => {
    fc.assert(
      fc.property(answersArb, fc.constantFrom(...ADL_ITEMS), fc.integer({ min: 1, max: 5 }), (a, item, over) => {
        const issues = issuesOf({ ...a, [item.key]: item.max + over });
        return issues.length === 1 && issues[0]?.path === item.key && issues[0].message === 'adl.outOfRange';
      }),
    );
  });
});

describe('adlFormSchema: the optional TAI group', () => {
  const form = adlFormSchema({ today: '2026-12-01' });
  const answers = Object.fromEntries(ADL_ITEMS.map((i) => [i.key, 0]));
  const input = { assessedOn: '2026-11-30', answers, reason: 'routine', notes: '' };
  it('stores a chosen group, and null when none is chosen or the field is absent', () => {
    expect(form.parse({ ...input, taiGroup: 'B4' }).taiGroup).toBe('B4');
    expect(form.parse({ ...input, taiGroup: '' }).taiGroup).toBeNull();
    expect(form.parse(input).taiGroup).toBeNull();
  });
  it('refuses a value that is not a TAI group', () => {
    const r = form.safeParse({ ...input, taiGroup: 'B9' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['taiGroup']);
  });
});

describe('adlTotal', () => {
  it('sums the answers', () => {
    expect(adlTotal(zero)).toBe(0);
    expect(adlTotal(full)).toBe(20);
    expect(adlTotal({ ...zero, transfer: 3, bladder: 1 })).toBe(4);
  });
  it('refuses answers the form cannot produce', () => {
    expect(() => adlTotal({ ...full, transfer: 4 })).toThrow(RangeError);
    expect(() => adlTotal({ ...zero, bathing: -1 })).toThrow(RangeError);
  });
});

describe('adlGroup and LTC eligibility', () => {
  it('pitfall 7: boundaries 4/5 and 11/12', () => {
    expect(adlGroup(0)).toBe('bedbound');
    expect(adlGroup(4)).toBe('bedbound');
    expect(adlGroup(5)).toBe('homebound');
    expect(adlGroup(11)).toBe('homebound');
    expect(adlGroup(12)).toBe('social');
    expect(adlGroup(20)).toBe('social');
    expect(isLtcEligible(11)).toBe(true);
    expect(isLtcEligible(12)).toBe(false);
    expect(isLtcEligible(0)).toBe(true);
  });
  it('throws outside 0–20 and on non-integers', () => {
    for (const t of [-1, 21, 4.5, Number.NaN]) {
      expect(() => adlGroup(t)).toThrow(RangeError);
      expect(() => isLtcEligible(t)).toThrow(RangeError);
    }
  });
  it('dependency never decreases as the total falls', () => {
    expect(ADL_GROUP_ORDER).toEqual(['social', 'homebound', 'bedbound']);
    for (let t = 1; t <= 20; t++) {
      expect(ADL_GROUP_ORDER.indexOf(adlGroup(t - 1))).toBeGreaterThanOrEqual(ADL_GROUP_ORDER.indexOf(adlGroup(t)));
    }
  });
});

describe('adlTrend', () => {
  it('is none with fewer than two assessments', () => {
    expect(adlTrend([])).toEqual({ direction: 'none', delta: 0, significant: false, groupChanged: false });
    expect(adlTrend([{ assessedOn: '2025-01-01', total: 10 }])).toEqual({ direction: 'none', delta: 0, significant: false, groupChanged: false });
  });
  it('compares the latest two by date, whatever the input order', () => {
    const history = [
      { assessedOn: '2025-06-01', total: 9 },
      { assessedOn: '2024-06-01', total: 20 },
      { assessedOn: '2024-12-01', total: 12 },
    ];
    expect(adlTrend(history)).toEqual({ direction: 'declined', delta: -3, significant: true, groupChanged: true });
  });
  it('a one-point change is not significant, two points are', () => {
    expect(adlTrend([{ assessedOn: '2025-01-01', total: 10 }, { assessedOn: '2025-07-01', total: 11 }])).toEqual({
      direction: 'improved', delta: 1, significant: false, groupChanged: false,
    });
    expect(adlTrend([{ assessedOn: '2025-01-01', total: 10 }, { assessedOn: '2025-07-01', total: 12 }])).toEqual({
      direction: 'improved', delta: 2, significant: true, groupChanged: true,
    });
    expect(adlTrend([{ assessedOn: '2025-01-01', total: 5 }, { assessedOn: '2025-07-01', total: 4 }])).toEqual({
      direction: 'declined', delta: -1, significant: false, groupChanged: true,
    });
    expect(adlTrend([{ assessedOn: '2025-01-01', total: 7 }, { assessedOn: '2025-07-01', total: 7 }])).toEqual({
      direction: 'same', delta: 0, significant: false, groupChanged: false,
    });
  });
  it('same-day assessments keep input order (the later entry is the latest)', () => {
    const history = [
      { assessedOn: '2025-07-01', total: 8 },
      { assessedOn: '2025-07-01', total: 6 },
      { assessedOn: '2025-01-01', total: 20 },
    ];
    expect(adlTrend(history).delta).toBe(-2);
  });
});
