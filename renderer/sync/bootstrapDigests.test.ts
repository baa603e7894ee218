/**
 * BootstrapDigests: rows fed in the bootstrap stream's order ((type, id), so assessments, acknowledgements and
 * plans before their resident, visits and amendments after) give, for every resident not left unsure, the
 * digest digestOf computes from all its records.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { digestOf, type DigestAck, type DigestAssessment, type DigestPlanInput, type DigestResident, type DigestVisit } from '../../shared/digest';
import type { SyncedTableName } from '../db/outbox';
import { ackFor, arbAssessmentSpec, arbChanges, arbPlanSpec, arbVisitSpec, buildAmendment, buildAssessment, buildPlan, buildVisit, testUuid } from '../../test/fixtures/careHistory';
import { BootstrapDigests } from './bootstrapDigests';

const R = [testUuid(1, 1), testUuid(1, 2), testUuid(1, 3)] as const;
const rid = (i: number): string => R[i % R.length] ?? R[0];
const DEAD = '2026-01-01T00:00:00.000Z';

type Row = Record<string, unknown> & { id: string };
/** Tables in the order of their sync type names (adl_assessment, alert_ack, care_plan, resident, visit, visit_amendment). */
const STREAM_ORDER: SyncedTableName[] = ['assessments', 'alertAcks', 'carePlans', 'residents', 'visits', 'visitAmendments'];

const arbWorld = fc.record({
  present: fc.tuple(fc.boolean(), fc.constant(true), fc.constant(true)),
  visits: fc.array(fc.record({ r: fc.nat(2), spec: arbVisitSpec, dead: fc.constantFrom(null, null, null, 'deleted', 'voided') }), { maxLength: 20 }),
  amend: fc.array(fc.record({ pick: fc.nat(), changes: arbChanges }), { maxLength: 2 }),
  assessments: fc.array(fc.record({ r: fc.nat(2), spec: arbAssessmentSpec, deleted: fc.boolean() }), { maxLength: 4 }),
  plans: fc.array(fc.record({ r: fc.nat(2), spec: arbPlanSpec }), { maxLength: 3 }),
  acks: fc.array(fc.record({ r: fc.nat(2), pick: fc.nat() }), { maxLength: 3 }),
});

type World = typeof arbWorld extends fc.Arbitrary<infer T> ? T : never;

function build(g: World): Map<SyncedTableName, Row[]> {
  const residents: Row[] = R.filter((_, i) => g.present[i]).map((id, i) => ({ id, status: 'active', prefix: 'นาง', firstName: `ชื่อ${i}`, lastName: 'ทดสอบ', communityId: 'c-1', deletedAt: null }));
  const visits: Row[] = g.visits.map((v, i) => ({ ...buildVisit(rid(v.r), v.spec), id: testUuid(2, i), deletedAt: v.dead === 'deleted' ? DEAD : null, ...(v.dead === 'voided' ? { voidReason: 'ผิดคน' } : {}) }));
  const amendments: Row[] = visits.length === 0 ? [] : g.amend.map((a, i) => {
    const v = visits[a.pick % visits.length] as unknown as DigestVisit;
    return { ...buildAmendment(v.id, v.residentId, a.changes, i), id: testUuid(3, i) };
  });
  const assessments: Row[] = g.assessments.map((a, i) => ({ ...buildAssessment(testUuid(4, i), rid(a.r), a.spec), deletedAt: a.deleted ? DEAD : null }));
  const plans: Row[] = g.plans.map((p, i) => ({ ...buildPlan(rid(p.r), p.spec), id: testUuid(5, i), deletedAt: null }));
  const acks: Row[] = g.acks.map((a, i) => ({ ...ackFor('visit_gap', rid(a.r), testUuid(9, a.pick % 5)), id: testUuid(6, i), deletedAt: null }));
  return new Map<SyncedTableName, Row[]>([
    ['residents', residents],
    ['visits', visits],
    ['visitAmendments', amendments],
    ['assessments', assessments],
    ['carePlans', plans],
    ['alertAcks', acks],
  ]);
}

function feed(world: Map<SyncedTableName, Row[]>): BootstrapDigests {
  const folder = new BootstrapDigests();
  for (const table of STREAM_ORDER) for (const row of [...(world.get(table) ?? [])].sort((a, b) => (a.id < b.id ? -1 : 1))) folder.add(table, row);
  return folder;
}

function recomputed(world: Map<SyncedTableName, Row[]>, r: Row) {
  const of = <T,>(t: SyncedTableName) => (world.get(t) ?? []).filter((x) => x.residentId === r.id) as unknown as T[];
  return digestOf(r as unknown as DigestResident, of<DigestVisit>('visits'), of('visitAmendments'), of<DigestAssessment>('assessments'), of<DigestPlanInput>('carePlans'), of<DigestAck>('alertAcks'));
}

describe('BootstrapDigests', () => {
  it('property: every digest it is sure of equals digestOf over all the resident\'s records; the rest are unsure', () => {
    fc.assert(
      fc.property(arbWorld, (g) => {
        const world = build(g);
        const folder = feed(world);
        const byId = new Map(folder.digests().map((d) => [d.id, d]));
        for (const r of world.get('residents') ?? []) {
          if (folder.unsure.has(r.id)) {
            expect(byId.has(r.id)).toBe(false);
            continue;
          }
          expect(byId.get(r.id)).toEqual(recomputed(world, r));
        }
        // A resident with amendments is never trusted; a resident without a row has no digest.
        for (const a of world.get('visitAmendments') ?? []) expect(byId.has(String(a.residentId))).toBe(false);
        expect([...byId.keys()].every((id) => (world.get('residents') ?? []).some((r) => r.id === id))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('is sure of a resident whose visits come in time order, with her assessments held until her row', () => {
    const r = R[0];
    const world = new Map<SyncedTableName, Row[]>([
      ['residents', [{ id: r, status: 'active', prefix: 'นาย', firstName: 'สมชาย', lastName: 'ใจดี', communityId: 'c-1', deletedAt: null }]],
      ['assessments', [{ ...buildAssessment(testUuid(4, 1), r, { day: 3, total: 9 }), deletedAt: null }]],
      ['visits', [5, 40, 90].map((day, i) => ({ ...buildVisit(r, { day, hour: 9, done: true, type: 'routine', systolic: 150, pulse: 80, weight: 60 + i, next: 30 }), id: testUuid(2, i), deletedAt: null }))],
    ]);
    const folder = feed(world);
    expect(folder.unsure.size).toBe(0);
    expect(folder.orphans()).toEqual([]);
    const [d] = folder.digests();
    expect(d).toEqual(recomputed(world, world.get('residents')?.[0] as Row));
    expect(d?.visits).toBe(3);
    expect(d?.adl?.total).toBe(9);
  });

  it('leaves unsure a resident with an amendment, and reports held rows whose resident never came', () => {
    const world = build({ present: [false, true, true], visits: [], amend: [], assessments: [{ r: 0, spec: { day: 1, total: 5 }, deleted: false }], plans: [], acks: [] });
    const folder = feed(world);
    expect(folder.orphans()).toEqual([R[0]]);
    folder.add('visitAmendments', { id: testUuid(3, 1), residentId: R[1] });
    expect(folder.unsure.has(R[1])).toBe(true);
    expect(folder.digests().map((d) => d.id)).toEqual([R[2]]);
  });
});
