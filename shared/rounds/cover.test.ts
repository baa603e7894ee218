import { describe, expect, it } from 'vitest';
import { coverCandidates, type CoverInput } from './cover';
import type { RoundVisitData } from './recordsSchema';
import { roundVisitOf, uuid } from './testWeek';
import { defaultAvailability } from './availability';

const SICK = uuid(1, 9);
const DAY = '2026-10-14'; // Wednesday

const rv = (o: Partial<RoundVisitData>): RoundVisitData => roundVisitOf({ caregiverId: SICK, date: DAY, minute: null, legKm: 1, activities: ['bathing'], status: 'published', ...o });

const cg = (n: number, communities = ['c-01']) => ({ id: uuid(1, n), displayName: `CG ${n}`, communities });

function input(o: Partial<CoverInput> = {}): CoverInput {
  const visits = [rv({}), rv({ residentId: uuid(2, 2), activities: ['wound_care'] })];
  return { visits, date: DAY, absentId: SICK, caregivers: [cg(9), cg(1), cg(2), cg(3, ['c-02'])], availability: [], leaves: [], holidays: [], rounds: visits, ...o };
}

describe('coverCandidates', () => {
  it('never offers the absent caregiver, and puts who cannot work that day last', () => {
    const ranked = coverCandidates(input({ leaves: [{ userId: uuid(1, 1), from: DAY, to: DAY, reason: 'sick', note: '' }] }));
    expect(ranked.map((c) => c.caregiverId)).not.toContain(SICK);
    expect(ranked.at(-1)).toMatchObject({ caregiverId: uuid(1, 1), available: false });
  });

  it('ranks by skill, then community, then continuity, then load', () => {
    const skilled = { ...defaultAvailability(uuid(1, 3)), skills: ['wound'] };
    // CG 3 has the wound skill but serves another community: skill comes first.
    expect(coverCandidates(input({ availability: [skilled] }))[0]).toMatchObject({ caregiverId: uuid(1, 3), missingSkills: [], sameCommunity: 0 });
    // Without it, the same community beats the other one; among equals, who knows the residents.
    const knows = rv({ caregiverId: uuid(1, 2), date: '2026-10-05', weekStart: '2026-10-05' });
    const ranked = coverCandidates(input({ rounds: [...input().rounds, knows] }));
    expect(ranked.map((c) => [c.caregiverId, c.missingSkills, c.sameCommunity, c.knows])).toEqual([
      [uuid(1, 2), ['wound'], 2, 1],
      [uuid(1, 1), ['wound'], 2, 0],
      [uuid(1, 3), ['wound'], 0, 0],
    ]);
    // Among equals otherwise, the lighter day first.
    const busy = [1, 2, 3].map((n) => rv({ caregiverId: uuid(1, 1), residentId: uuid(2, 10 + n) }));
    const light = coverCandidates(input({ rounds: [...input().rounds, ...busy, rv({ caregiverId: uuid(1, 2), residentId: uuid(2, 20) })] }));
    expect(light.slice(0, 2).map((c) => [c.caregiverId, c.dayVisits])).toEqual([
      [uuid(1, 2), 1],
      [uuid(1, 1), 3],
    ]);
  });

  it('nobody is available on a holiday', () => {
    expect(coverCandidates(input({ holidays: [{ date: DAY }] })).every((c) => !c.available)).toBe(true);
  });
});
