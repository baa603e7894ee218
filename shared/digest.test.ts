import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alertRowOf, alertsFromRows } from './alertRow';
import { ALERT_RULES, computeAlerts, DEFAULT_ALERT_SETTINGS, type AlertSettings } from './alerts';
import { alertsFromDigests, digestDueDates, digestOf, foldNewVisit, visitsPerMonth, type DigestAck, type DigestAssessment, type DigestResident, type DigestVisit, type ResidentDigest } from './digest';
import { applyAmendments, type VisitAmendmentData } from './visit';
import { DEFAULT_VITAL_SETTINGS } from './vitals';
import { ackFor, arbAssessmentSpec, arbChanges, arbPlanSpec, arbVisitSpec, buildAmendment, buildAssessment, buildPlan, buildVisit, testUuid } from '../test/fixtures/careHistory';
import type { CarePlanData } from './carePlan';
import type { ResidentStatus } from './resident';

const R = [testUuid(1, 1), testUuid(1, 2)] as const;
const rid = (i: number): string => (i === 0 ? R[0] : R[1]);

interface Records {
  residents: DigestResident[];
  visits: DigestVisit[];
  amendments: (VisitAmendmentData & { id: string })[];
  assessments: DigestAssessment[];
  plans: (CarePlanData & { id: string; deletedAt: string | null })[];
  acks: DigestAck[];
}

const arbRecords: fc.Arbitrary<Records> = fc
  .record({
    statuses: fc.tuple(...R.map(() => fc.constantFrom<ResidentStatus>('active', 'active', 'in_hospital', 'moved', 'died'))),
    residentDeleted: fc.tuple(fc.boolean(), fc.boolean()).map(([a, b]) => [a && b, false]),
    visits: fc.array(fc.record({ r: fc.integer({ min: 0, max: 1 }), spec: arbVisitSpec, dead: fc.constantFrom(null, null, null, null, 'deleted', 'voided') }), { maxLength: 25 }),
    amendments: fc.array(fc.record({ pick: fc.nat(), changes: arbChanges }), { maxLength: 4 }),
    assessments: fc.array(fc.record({ r: fc.integer({ min: 0, max: 1 }), spec: arbAssessmentSpec, deleted: fc.constantFrom(false, false, true) }), { maxLength: 6 }),
    plans: fc.array(fc.record({ r: fc.integer({ min: 0, max: 1 }), spec: arbPlanSpec, deleted: fc.constantFrom(false, false, false, true) }), { maxLength: 4 }),
    acks: fc.array(fc.record({ rule: fc.constantFrom(...ALERT_RULES), pick: fc.nat(), deleted: fc.constantFrom(false, false, true) }), { maxLength: 8 }),
  })
  .map((g): Records => {
    const residents = R.map((id, i) => ({ id, status: g.statuses[i] ?? 'active', prefix: 'นาง', firstName: `ชื่อ${i}`, lastName: 'ทดสอบ', communityId: 'c-1', deletedAt: g.residentDeleted[i] ? '2026-01-01T00:00:00.000Z' : null }));
    const visits: DigestVisit[] = g.visits.map((v, i) => ({
      ...buildVisit(rid(v.r), v.spec),
      id: testUuid(2, i),
      deletedAt: v.dead === 'deleted' ? '2026-01-01T00:00:00.000Z' : null,
      ...(v.dead === 'voided' ? { voidReason: 'wrong resident' } : {}),
    }));
    const amendments = visits.length === 0 ? [] : g.amendments.map((a, i) => {
      const v = visits[a.pick % visits.length] as DigestVisit;
      return { ...buildAmendment(v.id, v.residentId, a.changes, i), id: testUuid(3, i) };
    });
    const assessments = g.assessments.map((a, i) => ({ ...buildAssessment(testUuid(4, i), rid(a.r), a.spec), deletedAt: a.deleted ? '2026-01-01T00:00:00.000Z' : null }));
    const plans = g.plans.map((p, i) => ({ ...buildPlan(rid(p.r), p.spec), id: testUuid(5, i), deletedAt: p.deleted ? '2026-01-01T00:00:00.000Z' : null }));
    const records = [...residents.map((r) => ({ id: r.id, residentId: r.id })), ...visits, ...assessments, ...plans];
    const acks = records.length === 0 ? [] : g.acks.map((a, i) => {
      const rec = records[a.pick % records.length] as { id: string; residentId: string };
      return { ...ackFor(a.rule, rec.residentId, rec.id), id: testUuid(6, i), deletedAt: a.deleted ? '2026-01-01T00:00:00.000Z' : null };
    });
    return { residents, visits, amendments, assessments, plans, acks };
  });

const arbSettings: fc.Arbitrary<Partial<AlertSettings>> = fc.record({
  vitals: fc.record({ weightChangeDays: fc.integer({ min: 1, max: 365 }), weightChangePercent: fc.constantFrom(3, 5, 10), pulseHigh: fc.constantFrom(100, 130) }).map((v) => ({
    ...DEFAULT_VITAL_SETTINGS,
    weightChangeDays: v.weightChangeDays,
    weightChangePercent: v.weightChangePercent,
    ranges: { ...DEFAULT_VITAL_SETTINGS.ranges, pulse: { ...DEFAULT_VITAL_SETTINGS.ranges.pulse, high: { value: v.pulseHigh, inclusive: false } } },
  })),
  reassessMonthsDependent: fc.constantFrom(3, 6),
  reassessAfterDischargeDays: fc.constantFrom(0, 7),
  visitGapGraceDays: fc.constantFrom(0, 3),
});

const arbToday = fc.integer({ min: 0, max: 900 }).map((d) => new Date(Date.UTC(2024, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));

function digestsOf(rec: Records): ResidentDigest[] {
  return rec.residents.map((r) => digestOf(r, rec.visits.filter((v) => v.residentId === r.id), rec.amendments.filter((a) => a.residentId === r.id), rec.assessments, rec.plans, rec.acks));
}

/** What computeAlerts is given: current views of the visits, in (start, id) order as the device reads them. */
function currentViews(rec: Records): DigestVisit[] {
  return rec.visits
    .map((v) => applyAmendments(v, rec.amendments).current)
    .sort((a, b) => (a.startedAt !== b.startedAt ? (a.startedAt < b.startedAt ? -1 : 1) : a.id < b.id ? -1 : 1));
}

describe('digestOf and alertsFromDigests', () => {
  it('property: alerts from the digests, and from their alert rows, equal computeAlerts on the same records, for any day and settings', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(arbRecords, arbToday, arbSettings, (rec, today, settings) => {
        const expected = computeAlerts({ residents: rec.residents, visits: currentViews(rec), assessments: rec.assessments, plans: rec.plans, acknowledgements: rec.acks, today, settings });
        expect(alertsFromDigests(digestsOf(rec), today, settings)).toEqual(expected);
        expect(alertsFromRows(digestsOf(rec).map(alertRowOf), today, settings)).toEqual(expected);
        for (const a of expected) seen.add(a.params.rule === 'reassessment_overdue' ? `${a.rule}:${a.params.reason}` : a.rule);
      }),
      { numRuns: 400 },
    );
    // Every rule (and every reassessment reason) was exercised, so the comparison is not vacuous.
    expect([...seen].sort()).toEqual([...ALERT_RULES.filter((r) => r !== 'reassessment_overdue'), 'reassessment_overdue:discharge', 'reassessment_overdue:enrolment', 'reassessment_overdue:interval'].sort());
  });

  it('property: the digest does not depend on the order of the records', () => {
    fc.assert(
      fc.property(arbRecords, fc.infiniteStream(fc.nat()), (rec, seeds) => {
        const it = seeds[Symbol.iterator]();
        const shuffle = <T>(xs: readonly T[]): T[] => xs.map((x) => ({ x, k: it.next().value as number })).sort((a, b) => a.k - b.k).map((e) => e.x);
        const shuffled: Records = { residents: rec.residents, visits: shuffle(rec.visits), amendments: shuffle(rec.amendments), assessments: shuffle(rec.assessments), plans: shuffle(rec.plans), acks: shuffle(rec.acks) };
        expect(JSON.stringify(digestsOf(shuffled))).toBe(JSON.stringify(digestsOf(rec)));
      }),
      { numRuns: 200 },
    );
  });

  it('property: folding a new visit in gives the recomputed digest whenever it does not decline', () => {
    let folded = 0;
    fc.assert(
      fc.property(fc.array(fc.record({ spec: arbVisitSpec, dead: fc.constantFrom(false, false, false, true) }), { maxLength: 20 }), (specs) => {
        const resident = { id: R[0], status: 'active' as const };
        const visits: DigestVisit[] = [];
        let digest = digestOf(resident, [], [], [], [], []);
        specs.forEach(({ spec, dead }, i) => {
          const v: DigestVisit = { ...buildVisit(R[0], spec), id: testUuid(2, i), deletedAt: dead ? '2026-01-01T00:00:00.000Z' : null };
          visits.push(v);
          const recomputed = digestOf(resident, visits, [], [], [], []);
          const next = foldNewVisit(digest, v);
          if (next !== null) {
            folded++;
            expect(JSON.stringify(next)).toBe(JSON.stringify(recomputed));
          }
          digest = recomputed;
        });
      }),
      { numRuns: 300 },
    );
    expect(folded).toBeGreaterThan(100); // the fold is exercised, not always declined
  });

  it('declines to fold an older visit, a visit of another resident, or any visit once amendments exist', () => {
    const resident = { id: R[0], status: 'active' as const };
    const spec = { day: 100, hour: 9, done: true, type: 'routine' as const, systolic: 120, pulse: 70, weight: 50, next: null };
    const newer = { ...buildVisit(R[0], spec), id: testUuid(2, 1) };
    const d = digestOf(resident, [newer], [], [], [], []);
    expect(foldNewVisit(d, { ...buildVisit(R[0], { ...spec, day: 50 }), id: testUuid(2, 2) })).toBeNull();
    expect(foldNewVisit(d, { ...buildVisit(R[1], { ...spec, day: 150 }), id: testUuid(2, 3) })).toBeNull();
    expect(foldNewVisit({ ...d, amendments: 1 }, { ...buildVisit(R[0], { ...spec, day: 150 }), id: testUuid(2, 4) })).toBeNull();
    expect(foldNewVisit(d, { ...buildVisit(R[0], { ...spec, day: 150 }), id: testUuid(2, 5) })?.latest?.id).toBe(testUuid(2, 5));
  });

  it('counts visits that took place per month, for the 24 months ending today', () => {
    const resident = { id: R[0], status: 'active' as const };
    const base = { hour: 9, type: 'routine' as const, systolic: null, pulse: null, weight: null, next: null };
    const visits = [
      { ...buildVisit(R[0], { ...base, day: 0, done: true }), id: testUuid(2, 1) }, // 2024-01-01
      { ...buildVisit(R[0], { ...base, day: 10, done: true }), id: testUuid(2, 2) }, // 2024-01-11
      { ...buildVisit(R[0], { ...base, day: 11, done: false }), id: testUuid(2, 3) }, // missed: not counted
      { ...buildVisit(R[0], { ...base, day: 40, done: true }), id: testUuid(2, 4) }, // 2024-02-10
    ];
    const months = visitsPerMonth(digestOf(resident, visits, [], [], [], []), '2024-03-05');
    expect(months).toHaveLength(24);
    expect(months.slice(-3)).toEqual([
      { month: '2024-01', done: 2 },
      { month: '2024-02', done: 1 },
      { month: '2024-03', done: 0 },
    ]);
    expect(months[0]?.month).toBe('2022-04');
  });

  it('due dates: the booked next visit until a visit takes place after it, and the reassessment', () => {
    const resident = { id: R[0], status: 'active' as const };
    const base = { hour: 9, type: 'routine' as const, systolic: null, pulse: null, weight: null, done: true };
    const booked = { ...buildVisit(R[0], { ...base, day: 10, next: 7 }), id: testUuid(2, 1) };
    const assessment = buildAssessment(testUuid(4, 1), R[0], { day: 0, total: 8 });
    const d1 = digestOf(resident, [booked], [], [assessment], [], []);
    expect(digestDueDates(d1, '2024-01-15')).toMatchObject({ followUp: '2024-01-18', reassessment: '2024-07-01', planReview: null, nextVisit: null });
    const later = { ...buildVisit(R[0], { ...base, day: 12, next: null }), id: testUuid(2, 2) };
    expect(digestDueDates(digestOf(resident, [booked, later], [], [assessment], [], []), '2024-01-15').followUp).toBeNull();
    expect(DEFAULT_ALERT_SETTINGS.reassessMonthsDependent).toBe(6);
  });
});
