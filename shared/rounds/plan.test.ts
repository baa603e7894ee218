import { describe, expect, it } from 'vitest';
import { violations } from './check';
import { plan } from './plan';
import { caregiverOf, residentOf, uuid, weekOf } from './testWeek';
import type { PlanOutput, UnmetItem } from './types';

const CG1 = uuid(1, 1);
const CG2 = uuid(1, 2);
const datesOf = (out: PlanOutput, residentId = uuid(2, 1)): string[] => out.visits.filter((v) => v.residentId === residentId).map((v) => v.date).sort();
const codes = (out: PlanOutput): UnmetItem['code'][] => out.unmet.map((u) => u.code);

describe('plan: hard rules', () => {
  it('never plans on a holiday, on leave or on a non-working day', () => {
    // CG1 works Mon–Wed; Tue is a holiday, Wed she is on leave: Monday is her only day, and one visit a day.
    const input = weekOf([caregiverOf(1, { workingDays: [1, 2, 3], leave: [{ date: '2026-10-14', reason: 'sick' }] })], [residentOf(1, { visits: 2 })]);
    const out = plan(input);
    expect(datesOf(out)).toEqual(['2026-10-12']);
    expect(codes(out)).toEqual(['not_enough_capacity']);
    expect(out.unmet[0]?.params).toMatchObject({ required: 2, planned: 1, missing: 1, caregivers: 1, openDays: 1 });
    expect(violations(input, out)).toEqual([]);
  });

  it('gives a resident only caregivers of her community with all her skills', () => {
    const input = weekOf(
      [caregiverOf(1, { communityIds: ['c-02'], skills: ['insulin', 'wound'] }), caregiverOf(2, { skills: ['insulin'] }), caregiverOf(3, { skills: ['insulin', 'wound'] })],
      [residentOf(1, { visits: 3, skills: ['insulin', 'wound'], primaryCaregiverId: CG1 })],
    );
    const out = plan(input);
    expect(out.visits.map((v) => v.caregiverId)).toEqual([uuid(1, 3), uuid(1, 3), uuid(1, 3)]);
    expect(out.unmet).toEqual([]);
  });

  it('reports a community nobody covers, and missing skills by name', () => {
    const input = weekOf([caregiverOf(1, { skills: ['insulin'] })], [residentOf(1, { communityId: 'c-02' }), residentOf(2, { skills: ['insulin', 'ng_tube'], visits: 2 })]);
    const out = plan(input);
    expect(out.visits).toEqual([]);
    expect(out.unmet).toEqual([
      { code: 'no_caregiver_in_community', residentId: uuid(2, 1), params: { communityId: 'c-02', missing: 1 } },
      { code: 'no_skill', residentId: uuid(2, 2), params: { communityId: 'c-01', skills: ['ng_tube'], missing: 2 } },
    ]);
  });

  it('keeps a fixed-time visit on its weekday at its minute, and reports one outside every working hour or on a holiday', () => {
    const input = weekOf(
      [caregiverOf(1, { hours: { start: 510, end: 990 } })],
      [
        residentOf(1, { visits: 2, fixedTimes: [{ weekday: 4, minute: 540 }] }),
        residentOf(2, { fixedTimes: [{ weekday: 3, minute: 480 }] }),
        residentOf(3, { fixedTimes: [{ weekday: 2, minute: 600 }] }),
      ],
    );
    const out = plan(input);
    const fixed = out.visits.filter((v) => v.fixed);
    expect(fixed).toMatchObject([{ residentId: uuid(2, 1), date: '2026-10-15', start: 540 }]);
    expect(out.visits.filter((v) => v.residentId === uuid(2, 1))).toHaveLength(2);
    expect(out.unmet).toEqual([
      { code: 'fixed_time_outside_hours', residentId: uuid(2, 2), params: { date: '2026-10-14', minute: 480, missing: 1 } },
      { code: 'fixed_time_on_holiday', residentId: uuid(2, 3), params: { date: '2026-10-13', minute: 600, holiday: 'วันนวมินทรมหาราช', missing: 1 } },
    ]);
    expect(violations(input, out)).toEqual([]);
  });

  it('respects the weekly cap', () => {
    const residents = Array.from({ length: 6 }, (_, i) => residentOf(i + 1, { primaryCaregiverId: CG1 }));
    const out = plan(weekOf([caregiverOf(1, { weeklyVisitCap: 4 })], residents));
    expect(out.visits).toHaveLength(4);
    expect(out.unmet.map((u) => u.params)).toEqual([expect.objectContaining({ missing: 1 }), expect.objectContaining({ missing: 1 })]);
  });

  it("fits a day's visits and travel into her working minutes", () => {
    // One working day of 120 minutes; 30-minute visits 1.1 km apart (3–4 minutes' drive): three fit, not four.
    const residents = Array.from({ length: 4 }, (_, i) => residentOf(i + 1, { location: { lat: 16.4322 + 0.01 * (i + 1), lon: 102.8236 } }));
    const input = weekOf([caregiverOf(1, { workingDays: [1], hours: { start: 480, end: 600 } })], residents);
    const out = plan(input);
    expect(out.visits).toHaveLength(3);
    const last = out.routes[0]?.visits.at(-1);
    expect((last?.start ?? 0) + (last?.minutes ?? 0)).toBeLessThanOrEqual(600);
    expect(violations(input, out)).toEqual([]);
  });
});

describe('plan: preferences', () => {
  it('prefers the previous or primary caregiver, then the backup, over a nearer stranger', () => {
    // The usual caregivers live 167 m further away (217 road m): less than continuity is worth (cost.ts).
    const near = { lat: 16.4322, lon: 102.8236 };
    const far = { lat: 16.4337, lon: 102.8236 };
    const cgs = [caregiverOf(1, { base: near }), caregiverOf(2, { base: far }), caregiverOf(3, { base: far })];
    const out = plan(
      weekOf(cgs, [
        residentOf(1, { location: near, primaryCaregiverId: CG2, backupCaregiverId: uuid(1, 3) }),
        residentOf(2, { location: near, previousCaregiverId: uuid(1, 3) }),
        residentOf(3, { location: near, backupCaregiverId: CG2 }),
      ]),
    );
    expect(out.visits.map((v) => [v.residentId, v.caregiverId]).sort()).toEqual([
      [uuid(2, 1), CG2],
      [uuid(2, 2), uuid(1, 3)],
      [uuid(2, 3), CG2],
    ]);
  });

  it('gives the visit to the caregiver next door when her own would drive kilometres more', () => {
    const near = { lat: 16.4322, lon: 102.8236 };
    const far = { lat: 16.46, lon: 102.85 };
    const cgs = [caregiverOf(1, { base: near }), caregiverOf(2, { base: far })];
    const out = plan(weekOf(cgs, [residentOf(1, { location: near, primaryCaregiverId: CG2 }), residentOf(2, { location: far, primaryCaregiverId: CG2 })]));
    expect(out.visits.map((v) => [v.residentId, v.caregiverId]).sort()).toEqual([
      [uuid(2, 1), CG1],
      [uuid(2, 2), CG2],
    ]);
  });

  it("spreads a resident's visits over the week, on different days and never two in a row", () => {
    const out = plan(weekOf([caregiverOf(1, { workingDays: [1, 2, 3, 4, 5, 6, 0] })], [residentOf(1, { visits: 3, primaryCaregiverId: CG1 })]));
    const days = datesOf(out).map((d) => Number(d.slice(8)));
    expect(new Set(days).size).toBe(3);
    const gaps = days.slice(1).map((d, i) => d - (days[i] as number));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(2);
  });

  it('shares the load between caregivers rather than filling one', () => {
    // Twenty homes along one street, 33 m apart.
    const residents = Array.from({ length: 20 }, (_, i) => residentOf(i + 1, { location: { lat: 16.4322 + 0.0003 * (i + 1), lon: 102.8236 } }));
    const out = plan(weekOf([caregiverOf(1), caregiverOf(2)], residents));
    const perDay = new Map<string, number>();
    for (const v of out.visits) perDay.set(`${v.caregiverId} ${v.date}`, (perDay.get(`${v.caregiverId} ${v.date}`) ?? 0) + 1);
    // 20 visits over 2 caregivers × 4 open days: 2.5 a day on average; the planner avoids days past 1.2 × that.
    expect(Math.max(...perDay.values())).toBeLessThanOrEqual(3);
    expect(out.visits.filter((v) => v.caregiverId === CG1).length).toBeGreaterThanOrEqual(8);
    expect(out.visits.filter((v) => v.caregiverId === CG2).length).toBeGreaterThanOrEqual(8);
  });

  it("shares the week between caregivers even where one caregiver's grouped days would drive less", () => {
    // Homes 222 m apart along 4.4 km: a caregiver's day out to the far end costs kilometres, so grouping the
    // far homes on one caregiver's days saves travel; her week still stays near the even share.
    const residents = Array.from({ length: 20 }, (_, i) => residentOf(i + 1));
    const out = plan(weekOf([caregiverOf(1), caregiverOf(2)], residents));
    expect(out.visits).toHaveLength(20);
    expect(out.visits.filter((v) => v.caregiverId === CG1).length).toBeGreaterThanOrEqual(8);
    expect(out.visits.filter((v) => v.caregiverId === CG2).length).toBeGreaterThanOrEqual(8);
  });

});

describe('plan: kept visits and replanning', () => {
  it('keeps a locked visit exactly, even on leave, and reports the conflict', () => {
    const existing = [{ id: uuid(3, 1), caregiverId: CG1, date: '2026-10-14', minute: 600, status: 'locked' as const }];
    const input = weekOf([caregiverOf(1, { leave: [{ date: '2026-10-14', reason: 'sick' }] }), caregiverOf(2)], [residentOf(1, { visits: 2, existing, primaryCaregiverId: CG1 })]);
    const out = plan(input);
    expect(out.visits.find((v) => v.existingId === uuid(3, 1))).toMatchObject({ caregiverId: CG1, date: '2026-10-14', start: 600, fixed: true, source: 'locked' });
    expect(out.visits).toHaveLength(2);
    expect(out.unmet).toEqual([{ code: 'kept_visit_conflict', residentId: uuid(2, 1), params: { existingId: uuid(3, 1), caregiverId: CG1, date: '2026-10-14', rule: 'leave' } }]);
    expect(violations(input, out)).toEqual([]);
  });

  it('moves published visits only when asked, and never plans more than required', () => {
    const existing = [{ id: uuid(3, 1), caregiverId: CG2, date: '2026-10-16', minute: null, status: 'published' as const }];
    const input = weekOf([caregiverOf(1), caregiverOf(2)], [residentOf(1, { existing, primaryCaregiverId: CG1 })]);
    expect(plan(input).visits).toMatchObject([{ caregiverId: CG2, date: '2026-10-16', source: 'published', existingId: uuid(3, 1) }]);
    const replanned = plan({ ...input, options: { seed: 7, keepPublished: false } });
    expect(replanned.visits).toMatchObject([{ caregiverId: CG1, source: 'planned', existingId: null }]);
  });

  it('a kept visit on a fixed weekday counts as that fixed-time visit', () => {
    const existing = [{ id: uuid(3, 1), caregiverId: CG1, date: '2026-10-12', minute: 480, status: 'locked' as const }];
    const out = plan(weekOf([caregiverOf(1)], [residentOf(1, { visits: 2, fixedTimes: [{ weekday: 1, minute: 480 }], existing })]));
    expect(out.visits.filter((v) => v.fixed)).toHaveLength(1);
    expect(out.visits).toHaveLength(2);
  });

  it('reports kept visits outside the week or of unknown caregivers, and plans their demand anew', () => {
    const existing = [
      { id: uuid(3, 1), caregiverId: CG1, date: '2026-10-19', minute: null, status: 'locked' as const },
      { id: uuid(3, 2), caregiverId: uuid(1, 99), date: '2026-10-12', minute: null, status: 'locked' as const },
    ];
    const input = weekOf([caregiverOf(1)], [residentOf(1, { visits: 2, existing })]);
    const out = plan(input);
    expect(out.unmet.map((u) => u.code === 'kept_visit_conflict' && u.params.rule)).toEqual(['outside_week', 'unknown_caregiver']);
    expect(out.visits.filter((v) => v.source === 'planned')).toHaveLength(2);
  });

  it('gives the same plan whatever the order of the input lists', () => {
    const cgs = [caregiverOf(1), caregiverOf(2), caregiverOf(3, { workingDays: [2, 3, 4, 5, 6] })];
    const residents = Array.from({ length: 12 }, (_, i) => residentOf(i + 1, { visits: 1 + (i % 3) }));
    const a = plan(weekOf(cgs, residents));
    const b = plan(weekOf([...cgs].reverse(), [...residents].reverse()));
    expect(b).toEqual(a);
  });
});
