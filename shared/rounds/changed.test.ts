import { describe, expect, it } from 'vitest';
import { publishPatch, roundChange, roundView, type ChangedInput } from './changed';
import { roundVisitDataSchema, roundVisitPatchSchema, type RoundVisitData } from './recordsSchema';
import { roundVisitOf } from './testWeek';

const ME = '0195f3a2-7c4e-7a10-9b2c-000000000001';
const OTHER = '0195f3a2-7c4e-7a10-9b2c-000000000002';
const RESIDENT = '0195f3a2-7c4e-7a10-9b2c-0000000000aa';

const draft: RoundVisitData = roundVisitOf({
  weekStart: '2026-12-07',
  residentId: RESIDENT,
  caregiverId: ME,
  date: '2026-12-08',
  minute: 9 * 60,
  minutes: 45,
  legKm: 1.2,
  activities: ['bathing', 'vital_signs'],
});
/** As the publish leaves it. */
const published: RoundVisitData = { ...draft, ...publishPatch(draft) };

describe('publishPatch', () => {
  it('publishes with the view the caregiver is sent, a valid patch and a valid record', () => {
    expect(publishPatch(draft)).toEqual({
      status: 'published',
      publishedAs: { status: 'published', caregiverId: ME, date: '2026-12-08', minute: 540, minutes: 45, activities: ['bathing', 'vital_signs'] },
    });
    expect(roundVisitPatchSchema.safeParse(publishPatch(draft)).success).toBe(true);
    expect(roundVisitDataSchema.safeParse(published).success).toBe(true);
  });
  it('a record written before publishedAs existed stays valid', () => {
    expect(roundVisitDataSchema.safeParse({ ...draft, status: 'published' }).success).toBe(true);
    expect(roundVisitDataSchema.safeParse({ ...published, publishedAs: null }).success).toBe(true);
    expect(roundVisitDataSchema.safeParse({ ...published, publishedAs: { ...published.publishedAs, minutes: 0 } }).success).toBe(false);
  });
});

describe('roundChange', () => {
  const change = (over: Partial<ChangedInput>, seen: ChangedInput | null = null) => roundChange({ ...published, ...over }, seen === null ? null : roundView(seen));

  it('as published, or a draft, or a record without publishedAs: no change', () => {
    expect(change({})).toBeNull();
    expect(roundChange({ ...draft, date: '2026-12-09' }, null)).toBeNull();
    expect(roundChange({ ...draft, status: 'published', date: '2026-12-09' }, null)).toBeNull();
    expect(roundChange({ ...published, publishedAs: null, date: '2026-12-09' }, null)).toBeNull();
  });

  it('locking and the route (order, km) are not changes for her; day, time, minutes, activities are', () => {
    expect(roundChange({ ...published, locked: true, order: 3, legKm: 9 } as ChangedInput, null)).toBeNull();
    expect(change({ date: '2026-12-09' })?.kinds).toEqual(['date']);
    // moveVisit of an any-time visit: another day, her time dropped.
    expect(change({ date: '2026-12-10', minute: null })?.kinds).toEqual(['date', 'time']);
    expect(change({ minutes: 60 })?.kinds).toEqual(['minutes']);
    expect(change({ activities: ['bathing'] })?.kinds).toEqual(['activities']);
    expect(change({ activities: ['vital_signs', 'bathing'] })).toBeNull();
    expect(change({ caregiverId: OTHER, date: '2026-12-09' })).toEqual({ kinds: ['caregiver', 'date'], before: published.publishedAs });
  });

  it('a cancelled one says only that it was cancelled', () => {
    expect(change({ status: 'cancelled', date: '2026-12-09' })?.kinds).toEqual(['cancelled']);
  });

  it('moved and moved back is no change', () => {
    expect(change({ date: '2026-12-09' })).not.toBeNull();
    expect(change({ date: '2026-12-08' })).toBeNull();
  });

  it('once seen, only a further change shows, and says what changed since what she saw', () => {
    const moved = { ...published, date: '2026-12-09' };
    expect(change(moved, moved)).toBeNull();
    expect(change({ date: '2026-12-09', minute: 600 }, moved)).toEqual({ kinds: ['time'], before: roundView(moved) });
    // Seen on Wednesday, then moved back to Tuesday as published: she is told (she last saw Wednesday).
    expect(change({}, moved)?.kinds).toEqual(['date']);
    // Seen cancelled: no more; brought back into her round (a conflict resolved the other way): reinstated.
    const cancelled = { ...published, status: 'cancelled' as const };
    expect(change({ status: 'cancelled' }, cancelled)).toBeNull();
    expect(change({}, cancelled)?.kinds).toEqual(['reinstated']);
  });
});
