import { describe, expect, it } from 'vitest';
import { belowPlan } from './belowPlan';
import { roundVisitOf, uuid } from './testWeek';

const A = uuid(2, 1);
const B = uuid(2, 2);
const C = uuid(2, 3);

describe('belowPlan', () => {
  it('lists residents with fewer drafts and published visits than required; cancelled and deleted ones do not count', () => {
    const rounds = [
      roundVisitOf({ residentId: A }),
      { ...roundVisitOf({ residentId: A, status: 'cancelled' }) },
      { ...roundVisitOf({ residentId: A }), deletedAt: '2026-10-10T00:00:00.000Z' },
      roundVisitOf({ residentId: B, status: 'published' }),
      roundVisitOf({ residentId: B, status: 'published', outcome: 'missed', missedReason: 'not_home' }),
    ];
    expect(belowPlan([{ residentId: A, visits: 2 }, { residentId: B, visits: 2 }, { residentId: C, visits: 1 }, { residentId: A, visits: 5 }], rounds)).toEqual([
      { residentId: A, required: 2, planned: 1 },
      { residentId: C, required: 1, planned: 0 },
    ]);
  });

  it('is empty when every requirement is planned, or more', () => {
    expect(belowPlan([{ residentId: A, visits: 1 }], [roundVisitOf({ residentId: A }), roundVisitOf({ residentId: A })])).toEqual([]);
    expect(belowPlan([], [])).toEqual([]);
  });
});
