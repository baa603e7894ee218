import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../dates/calendar';
import { addTallies, emptyTally, matchVisits, weekCoverage, type CoverageInput, type CoverageRound, type CoverageVisit, type Tally } from './coverage';
import { MISSED_REASONS, ROUND_STATUSES } from './recordsSchema';

const WEEK = '2025-06-02'; // a Monday
const TODAY = '2025-06-05'; // Thursday of that week

let n = 0;
function round(over: Partial<CoverageRound> = {}): CoverageRound {
  n++;
  return { id: `r${String(n).padStart(3, '0')}`, weekStart: WEEK, residentId: 'res-a', caregiverId: 'cg-1', date: WEEK, status: 'published', outcome: null, missedReason: null, visitId: null, ...over };
}
function visit(over: Partial<CoverageVisit> = {}): CoverageVisit {
  n++;
  return { id: `v${String(n).padStart(3, '0')}`, residentId: 'res-a', caregiverId: 'cg-1', serviceDate: WEEK, outcome: 'done', ...over };
}
function input(over: Partial<CoverageInput> = {}): CoverageInput {
  return {
    weekStart: WEEK,
    today: TODAY,
    rounds: [],
    visits: [],
    residents: [
      { id: 'res-a', name: 'นางสมศรี ใจดี', communityId: 'c-01' },
      { id: 'res-b', name: 'นายบุญมี มีสุข', communityId: 'c-02' },
    ],
    required: [],
    caregivers: [
      { id: 'cg-1', name: 'กานดา' },
      { id: 'cg-2', name: 'ขวัญใจ' },
    ],
    communities: [
      { id: 'c-01', name: 'ชุมชนหนึ่ง' },
      { id: 'c-02', name: 'ชุมชนสอง' },
    ],
    ...over,
  };
}
const tallyOf = (groups: readonly { id: string; tally: Tally }[], id: string): Tally | undefined => groups.find((g) => g.id === id)?.tally;

describe('weekCoverage', () => {
  it('counts published and cancelled rounds as planned, each in one of done, missed, cancelled, to do; drafts apart', () => {
    const c = weekCoverage(
      input({
        rounds: [
          round({ outcome: 'done' }),
          round({ outcome: 'missed', missedReason: 'not_home' }),
          round({ status: 'cancelled' }),
          round({ date: addDays(WEEK, 1) }), // past, no outcome
          round({ date: TODAY }), // today: still to do
          round({ date: addDays(WEEK, 6) }),
          round({ status: 'draft' }),
          round({ status: 'draft', caregiverId: 'cg-2' }),
        ],
      }),
    );
    expect(c.drafts).toBe(2);
    expect(tallyOf(c.byCaregiver, 'cg-1')).toEqual({ planned: 6, done: 1, missed: 1, cancelled: 1, toDo: 3, upcoming: 2, unrecorded: 1, unplanned: 0 });
    expect(tallyOf(c.byCaregiver, 'cg-2')).toEqual(emptyTally());
    expect(tallyOf(c.byCommunity, 'c-01')).toEqual(tallyOf(c.byCaregiver, 'cg-1'));
    expect(c.total.planned).toBe(6);
  });

  it('ignores deleted rounds and rounds of other weeks', () => {
    const c = weekCoverage(input({ rounds: [round({ deletedAt: '2025-06-01T00:00:00.000Z' }), round({ weekStart: addDays(WEEK, 7), date: addDays(WEEK, 7) })] }));
    expect(c.total).toEqual(emptyTally());
  });

  it('a done visit no round accounts for is unplanned, for its caregiver and the resident’s community', () => {
    const linked = visit();
    const c = weekCoverage(
      input({
        rounds: [round({ outcome: 'done', visitId: linked.id })],
        visits: [linked, visit({ caregiverId: 'cg-2', residentId: 'res-b', serviceDate: addDays(WEEK, 2) }), visit({ outcome: 'missed', caregiverId: 'cg-2' })],
      }),
    );
    expect(tallyOf(c.byCaregiver, 'cg-1')?.unplanned).toBe(0);
    expect(tallyOf(c.byCaregiver, 'cg-2')).toEqual({ ...emptyTally(), unplanned: 1 });
    expect(tallyOf(c.byCommunity, 'c-02')).toEqual({ ...emptyTally(), unplanned: 1 });
    expect(c.total.unplanned).toBe(1);
  });

  it('ignores visits outside the week, deleted or voided', () => {
    const c = weekCoverage(
      input({
        visits: [visit({ serviceDate: addDays(WEEK, -1) }), visit({ serviceDate: addDays(WEEK, 7) }), visit({ deletedAt: '2025-06-03T00:00:00.000Z' }), visit({ voidReason: 'ผิดคน' })],
      }),
    );
    expect(c.total.unplanned).toBe(0);
  });

  it('matches a visit to a round of the same resident, caregiver and day that names no visit, one visit a round', () => {
    const rounds = [round({ outcome: 'done' })];
    const first = visit();
    const second = visit();
    expect([...matchVisits(rounds, [second, first])]).toEqual([first.id]);
    const c = weekCoverage(input({ rounds, visits: [first, second] }));
    expect(c.total.unplanned).toBe(1);
  });

  it('lists residents visited less than their plan requires, with done rounds, unplanned visits and missed reasons', () => {
    const c = weekCoverage(
      input({
        rounds: [
          round({ outcome: 'done', date: addDays(WEEK, 0) }),
          round({ outcome: 'missed', missedReason: 'in_hospital', date: addDays(WEEK, 2) }),
          round({ outcome: 'missed', missedReason: 'not_home', date: addDays(WEEK, 1) }),
          round({ residentId: 'res-b', caregiverId: 'cg-2', outcome: 'done' }),
        ],
        visits: [visit({ residentId: 'res-b', caregiverId: 'cg-1', serviceDate: addDays(WEEK, 1) })],
        required: [
          { residentId: 'res-a', visits: 3, primaryCaregiverId: 'cg-2' },
          { residentId: 'res-b', visits: 2, primaryCaregiverId: 'cg-2' },
          { residentId: 'res-c', visits: 1, primaryCaregiverId: 'cg-2' },
        ],
      }),
    );
    expect(c.under.map((u) => u.residentId)).toEqual(['res-a', 'res-c']);
    const a = c.under[0];
    expect(a).toMatchObject({ caregiverId: 'cg-1', communityId: 'c-01', required: 3, done: 1, unplanned: 0, tookPlace: 1, missed: 2 });
    expect(a?.missedReasons).toEqual(['not_home', 'in_hospital']);
    // No round for res-c: under her plan's primary caregiver; unknown resident: community ''.
    expect(c.under[1]).toMatchObject({ caregiverId: 'cg-2', communityId: '', tookPlace: 0 });
    expect(c.byCaregiver.find((g) => g.id === 'cg-1')?.under.map((u) => u.residentId)).toEqual(['res-a']);
    expect(c.byCommunity.find((g) => g.id === '')?.under.map((u) => u.residentId)).toEqual(['res-c']);
  });

  it('never lists a resident whose plan asks nothing of the week; counts her rounds still to come', () => {
    const c = weekCoverage(
      input({
        rounds: [round({ date: addDays(WEEK, 5) }), round({ residentId: 'res-b', date: addDays(WEEK, 5) })],
        required: [
          { residentId: 'res-a', visits: 1, primaryCaregiverId: null },
          { residentId: 'res-b', visits: 0, primaryCaregiverId: null },
        ],
      }),
    );
    expect(c.under).toHaveLength(1);
    expect(c.under[0]).toMatchObject({ residentId: 'res-a', upcoming: 1, tookPlace: 0 });
  });

  it('lists every caregiver given, by Thai name, and those with rounds who are not', () => {
    const c = weekCoverage(input({ rounds: [round({ caregiverId: 'cg-9' })], caregivers: [{ id: 'cg-2', name: 'ขวัญใจ' }, { id: 'cg-1', name: 'กานดา' }] }));
    expect(c.byCaregiver.map((g) => g.id)).toEqual(['cg-9', 'cg-1', 'cg-2']);
  });
});

describe('weekCoverage properties', () => {
  const ids = (prefix: string, k: number): string[] => Array.from({ length: k }, (_, i) => `${prefix}${i}`);
  const caregivers = ids('cg-', 4);
  const residents = ids('res-', 6);
  const communities = ids('c-', 3);
  const arbRound = fc.record({
    residentId: fc.constantFrom(...residents, 'res-unknown'),
    caregiverId: fc.constantFrom(...caregivers),
    day: fc.integer({ min: 0, max: 6 }),
    status: fc.constantFrom(...ROUND_STATUSES),
    outcome: fc.constantFrom('done' as const, 'missed' as const, null),
    reason: fc.constantFrom(...MISSED_REASONS),
    link: fc.boolean(),
    week: fc.constantFrom(0, 0, 0, 7),
  });
  const arbVisit = fc.record({
    residentId: fc.constantFrom(...residents),
    caregiverId: fc.constantFrom(...caregivers),
    day: fc.integer({ min: -2, max: 8 }),
    outcome: fc.constantFrom('done' as const, 'missed' as const),
  });
  const arbInput = fc.record({
    rounds: fc.array(arbRound, { maxLength: 40 }),
    visits: fc.array(arbVisit, { maxLength: 30 }),
    todayOffset: fc.integer({ min: -3, max: 9 }),
    communityOf: fc.array(fc.constantFrom(...communities), { minLength: residents.length, maxLength: residents.length }),
    required: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: residents.length, maxLength: residents.length }),
  });

  type Generated = typeof arbInput extends fc.Arbitrary<infer G> ? G : never;

  function build(g: Generated): CoverageInput {
    const visits: CoverageVisit[] = g.visits.map((v, i) => ({ id: `v${i}`, residentId: v.residentId, caregiverId: v.caregiverId, serviceDate: addDays(WEEK, v.day), outcome: v.outcome }));
    const rounds: CoverageRound[] = g.rounds.map((r, i) => {
      const published = r.status === 'published';
      const outcome = published ? r.outcome : null;
      return {
        id: `r${i}`,
        weekStart: addDays(WEEK, r.week),
        residentId: r.residentId,
        caregiverId: r.caregiverId,
        date: addDays(WEEK, r.week + r.day),
        status: r.status,
        outcome,
        missedReason: outcome === 'missed' ? r.reason : null,
        visitId: published && r.link && visits[i] ? visits[i].id : null,
      };
    });
    return {
      weekStart: WEEK,
      today: addDays(WEEK, g.todayOffset),
      rounds,
      visits,
      residents: residents.map((id, i) => ({ id, name: `ผู้สูงอายุ ${i}`, communityId: g.communityOf[i] ?? 'c-0' })),
      required: residents.map((residentId, i) => ({ residentId, visits: g.required[i] ?? 0, primaryCaregiverId: null })),
      caregivers: caregivers.map((id) => ({ id, name: id })),
      communities: communities.map((id) => ({ id, name: id })),
    };
  }

  it('planned = done + missed + cancelled + to do, to do = upcoming + unrecorded, in every group', () => {
    fc.assert(
      fc.property(arbInput, (g) => {
        const c = weekCoverage(build(g));
        for (const group of [...c.byCaregiver, ...c.byCommunity, { tally: c.total }]) {
          const t = group.tally;
          expect(t.planned).toBe(t.done + t.missed + t.cancelled + t.toDo);
          expect(t.toDo).toBe(t.upcoming + t.unrecorded);
        }
      }),
    );
  });

  it('the caregivers’ tallies add up to the communities’ and to the total; planned counts the week’s sent rounds', () => {
    fc.assert(
      fc.property(arbInput, (g) => {
        const inp = build(g);
        const c = weekCoverage(inp);
        const caregiverSum = c.byCaregiver.reduce((s, x) => addTallies(s, x.tally), emptyTally());
        const communitySum = c.byCommunity.reduce((s, x) => addTallies(s, x.tally), emptyTally());
        expect(caregiverSum).toEqual(communitySum);
        expect(caregiverSum).toEqual(c.total);
        expect(c.total.planned).toBe(inp.rounds.filter((r) => r.weekStart === WEEK && r.status !== 'draft').length);
        expect(c.drafts).toBe(inp.rounds.filter((r) => r.weekStart === WEEK && r.status === 'draft').length);
      }),
    );
  });

  it('lists exactly the residents whose visits that took place fall short of their plan, each once in each grouping', () => {
    fc.assert(
      fc.property(arbInput, (g) => {
        const inp = build(g);
        const c = weekCoverage(inp);
        for (const u of c.under) {
          expect(u.tookPlace).toBe(u.done + u.unplanned);
          expect(u.tookPlace).toBeLessThan(u.required);
        }
        const listed = c.under.map((u) => u.residentId).sort();
        expect(c.byCaregiver.flatMap((x) => x.under.map((u) => u.residentId)).sort()).toEqual(listed);
        expect(c.byCommunity.flatMap((x) => x.under.map((u) => u.residentId)).sort()).toEqual(listed);
        // Done rounds plus unplanned visits never exceed what the tallies say.
        expect(c.under.reduce((s, u) => s + u.unplanned, 0)).toBeLessThanOrEqual(c.total.unplanned);
      }),
    );
  });
});
