import { describe, expect, it } from 'vitest';
import { draftChanges, type StoredRound } from './drafts';
import { plan } from './plan';
import type { RoundVisitData } from './recordsSchema';
import { residentOf, roundVisitOf, uuid, WEEK } from './testWeek';
import { defaultAvailability } from './availability';
import { communityCentres, holidaysOfWeek, keptVisits, mondayOf, MUNICIPALITY_CENTRE, planInputFor, weekDates, type WeekRecords } from './weekInput';

const cg = (n: number, communities = ['c-01'], active = true) => ({ id: uuid(1, n), displayName: `CG ${n}`, communities, active });

function records(o: Partial<WeekRecords> = {}): WeekRecords {
  return {
    weekStart: WEEK,
    caregivers: [cg(1), cg(2)],
    availability: [],
    leaves: [],
    holidays: [],
    communities: [{ id: 'c-01', name: 'ชุมชน 1' }],
    locations: [],
    demands: [residentOf(1, { visits: 2 }), residentOf(2)],
    rounds: [],
    ...o,
  };
}

const round = (id: string, o: Partial<RoundVisitData> = {}): StoredRound => ({ id, ...roundVisitOf(o) });

describe('mondayOf', () => {
  it('is the Monday of the date\'s week, Sunday belonging to the week before', () => {
    expect(['2026-12-07', '2026-12-09', '2026-12-13'].map(mondayOf)).toEqual(['2026-12-07', '2026-12-07', '2026-12-07']);
    expect(mondayOf('2026-12-14')).toBe('2026-12-14');
  });
});

describe('planInputFor', () => {
  it('plans active caregivers only, with the default availability when none is stored, and her leave within the week', () => {
    const input = planInputFor(
      records({
        caregivers: [cg(1), cg(2), cg(3, ['c-01'], false)],
        availability: [{ ...defaultAvailability(uuid(1, 2)), skills: ['wound'], workingDays: [1, 3], startMinute: 420, endMinute: 900, weeklyVisitCap: 12, base: { lat: 14.02, lng: 100.73 } }],
        leaves: [{ userId: uuid(1, 1), from: '2026-10-10', to: '2026-10-14', reason: 'sick', note: '' }],
      }),
    );
    expect(input.caregivers.map((c) => c.id)).toEqual([uuid(1, 1), uuid(1, 2)]);
    const [first, second] = input.caregivers;
    expect(first).toMatchObject({ skills: [], workingDays: [1, 2, 3, 4, 5], hours: { start: 510, end: 990 }, weeklyVisitCap: 30, base: null });
    expect(first?.leave).toEqual([
      { date: '2026-10-12', reason: 'sick' },
      { date: '2026-10-13', reason: 'sick' },
      { date: '2026-10-14', reason: 'sick' },
    ]);
    expect(second).toMatchObject({ skills: ['wound'], workingDays: [1, 3], hours: { start: 420, end: 900 }, weeklyVisitCap: 12, base: { lat: 14.02, lon: 100.73 }, leave: [] });
  });

  it('uses the municipality\'s holidays of a year it has any for, else the built-in list', () => {
    expect(holidaysOfWeek(WEEK, []).map((h) => h.date)).toEqual(['2026-10-13']);
    expect(holidaysOfWeek(WEEK, [{ date: '2026-10-15', nameTh: 'วันหยุดพิเศษ', nameEn: 'Special holiday' }]).map((h) => h.date)).toEqual(['2026-10-15']);
    expect(holidaysOfWeek(WEEK, [{ date: '2027-01-01', nameTh: 'วันขึ้นปีใหม่', nameEn: "New Year's Day" }]).map((h) => h.date)).toEqual(['2026-10-13']);
  });

  it('places a community at the mean of its located homes, or at the municipality\'s centre', () => {
    const centres = communityCentres(
      [
        { id: 'c-01', name: 'หนึ่ง' },
        { id: 'c-02', name: 'สอง' },
      ],
      [
        { communityId: 'c-01', gps: { lat: 14, lng: 100.6 } },
        { communityId: 'c-01', gps: { lat: 14.1, lng: 100.8 } },
        { communityId: 'c-01', gps: null },
      ],
    );
    expect(centres[0]?.centre.lat).toBeCloseTo(14.05, 9);
    expect(centres[0]?.centre.lon).toBeCloseTo(100.7, 9);
    expect(centres[1]?.centre).toEqual(MUNICIPALITY_CENTRE);
  });

  it('keeps locked and published visits, not unlocked drafts or cancelled ones', () => {
    const kept = keptVisits([round('a'), round('b', { locked: true }), round('c', { status: 'published' }), round('d', { status: 'cancelled' })]);
    expect(kept.get(uuid(2, 1))?.map((e) => [e.id, e.status])).toEqual([
      ['b', 'locked'],
      ['c', 'published'],
    ]);
  });
});

describe('draftChanges', () => {
  const activities = new Map([[uuid(2, 1), ['bathing']]]);
  const communities = new Map([1, 2].map((n) => [uuid(2, n), 'c-01']));

  it('creates drafts for a first run, with the plan\'s order in each day and the resident\'s activities', () => {
    const input = planInputFor(records());
    const out = plan(input);
    const changes = draftChanges(WEEK, out, [], activities, communities);
    expect(changes.patch).toEqual([]);
    expect(changes.remove).toEqual([]);
    expect(changes.create).toHaveLength(out.visits.length);
    expect(changes.create.every((c) => c.status === 'draft' && c.weekStart === WEEK)).toBe(true);
    expect(changes.create.filter((c) => c.residentId === uuid(2, 1)).map((c) => c.activities)).toEqual([['bathing'], ['bathing']]);
    expect(changes.create.every((c) => c.communityId === 'c-01')).toBe(true);
  });

  it('a second run over its own drafts changes nothing; a lost visit removes a draft; a kept one only follows the route', () => {
    const input = planInputFor(records());
    const out = plan(input);
    const first = draftChanges(WEEK, out, [], activities, communities);
    const stored = first.create.map((c, i) => ({ ...c, id: `r-${i}` }));
    expect(draftChanges(WEEK, plan(planInputFor(records({ rounds: stored }))), stored, activities, communities)).toEqual({ create: [], patch: [], remove: [] });

    const fewer = plan(planInputFor(records({ rounds: stored, demands: [residentOf(1, { visits: 1 }), residentOf(2)] })));
    const after = draftChanges(WEEK, fewer, stored, activities, communities);
    expect(after.create).toEqual([]);
    expect(after.remove).toHaveLength(1);

    const locked = stored.map((s) => ({ ...s, locked: true, order: s.order + 5 }));
    const relocked = draftChanges(WEEK, plan(planInputFor(records({ rounds: locked }))), locked, activities, communities);
    expect(relocked.create).toEqual([]);
    expect(relocked.remove).toEqual([]);
    expect(relocked.patch.every((p) => Object.keys(p.changes).every((k) => k === 'order' || k === 'minute' || k === 'legKm'))).toBe(true);
  });

  it('replanning published visits too keeps those the plan leaves on their caregiver and day, and cancels the rest', () => {
    const input = planInputFor(records());
    const first = draftChanges(WEEK, plan(input), [], activities, communities);
    const published = first.create.map((c, i) => ({ ...c, id: `r-${i}`, status: 'published' as const }));
    // A published visit is free to move only when asked (keepPublished: false); the same week plans the same.
    const again = plan(planInputFor(records({ rounds: published, options: { keepPublished: false } })));
    expect(again.visits.every((v) => v.existingId === null)).toBe(true);
    expect(draftChanges(WEEK, again, published, activities, communities)).toEqual({ create: [], patch: [], remove: [] });
    // One visit moved by hand to another day: the replan puts it back on its planned day, as a new draft, and cancels the moved one.
    const hers = new Set(published.filter((r) => r.residentId === published[0]?.residentId).map((r) => r.date));
    const elsewhere = weekDates(WEEK).find((d) => !hers.has(d)) as string;
    const moved = published.map((r, i) => (i === 0 ? { ...r, date: elsewhere } : r));
    const back = draftChanges(WEEK, plan(planInputFor(records({ rounds: moved, options: { keepPublished: false } }))), moved, activities, communities);
    expect(back.patch.filter((p) => p.changes.status === 'cancelled').map((p) => p.id)).toContain('r-0');
    expect(back.create.length).toBeGreaterThanOrEqual(1);
    expect(back.remove).toEqual([]);
  });

  it('cancels a published visit the run did not keep, unless it already has an outcome', () => {
    const published = [round('p1', { status: 'published' }), round('p2', { status: 'published', outcome: 'done', residentId: uuid(2, 9) })];
    const changes = draftChanges(WEEK, { visits: [], routes: [], unmet: [] }, published, activities, communities);
    expect(changes.patch).toEqual([{ id: 'p1', changes: { status: 'cancelled' } }]);
  });
});
