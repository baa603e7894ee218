import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requiredVisitIntervalDays, type CarePlanStatus, type Performer } from '../carePlan';
import { addDays } from '../dates/calendar';
import type { ResidentStatus } from '../resident';
import {
  MIN_VISIT_MINUTES,
  minutesPerVisit,
  planForWeek,
  planWeekIndex,
  visitsInWeek,
  weekDemand,
  weeklyVisitRate,
  type DemandActivity,
  type DemandInput,
  type DemandPlan,
  type DemandResident,
} from './demand';
import type { ExistingVisit } from './types';

const WEEK = '2026-10-12'; // a Monday
const SUNDAY = '2026-10-18';
const rid = (n: number): string => `01958f3a-1111-7000-8000-${String(n).padStart(12, '0')}`;
const pid = (n: number, v = 1): string => `01958f3a-5555-7000-8${String(v).padStart(3, '0')}-${String(n).padStart(12, '0')}`;

function residentOf(n: number, o: Partial<DemandResident> = {}): DemandResident {
  return { id: rid(n), name: `นางทดสอบ ${n}`, communityId: 'c-01', gps: { lat: 13.75, lng: 100.5 }, status: 'active', ...o };
}

const act = (code: DemandActivity['code'], timesPerWeek: number, minutes: number | null, performer: Performer = 'caregiver'): DemandActivity => ({ code, timesPerWeek, minutes, performer });

function planOf(n: number, o: Partial<DemandPlan> = {}): DemandPlan {
  const version = o.version ?? 1;
  return {
    id: pid(n, version),
    residentId: rid(n),
    version,
    status: 'active',
    startDate: '2026-04-01',
    reviewDate: '2026-10-01',
    approvedAt: '2026-03-30T03:00:00.000Z',
    primaryCaregiverId: 'cg-1',
    backupCaregiverId: 'cg-2',
    activities: [act('bathing', 2, 30)],
    ...o,
  };
}

const existingOf = (id: string, date = WEEK): ExistingVisit => ({ id, caregiverId: 'cg-1', date, minute: null, status: 'locked' });
const run = (residents: DemandResident[], plans: DemandPlan[], o: Partial<DemandInput> = {}) => weekDemand({ weekStart: WEEK, residents, plans, ...o });
const ids = (items: readonly { residentId: string }[]): string[] => items.map((i) => i.residentId);

describe('weekDemand', () => {
  it('turns the plan in force into the planner demand', () => {
    const r = residentOf(1);
    const plan = planOf(1, { activities: [act('bathing', 3, 30), act('wound_care', 1, 20), act('feeding', 7, 20, 'family')] });
    const fixed = [{ weekday: 1, minute: 480 }];
    const existing = [existingOf('v-b', '2026-10-14'), existingOf('v-a')];
    const out = run([r], [plan], {
      lastVisitor: new Map([[r.id, 'cg-9']]),
      fixedTimes: new Map([[r.id, fixed]]),
      existing: new Map([[r.id, existing]]),
    });
    expect(out.withoutPlan).toEqual([]);
    expect(out.noVisitThisWeek).toEqual([]);
    expect(out.demands).toEqual([
      {
        residentId: r.id,
        name: 'นางทดสอบ 1',
        communityId: 'c-01',
        location: { lat: 13.75, lon: 100.5 },
        visits: 3,
        minutesPerVisit: 40, // 30 + 20/3, up to the next 5
        skills: ['wound'],
        fixedTimes: fixed,
        primaryCaregiverId: 'cg-1',
        backupCaregiverId: 'cg-2',
        previousCaregiverId: 'cg-9',
        existing: [existing[1], existing[0]],
      },
    ]);
  });

  it('has no location without GPS and no previous caregiver when none is given', () => {
    const [d] = run([residentOf(1, { gps: null })], [planOf(1)]).demands;
    expect(d?.location).toBeNull();
    expect(d?.previousCaregiverId).toBeNull();
    expect(d?.fixedTimes).toEqual([]);
    expect(d?.existing).toEqual([]);
  });

  it('ignores draft and submitted plans and reports the resident when nothing else is in force', () => {
    const out = run(
      [residentOf(1), residentOf(2), residentOf(3)],
      [planOf(1, { status: 'draft', approvedAt: null }), planOf(2, { status: 'submitted', approvedAt: null }), planOf(3), planOf(3, { version: 2, status: 'draft', approvedAt: null, activities: [act('bathing', 7, 60)] })],
    );
    expect(out.withoutPlan).toEqual([
      { residentId: rid(1), reason: 'plan_not_approved', planId: pid(1), existing: [] },
      { residentId: rid(2), reason: 'plan_not_approved', planId: pid(2), existing: [] },
    ]);
    // Resident 3's approved version 1 still drives her visits; the draft version 2 does not yet.
    expect(out.demands.map((d) => [d.residentId, d.visits, d.minutesPerVisit])).toEqual([[rid(3), 2, 30]]);
  });

  it('takes the newest version in force by the Sunday, never a superseded or closed one', () => {
    const v = (version: number, o: Partial<DemandPlan>): DemandPlan => planOf(1, { version, ...o });
    const visitsWith = (plans: DemandPlan[]): number | undefined => run([residentOf(1)], plans).demands[0]?.visits;
    expect(visitsWith([v(1, { status: 'superseded', activities: [act('bathing', 1, 30)] }), v(2, { activities: [act('bathing', 3, 30)] })])).toBe(3);
    // An approved version 2 starting on the week's Sunday drives the whole week.
    expect(visitsWith([v(1, { activities: [act('bathing', 1, 30)] }), v(2, { status: 'approved', startDate: SUNDAY, activities: [act('bathing', 4, 30)] })])).toBe(4);
    // One starting the day after does not yet: version 1 still does.
    expect(visitsWith([v(1, { activities: [act('bathing', 1, 30)] }), v(2, { status: 'approved', startDate: addDays(SUNDAY, 1), activities: [act('bathing', 4, 30)] })])).toBe(1);
    const closed = run([residentOf(1)], [v(1, { status: 'superseded' }), v(2, { status: 'closed' })]);
    expect(closed.withoutPlan).toEqual([{ residentId: rid(1), reason: 'plan_closed', planId: pid(1, 2), existing: [] }]);
  });

  it('reports a plan starting after the week, and one starting on its Sunday is in force', () => {
    const later = run([residentOf(1)], [planOf(1, { status: 'approved', startDate: '2026-10-19', reviewDate: '2027-04-19' })]);
    expect(later.withoutPlan).toEqual([{ residentId: rid(1), reason: 'plan_starts_later', planId: pid(1), existing: [] }]);
    expect(later.demands).toEqual([]);
    // A later approved plan outranks a pending draft as the reason.
    const both = run([residentOf(1)], [planOf(1, { status: 'approved', startDate: '2026-11-02' }), planOf(1, { version: 2, status: 'draft', approvedAt: null })]);
    expect(both.withoutPlan[0]?.reason).toBe('plan_starts_later');
    const sunday = run([residentOf(1)], [planOf(1, { status: 'approved', startDate: SUNDAY, reviewDate: '2027-04-18' })]);
    expect(sunday.demands.map((d) => d.visits)).toEqual([2]);
  });

  it('lists residents without any live plan as no_plan, deleted plans ignored', () => {
    const out = run([residentOf(1), residentOf(2)], [planOf(2, { deletedAt: '2026-09-01T00:00:00.000Z' })]);
    expect(out.withoutPlan.map((w) => [w.residentId, w.reason, w.planId])).toEqual([
      [rid(1), 'no_plan', null],
      [rid(2), 'no_plan', null],
    ]);
  });

  it('keeps planning from a plan past its review date, and lists it for review', () => {
    const reviewedOn = (reviewDate: string) => run([residentOf(1)], [planOf(1, { reviewDate })]);
    expect(reviewedOn(WEEK).reviewOverdue).toEqual([]);
    const late = reviewedOn(addDays(WEEK, -400));
    expect(late.demands.map((d) => d.residentId)).toEqual([rid(1)]);
    expect(late.withoutPlan).toEqual([]);
    expect(late.reviewOverdue).toEqual([{ residentId: rid(1), planId: pid(1), reviewDate: addDays(WEEK, -400) }]);
    expect(reviewedOn(addDays(WEEK, -1)).reviewOverdue.map((o) => o.residentId)).toEqual([rid(1)]);
  });

  it('hands the week’s existing visits of a resident without a plan back with the reason', () => {
    const e = [existingOf('v-1')];
    const out = run([residentOf(1)], [], { existing: new Map([[rid(1), e]]) });
    expect(out.withoutPlan).toEqual([{ residentId: rid(1), reason: 'no_plan', planId: null, existing: e }]);
  });

  it('needs no visit for family-only care, and keeps existing visits of such a resident', () => {
    const familyOnly = [act('bathing', 7, 30, 'family'), act('feeding', 14, 20, 'family')];
    const out = run([residentOf(1), residentOf(2)], [planOf(1, { activities: familyOnly }), planOf(2, { activities: familyOnly })], {
      existing: new Map([[rid(2), [existingOf('v-1')]]]),
    });
    expect(out.noVisitThisWeek).toEqual([{ residentId: rid(1), planId: pid(1) }]);
    expect(out.withoutPlan).toEqual([]);
    expect(out.demands.map((d) => [d.residentId, d.visits, d.minutesPerVisit, d.existing.length])).toEqual([[rid(2), 0, MIN_VISIT_MINUTES, 1]]);
  });

  it('plans only the caregiver\'s activities: a nurse\'s or a volunteer\'s add no visit, minutes or skill', () => {
    const others = [act('vital_signs', 1, 15, 'volunteer'), act('wound_care', 2, 20, 'nurse'), act('bathing', 7, 30, 'family')];
    const out = run([residentOf(1), residentOf(2)], [planOf(1, { activities: others }), planOf(2, { activities: [...others, act('exercise', 1, 40)] })]);
    expect(out.noVisitThisWeek.map((n) => n.residentId)).toEqual([rid(1)]);
    expect(out.demands.map((d) => [d.residentId, d.visits, d.minutesPerVisit, d.skills])).toEqual([[rid(2), 1, 40, ['rehab']]]);
  });

  it('skips residents who are not active, silently, plan or not', () => {
    const statuses: ResidentStatus[] = ['in_hospital', 'moved', 'died'];
    const residents = statuses.map((status, i) => residentOf(i + 1, { status }));
    const out = run(residents, [planOf(1), planOf(2, { status: 'draft', approvedAt: null })]);
    expect(out).toEqual({ demands: [], withoutPlan: [], noVisitThisWeek: [], reviewOverdue: [] });
  });

  it('spreads a fortnightly plan over the weeks from its start week, starting with a visit', () => {
    const fortnightly = (startDate: string) => planOf(1, { startDate, activities: [act('wound_care', 0.5, 20)] });
    // Started on the Wednesday of this week: week 0, a visit.
    expect(run([residentOf(1)], [fortnightly('2026-10-14')]).demands.map((d) => d.visits)).toEqual([1]);
    // Started on the Sunday a week before: week 1, none.
    const off = run([residentOf(1)], [fortnightly('2026-10-11')]);
    expect(off.demands).toEqual([]);
    expect(off.noVisitThisWeek).toEqual([{ residentId: rid(1), planId: pid(1) }]);
    // Two weeks before: week 2, a visit again.
    expect(run([residentOf(1)], [fortnightly('2026-09-28')]).demands.map((d) => d.visits)).toEqual([1]);
  });

  it('orders by community then resident id, whatever the input order', () => {
    const residents = [residentOf(4, { communityId: 'c-02' }), residentOf(3), residentOf(2, { communityId: 'c-02' }), residentOf(1, { communityId: 'c-10' }), residentOf(5)];
    const plans = [planOf(4), planOf(3), planOf(1), planOf(5, { status: 'draft', approvedAt: null })];
    const out = run(residents, plans);
    expect(out.demands.map((d) => [d.communityId, d.residentId])).toEqual([
      ['c-01', rid(3)],
      ['c-02', rid(4)],
      ['c-10', rid(1)],
    ]);
    expect(ids(out.withoutPlan)).toEqual([rid(5), rid(2)]);
    expect(run([...residents].reverse(), [...plans].reverse())).toEqual(out);
  });

  it('refuses a week not starting on a Monday and a resident listed twice', () => {
    expect(() => weekDemand({ weekStart: '2026-10-13', residents: [], plans: [] })).toThrow(RangeError);
    expect(() => run([residentOf(1), residentOf(1)], [])).toThrow(/twice/);
  });
});

describe('planForWeek', () => {
  it('breaks version ties as currentPlan does, and ignores deleted plans', () => {
    const a = planOf(1, { id: pid(1, 1), approvedAt: '2026-03-30T03:00:00.000Z' });
    const b = planOf(1, { id: pid(2, 1), approvedAt: '2026-03-31T03:00:00.000Z' });
    expect(planForWeek([a, b], WEEK)).toEqual({ ok: true, plan: b });
    expect(planForWeek([a, { ...b, deletedAt: '2026-04-01T00:00:00.000Z' }], WEEK)).toEqual({ ok: true, plan: a });
  });
});

describe('visit counts', () => {
  it('takes the highest rate of the activities needing a visit', () => {
    expect(weeklyVisitRate([act('bathing', 2, 30), act('turning', 3, 10), act('feeding', 21, 10, 'family')])).toBe(3);
    expect(weeklyVisitRate([act('feeding', 7, 10, 'family')])).toBe(0);
    expect(weeklyVisitRate([])).toBe(0);
  });

  it('spreads fractional rates over the plan weeks, a visit first', () => {
    const weeks = (rate: number, n: number): number[] => Array.from({ length: n }, (_, k) => visitsInWeek(rate, k));
    expect(weeks(0.5, 4)).toEqual([1, 0, 1, 0]);
    expect(weeks(0.25, 5)).toEqual([1, 0, 0, 0, 1]);
    expect(weeks(0.75, 4)).toEqual([1, 1, 1, 0]);
    expect(weeks(1.5, 4)).toEqual([2, 1, 2, 1]);
    expect(weeks(3, 3)).toEqual([3, 3, 3]);
    expect(weeks(14, 2)).toEqual([14, 14]);
    expect(visitsInWeek(2, -1)).toBe(0);
  });

  it('counts plan weeks from the Monday of the start week', () => {
    expect(planWeekIndex('2026-10-12', WEEK)).toBe(0);
    expect(planWeekIndex('2026-10-18', WEEK)).toBe(0);
    expect(planWeekIndex('2026-10-11', WEEK)).toBe(1);
    expect(planWeekIndex('2026-10-05', WEEK)).toBe(1);
    expect(planWeekIndex('2026-10-04', WEEK)).toBe(2);
    expect(planWeekIndex('2026-10-19', WEEK)).toBe(-1);
  });

  it('any run of weeks from the start gets the rate, rounded up', () => {
    const rate = fc.integer({ min: 1, max: 84 }).map((q) => q / 4);
    fc.assert(
      fc.property(rate, fc.integer({ min: 1, max: 60 }), (r, n) => {
        let total = 0;
        for (let k = 0; k < n; k++) {
          const v = visitsInWeek(r, k);
          expect(v).toBeGreaterThanOrEqual(Math.floor(r));
          expect(v).toBeLessThanOrEqual(Math.ceil(r));
          total += v;
        }
        expect(total).toBe(Math.ceil(n * r));
      }),
    );
  });

  it('needs a caregiver visit exactly when requiredVisitIntervalDays gives an interval for the caregiver\'s activities', () => {
    const performer = fc.constantFrom<Performer>('caregiver', 'volunteer', 'family', 'nurse');
    const activity = fc.record({ code: fc.constant('bathing' as const), timesPerWeek: fc.integer({ min: 1, max: 84 }).map((q) => q / 4), minutes: fc.constant(null), performer });
    fc.assert(
      fc.property(fc.array(activity, { maxLength: 6 }), (activities) => {
        expect(weeklyVisitRate(activities) > 0).toBe(requiredVisitIntervalDays({ activities: activities.filter((a) => a.performer === 'caregiver') }) !== null);
      }),
    );
  });
});

describe('minutesPerVisit', () => {
  it('spreads a less frequent activity over all the visits, up to the next 5 minutes', () => {
    // 3 visits: bathing every time, wound care once (20 min over 3 visits).
    expect(minutesPerVisit([act('bathing', 3, 30), act('wound_care', 1, 20)])).toBe(40);
    // Every activity at the visit rate adds all its minutes.
    expect(minutesPerVisit([act('bathing', 2, 30), act('turning', 2, 15), act('exercise', 2, 20)])).toBe(65);
    // Fortnightly wound care with weekly bathing: half its minutes a visit.
    expect(minutesPerVisit([act('bathing', 1, 40), act('wound_care', 0.5, 30)])).toBe(55);
  });

  it('is exact: three thirds of 10 minutes make 10', () => {
    expect(minutesPerVisit([act('bathing', 3, 30), act('wound_care', 1, 10), act('exercise', 1, 10), act('turning', 1, 10)])).toBe(40);
  });

  it('is at least MIN_VISIT_MINUTES, ignores family activities and counts missing minutes as none', () => {
    expect(minutesPerVisit([act('vital_signs', 1, 10)])).toBe(MIN_VISIT_MINUTES);
    expect(minutesPerVisit([act('bathing', 2, null), act('wound_care', 2, null)])).toBe(MIN_VISIT_MINUTES);
    expect(minutesPerVisit([act('bathing', 2, 45), act('feeding', 7, 60, 'family')])).toBe(45);
    expect(minutesPerVisit([])).toBe(MIN_VISIT_MINUTES);
  });

  it('the week’s visits together take at least every visiting activity’s weekly minutes', () => {
    const activity = fc.record({
      code: fc.constant('bathing' as const),
      timesPerWeek: fc.integer({ min: 1, max: 84 }).map((q) => q / 4),
      minutes: fc.option(fc.integer({ min: 1, max: 600 }), { nil: null }),
      performer: fc.constantFrom<Performer>('caregiver', 'nurse', 'family'),
    });
    fc.assert(
      fc.property(fc.array(activity, { maxLength: 6 }), (activities) => {
        const rate = weeklyVisitRate(activities);
        const m = minutesPerVisit(activities);
        expect(m % 5).toBe(0);
        expect(m).toBeGreaterThanOrEqual(MIN_VISIT_MINUTES);
        const weekly = activities.filter((a) => a.performer === 'caregiver').reduce((s, a) => s + a.timesPerWeek * (a.minutes ?? 0), 0);
        expect(rate * m).toBeGreaterThanOrEqual(weekly - 1e-9);
        expect(rate * (m - 5)).toBeLessThan(Math.max(weekly, rate * MIN_VISIT_MINUTES) + 1e-9);
      }),
    );
  });
});

describe('weekDemand properties', () => {
  const STATUSES: CarePlanStatus[] = ['draft', 'submitted', 'approved', 'active', 'superseded', 'closed'];
  const residentArb = (n: number) =>
    fc.record({
      status: fc.constantFrom<ResidentStatus>('active', 'active', 'active', 'in_hospital', 'moved', 'died'),
      communityId: fc.constantFrom('c-01', 'c-02', 'c-03'),
      gps: fc.option(fc.record({ lat: fc.double({ min: 13, max: 14, noNaN: true }), lng: fc.double({ min: 100, max: 101, noNaN: true }) }), { nil: null }),
    }).map((o) => residentOf(n, o));
  const planArb = (residents: number) =>
    fc
      .record({
        n: fc.integer({ min: 1, max: residents }),
        version: fc.integer({ min: 1, max: 4 }),
        status: fc.constantFrom(...STATUSES),
        start: fc.integer({ min: -400, max: 20 }),
        review: fc.integer({ min: 1, max: 400 }),
        deleted: fc.boolean(),
        activities: fc.uniqueArray(
          fc.record({
            code: fc.constantFrom('bathing', 'wound_care', 'tube_feeding', 'turning', 'exercise', 'feeding'),
            timesPerWeek: fc.integer({ min: 1, max: 84 }).map((q) => q / 4),
            minutes: fc.option(fc.integer({ min: 1, max: 120 }), { nil: null }),
            performer: fc.constantFrom<Performer>('caregiver', 'volunteer', 'family', 'nurse'),
          }),
          { selector: (a) => a.code, maxLength: 4 },
        ),
      })
      .map(({ n, version, status, start, review, deleted, activities }) =>
        planOf(n, {
          version,
          status,
          startDate: addDays(WEEK, start),
          reviewDate: addDays(WEEK, start + review),
          approvedAt: status === 'draft' || status === 'submitted' ? null : '2026-01-01T00:00:00.000Z',
          activities,
          ...(deleted ? { deletedAt: '2026-02-01T00:00:00.000Z' } : {}),
        }),
      );
  const weekArb = fc.integer({ min: 1, max: 25 }).chain((count) =>
    fc.record({
      residents: fc.tuple(...Array.from({ length: count }, (_, i) => residentArb(i + 1))),
      // Distinct ids, as stored records have.
      plans: fc.array(planArb(count + 2), { maxLength: 40 }).map((ps) => ps.map((p, i) => ({ ...p, id: `${p.id}-${i}` }))),
      existing: fc.uniqueArray(fc.integer({ min: 1, max: count }), { maxLength: 5 }),
    }),
  );

  it('lists every active resident exactly once, and nobody else; a demand only from a plan in force asking visits', () => {
    fc.assert(
      fc.property(weekArb, ({ residents, plans, existing }) => {
        const out = run(residents, plans, { existing: new Map(existing.map((n) => [rid(n), [existingOf(`v-${n}`)]])) });
        const listed = [...ids(out.demands), ...ids(out.withoutPlan), ...ids(out.noVisitThisWeek)];
        const active = residents.filter((r) => r.status === 'active').map((r) => r.id);
        expect([...listed].sort()).toEqual([...active].sort());
        for (const d of out.demands) {
          const found = planForWeek(plans.filter((p) => p.residentId === d.residentId), WEEK);
          expect(found.ok).toBe(true);
          expect(d.visits > 0 || d.existing.length > 0).toBe(true);
          expect(d.minutesPerVisit).toBeGreaterThanOrEqual(MIN_VISIT_MINUTES);
        }
        // Nobody with visits already this week is left out of the demand for lack of asked visits.
        for (const n of out.noVisitThisWeek) expect(existing.includes(Number(n.residentId.slice(-12)))).toBe(false);
      }),
    );
  });

  it('gives the same result whatever the order of residents and plans', () => {
    fc.assert(
      fc.property(weekArb, fc.integer(), ({ residents, plans }, seed) => {
        const shuffled = <T>(xs: readonly T[]): T[] => xs.map((x, i) => ({ x, k: (i * 7919 + seed) % 104729 })).sort((a, b) => a.k - b.k).map((e) => e.x);
        expect(run(shuffled(residents), shuffled(plans))).toEqual(run(residents, plans));
      }),
    );
  });
});
