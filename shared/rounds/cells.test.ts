import { describe, expect, it } from 'vitest';
import { cellOf } from './cells';
import type { RoundVisitData } from './recordsSchema';
import { roundVisitOf, uuid, WEEK } from './testWeek';

const A = uuid(1, 1);
const rv = (o: Partial<RoundVisitData>): RoundVisitData => roundVisitOf({ caregiverId: A, minutes: 60, legKm: 2.5, ...o });

describe('cellOf', () => {
  it('sums one caregiver-day: drafts, published and cancelled apart, tombstones not at all, communities once each', () => {
    const cell = cellOf([
      rv({ communityId: 'c-02' }),
      rv({ status: 'published', locked: true, legKm: 5, communityId: 'c-01' }),
      rv({ status: 'cancelled', communityId: 'c-09' }),
      { ...rv({ communityId: 'c-08' }), deletedAt: '2026-10-10T00:00:00.000Z' },
      { ...rv({ communityId: 'c-02' }), deletedAt: null },
    ]);
    expect(cell).toEqual({
      key: `${A} 2026-10-14`,
      weekStart: WEEK,
      caregiverId: A,
      date: '2026-10-14',
      visits: 3,
      locked: 1,
      minutes: 3 * 60 + 6 + 12 + 6,
      km: 10,
      communities: ['c-01', 'c-02'],
      drafts: 2,
      published: 1,
      cancelled: 1,
    });
  });

  it('is null when nothing on the day is live', () => {
    expect(cellOf([])).toBeNull();
    expect(cellOf([{ ...rv({}), deletedAt: '2026-10-10T00:00:00.000Z' }])).toBeNull();
  });
});
