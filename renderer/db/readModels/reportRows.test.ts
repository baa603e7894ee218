import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { Resident, ResidentStatus } from '../../../shared/resident';
import { arbAssessmentSpec, arbChanges, arbPlanSpec, arbVisitSpec, buildAmendment, buildAssessment, buildPlan, buildVisit, testUuid, type VisitSpec } from '../../../test/fixtures/careHistory';
import { openStore, type CareRoundsDb } from '../db';
import { deriveReportFacts, readReportFacts } from '../reportFacts';
import type { ResidentFact, VisitFact } from '../../../shared/reports/facts';
import { buildProfile, freshDbName } from '../testing';
import { packsOf, RESIDENT_KIND, residentPackKey, VISIT_KIND, visitPackKey } from './reportPacks';
import { rebuildReportFacts } from './reportRebuild';
import { checkReadModels, ensureReadModels, installDigests, READ_MODELS_KEY, rebuildReadModels, suspendReadModels } from '.';

const opened: CareRoundsDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

async function freshDb(): Promise<CareRoundsDb> {
  const result = await openStore(freshDbName('reportrows'));
  if (!result.ok) throw new Error(result.detail);
  opened.push(result.db);
  return result.db;
}

const RESIDENTS = [0, 1, 2, 3].map((i) => testUuid(1, i + 1));
const rid = (i: number): string => RESIDENTS[i % RESIDENTS.length] ?? '';
const visitId = (n: number): string => testUuid(2, n);
const TOMB = '2026-01-01T00:00:00.000Z';
const profile = buildProfile({ nationalId: null, noIdReason: 'test' });

function residentRow(i: number, status: ResidentStatus, name: string, deleted = false): Resident {
  return { ...profile, id: rid(i), createdAt: `2024-0${1 + (i % 4)}-01T03:00:00.000Z`, firstName: name, status, statusDate: null, statusReason: '', latestAdl: null, deletedAt: deleted ? TOMB : null } as unknown as Resident;
}

const DONE: VisitSpec = { day: 10, hour: 9, done: true, type: 'routine', systolic: 185, pulse: 70, weight: null, next: null };

/** Every visit fact in the packs, by id. */
async function visitFacts(db: CareRoundsDb): Promise<VisitFact[]> {
  return (await db.reportVisitPacks.toArray()).flatMap((p) => p.facts).sort((a, b) => (a.id < b.id ? -1 : 1));
}
const visitFact = async (db: CareRoundsDb, id: string): Promise<VisitFact | undefined> => (await visitFacts(db)).find((f) => f.id === id);
/** Every resident fact in the packs, by id. */
async function residentFacts(db: CareRoundsDb): Promise<ResidentFact[]> {
  return (await db.reportResidentPacks.toArray()).flatMap((p) => p.facts).sort((a, b) => (a.id < b.id ? -1 : 1));
}
const residentFact = async (db: CareRoundsDb, id: string): Promise<ResidentFact | undefined> => (await residentFacts(db)).find((f) => f.id === id);
/** Replaces the pack holding resident `id`'s fact with `change` of its facts, around the model. */
async function editResidentPack(db: CareRoundsDb, id: string, change: (facts: ResidentFact[]) => ResidentFact[]): Promise<void> {
  const key = residentPackKey({ id });
  const pack = await db.reportResidentPacks.get(key);
  await db.reportResidentPacks.put({ key, facts: change(pack?.facts ?? []) });
}

/** What the read models must hold: the facts derived from every record, exactly. */
async function expectFactsEqualRecords(db: CareRoundsDb): Promise<void> {
  const derived = await deriveReportFacts(db, '0000-01-01', '9999-12-31');
  const [residents, visits] = await Promise.all([residentFacts(db), visitFacts(db)]);
  expect(JSON.stringify(residents)).toBe(JSON.stringify(derived.residents));
  expect(JSON.stringify(visits)).toBe(JSON.stringify(derived.visits));
  // Each in the pack its key names, in order, none empty.
  const [residentPacks, visitPacks] = await Promise.all([db.reportResidentPacks.orderBy('key').toArray(), db.reportVisitPacks.orderBy('key').toArray()]);
  expect(residentPacks).toEqual(packsOf(derived.residents, RESIDENT_KIND).sort((a, b) => (a.key < b.key ? -1 : 1)));
  expect(visitPacks).toEqual(packsOf(derived.visits, VISIT_KIND).sort((a, b) => (a.key < b.key ? -1 : 1)));
}

describe('report facts read models (the resident and visit packs)', () => {
  it('follow creates, amendments, voids and deletes of visits', async () => {
    const db = await freshDb();
    await db.residents.put(residentRow(0, 'active', 'ก'));
    await db.visits.put({ ...buildVisit(rid(0), DONE), id: visitId(1), deletedAt: null } as never);
    expect(await visitFact(db, visitId(1))).toMatchObject({ residentId: rid(0), date: '2024-01-11', outcome: 'done', minutes: 30, abnormal: true });

    // An amendment moves the visit to another day.
    const moved = { startedAt: '2024-03-01T03:00:00.000Z', endedAt: '2024-03-01T04:00:00.000Z' };
    await db.visitAmendments.put({ ...buildAmendment(visitId(1), rid(0), moved, 1), id: testUuid(3, 1), deletedAt: null } as never);
    expect(await visitFact(db, visitId(1))).toMatchObject({ date: '2024-03-01', minutes: 60 });
    expect((await visitFacts(db)).filter((f) => f.date === '2024-01-11')).toHaveLength(0);
    // The amendment deleted: back to the visit as recorded.
    await db.visitAmendments.delete(testUuid(3, 1));
    expect(await visitFact(db, visitId(1))).toMatchObject({ date: '2024-01-11', minutes: 30 });

    const v = await db.visits.get(visitId(1));
    await db.visits.put({ ...v, voidReason: 'wrong resident' } as never);
    expect(await visitFact(db, visitId(1))).toBeUndefined();
    await db.visits.put({ ...v, voidReason: undefined } as never);
    expect(await visitFact(db, visitId(1))).toBeDefined();
    await db.visits.put({ ...v, deletedAt: TOMB } as never);
    expect(await visitFact(db, visitId(1))).toBeUndefined();
    await db.visits.put({ ...buildVisit(rid(0), DONE), id: visitId(2), deletedAt: null } as never);
    await db.visits.delete(visitId(2));
    expect(await visitFacts(db)).toHaveLength(0);
    await expectFactsEqualRecords(db);
  });

  it('follow residents, their assessments (TAI group included), plan approvals and archiving', async () => {
    const db = await freshDb();
    await db.residents.put(residentRow(0, 'active', 'ก'));
    expect(await residentFact(db, rid(0))).toMatchObject({ firstName: 'ก', adl: [], plans: [], enrolledOn: '2024-01-01' });

    await db.assessments.put({ ...buildAssessment(testUuid(4, 2), rid(0), { day: 30, total: 4 }), taiGroup: 'B4', deletedAt: null } as never);
    await db.assessments.put({ ...buildAssessment(testUuid(4, 1), rid(0), { day: 60, total: 15 }), deletedAt: null } as never);
    expect((await residentFact(db, rid(0)))?.adl).toEqual([
      { id: testUuid(4, 2), on: '2024-01-31', total: 4, group: 'bedbound', tai: 'B4' },
      { id: testUuid(4, 1), on: '2024-03-01', total: 15, group: 'social', tai: null },
    ]);
    await db.assessments.put({ ...buildAssessment(testUuid(4, 2), rid(0), { day: 30, total: 4 }), voidReason: 'wrong', deletedAt: null } as never);
    expect((await residentFact(db, rid(0)))?.adl.map((a) => a.id)).toEqual([testUuid(4, 1)]);

    // A draft plan is no fact; its approval is.
    const spec = { version: 1, status: 'draft' as const, startDay: 10, reviewMonths: 6, timesPerWeek: 2, family: false };
    await db.carePlans.put({ ...buildPlan(rid(0), spec), id: testUuid(5, 1), deletedAt: null } as never);
    expect((await residentFact(db, rid(0)))?.plans).toEqual([]);
    await db.carePlans.put({ ...buildPlan(rid(0), { ...spec, status: 'approved' }), id: testUuid(5, 1), deletedAt: null } as never);
    expect((await residentFact(db, rid(0)))?.plans).toMatchObject([{ id: testUuid(5, 1), status: 'approved', approvedOn: '2024-01-02', approvedBy: 'cm-1' }]);

    // The resident's own fields (archive) keep its entries.
    await db.residents.put({ ...residentRow(0, 'moved', 'ก'), statusDate: '2024-06-01' } as never);
    expect(await residentFact(db, rid(0))).toMatchObject({ status: 'moved', statusDate: '2024-06-01', adl: [{ id: testUuid(4, 1) }], plans: [{ id: testUuid(5, 1) }] });
    await db.residents.put(residentRow(0, 'moved', 'ก', true));
    expect(await residentFact(db, rid(0))).toBeUndefined();
    await db.residents.put(residentRow(0, 'active', 'ก'));
    expect(await residentFact(db, rid(0))).toMatchObject({ adl: [{ id: testUuid(4, 1) }], plans: [{ id: testUuid(5, 1) }] });
    await expectFactsEqualRecords(db);
  });

  it('a pulled page (assessments before their residents, many rows per request) ends equal to the records', async () => {
    const db = await freshDb();
    await db.transaction('rw', [db.residents, db.assessments, db.visits, db.visitAmendments], async () => {
      await db.visitAmendments.bulkPut(Array.from({ length: 12 }, (_, k) => ({ ...buildAmendment(visitId(k), rid(k), { 'vitals.pulse': 140 }, k), id: testUuid(3, k), deletedAt: null })) as never[]);
      await db.assessments.bulkPut(Array.from({ length: 12 }, (_, k) => ({ ...buildAssessment(testUuid(4, k), rid(k), { day: k, total: k }), deletedAt: null })) as never[]);
      await db.residents.bulkPut([0, 1, 2, 3].map((i) => residentRow(i, 'active', 'ก')));
      await db.visits.bulkPut(Array.from({ length: 20 }, (_, k) => ({ ...buildVisit(rid(k), { ...DONE, day: k }), id: visitId(k), deletedAt: null })) as never[]);
    });
    expect(await visitFacts(db)).toHaveLength(20);
    expect((await visitFact(db, visitId(3)))?.abnormal).toBe(true);
    expect((await residentFact(db, rid(1)))?.adl).toHaveLength(3);
    await expectFactsEqualRecords(db);
  });

  it('property: after any history of writes, pulls, amendments, voids, deletes, assessments, plans and evictions, the facts equal a recompute', async () => {
    const arbStep = fc.oneof(
      fc.record({ kind: fc.constant('resident' as const), r: fc.nat(), status: fc.constantFrom<ResidentStatus>('active', 'in_hospital', 'moved', 'died'), deleted: fc.constantFrom(false, false, true) }),
      fc.record({ kind: fc.constant('pull' as const), visits: fc.array(fc.record({ n: fc.integer({ min: 0, max: 30 }), r: fc.nat(), spec: arbVisitSpec }), { minLength: 1, maxLength: 12 }) }),
      fc.record({ kind: fc.constant('visit' as const), n: fc.integer({ min: 0, max: 30 }), r: fc.nat(), spec: arbVisitSpec }),
      fc.record({ kind: fc.constant('void' as const), n: fc.integer({ min: 0, max: 30 }), how: fc.constantFrom('void', 'tombstone', 'delete', 'restore') }),
      fc.record({ kind: fc.constant('amend' as const), n: fc.integer({ min: 0, max: 6 }), visit: fc.integer({ min: 0, max: 30 }), changes: arbChanges, remove: fc.constantFrom(false, false, true) }),
      fc.record({ kind: fc.constant('assessments' as const), rows: fc.array(fc.record({ n: fc.integer({ min: 0, max: 14 }), r: fc.nat(), spec: arbAssessmentSpec, deleted: fc.boolean(), tai: fc.constantFrom(undefined, null, 'B3', 'I1') }), { minLength: 1, maxLength: 10 }) }),
      fc.record({ kind: fc.constant('plan' as const), n: fc.integer({ min: 0, max: 5 }), r: fc.nat(), spec: arbPlanSpec, remove: fc.constantFrom(false, false, true) }),
      fc.record({ kind: fc.constant('evict' as const), r: fc.nat() }),
    );
    type Step = typeof arbStep extends fc.Arbitrary<infer S> ? S : never;
    const apply = async (db: CareRoundsDb, step: Step): Promise<void> => {
      switch (step.kind) {
        case 'resident':
          await db.residents.put(residentRow(step.r, step.status, 'ก', step.deleted));
          return;
        case 'pull':
          await db.transaction('rw', [db.visits], async () => {
            const rows = step.visits.map((v) => ({ ...buildVisit(rid(v.r), v.spec), id: visitId(v.n), deletedAt: null }));
            await db.visits.bulkPut(rows as never[]);
          });
          return;
        case 'visit':
          await db.visits.put({ ...buildVisit(rid(step.r), step.spec), id: visitId(step.n), deletedAt: null } as never);
          return;
        case 'void': {
          const v = await db.visits.get(visitId(step.n));
          if (v === undefined) return;
          if (step.how === 'delete') await db.visits.delete(v.id);
          else if (step.how === 'restore') await db.visits.put({ ...v, deletedAt: null, voidReason: undefined } as never);
          else await db.visits.put(step.how === 'void' ? ({ ...v, voidReason: 'wrong resident' } as never) : { ...v, deletedAt: TOMB });
          return;
        }
        case 'amend': {
          if (step.remove) {
            await db.visitAmendments.delete(testUuid(3, step.n));
            return;
          }
          const v = await db.visits.get(visitId(step.visit));
          if (v === undefined) return;
          await db.visitAmendments.put({ ...buildAmendment(v.id, v.residentId, step.changes, step.n), id: testUuid(3, step.n), deletedAt: null } as never);
          return;
        }
        case 'assessments': {
          const rows = step.rows.map((a) => ({ ...buildAssessment(testUuid(4, a.n), rid(a.r), a.spec), ...(a.tai === undefined ? {} : { taiGroup: a.tai }), deletedAt: a.deleted ? TOMB : null }));
          await db.assessments.bulkPut([...new Map(rows.map((r) => [r.id, r])).values()] as never[]);
          return;
        }
        case 'plan':
          if (step.remove) await db.carePlans.delete(testUuid(5, step.n));
          else await db.carePlans.put({ ...buildPlan(rid(step.r), step.spec), id: testUuid(5, step.n), deletedAt: null } as never);
          return;
        case 'evict':
          await db.transaction('rw', [db.residents, db.visits, db.visitAmendments, db.assessments, db.carePlans], async () => {
            const r = rid(step.r);
            await db.visits.where('[residentId+startedAt]').between([r, ''], [r, '\uffff']).delete();
            await db.visitAmendments.where('residentId').equals(r).delete();
            await db.assessments.where('residentId').equals(r).delete();
            await db.carePlans.where('residentId').equals(r).delete();
            await db.residents.delete(r);
          });
          return;
      }
    };
    await fc.assert(
      fc.asyncProperty(fc.array(arbStep, { minLength: 1, maxLength: 30 }), async (steps) => {
        const db = await freshDb();
        try {
          for (const i of [0, 1, 2]) await db.residents.put(residentRow(i, 'active', 'ก'));
          for (const step of steps) await apply(db, step);
          await expectFactsEqualRecords(db);
        } finally {
          db.close();
        }
      }),
      { numRuns: 60 },
    );
  });

  it('a rebuild restores facts lost to a suspended write (and removes facts of records gone); the check catches a wrong or stray fact', async () => {
    const db = await freshDb();
    await db.residents.put(residentRow(0, 'active', 'ก'));
    await rebuildReadModels(db);
    expect(await checkReadModels(db)).toEqual({ ok: true });
    await db.transaction('rw', [db.residents, db.visits, db.assessments], async (tx) => {
      suspendReadModels(tx);
      await db.residents.put(residentRow(1, 'active', 'ข'));
      await db.assessments.put({ ...buildAssessment(testUuid(4, 1), rid(0), { day: 1, total: 3 }), deletedAt: null } as never);
      await db.visits.bulkPut([1, 2, 3].map((k) => ({ ...buildVisit(rid(k), { ...DONE, day: k }), id: visitId(k), deletedAt: null })) as never[]);
    });
    expect(await visitFacts(db)).toHaveLength(0);
    expect(await checkReadModels(db)).toEqual({ ok: false, reason: 'marker' });
    await ensureReadModels(db, { chunkSize: 1 });
    await expectFactsEqualRecords(db);
    expect(await checkReadModels(db)).toEqual({ ok: true });

    // A wrong resident fact, written around the model.
    await editResidentPack(db, rid(0), (facts) => facts.map((f) => (f.id === rid(0) ? { ...f, firstName: 'x' } : f)));
    expect(await checkReadModels(db, { sample: 3, random: () => 0 })).toEqual({ ok: false, reason: 'sample' });
    await rebuildReadModels(db);
    // A visit pack that disagrees with the records: a fact changed in it, then one missing from it, then a
    // stray fact whose visit does not exist.
    const fact = await visitFact(db, visitId(1));
    const pack = fact === undefined ? undefined : await db.reportVisitPacks.get(visitPackKey(fact));
    if (pack === undefined) throw new Error('visit 1 has no fact in a pack');
    await db.reportVisitPacks.put({ ...pack, facts: pack.facts.map((f) => (f.id === visitId(1) ? { ...f, minutes: 999 } : f)) });
    expect(await checkReadModels(db, { sample: 3, random: () => 0 })).toEqual({ ok: false, reason: 'sample' });
    await db.reportVisitPacks.put({ ...pack, facts: pack.facts.filter((f) => f.id !== visitId(1)) });
    expect(await checkReadModels(db, { sample: 3, random: () => 0 })).toEqual({ ok: false, reason: 'sample' });
    await db.reportVisitPacks.put({ ...pack, facts: [...pack.facts, { ...(fact as VisitFact), id: visitId(9) }] });
    // Found when that pack is sampled (the check samples packs by position).
    const keys = await db.reportVisitPacks.toCollection().primaryKeys();
    const position = (keys.indexOf(pack.key) + 0.5) / keys.length;
    expect(await checkReadModels(db, { sample: 3, random: () => position })).toEqual({ ok: false, reason: 'sample' });
    await rebuildReadModels(db);
    await expectFactsEqualRecords(db);
    // A stray resident fact whose resident does not exist: more facts than residents.
    const copy = { ...(await residentFact(db, rid(0))), id: rid(3) } as ResidentFact;
    await editResidentPack(db, rid(3), (facts) => [...facts, copy].sort((a, b) => (a.id < b.id ? -1 : 1)));
    expect(await checkReadModels(db)).toEqual({ ok: false, reason: 'count' });
    await rebuildReadModels(db);
    await expectFactsEqualRecords(db);
    expect(await checkReadModels(db)).toEqual({ ok: true });
  });

  it('writes made while a rebuild computes the visit packs are not lost (the journal recomputes them)', async () => {
    const db = await freshDb();
    await db.residents.bulkPut([0, 1].map((i) => residentRow(i, 'active', 'ก')));
    await db.visits.bulkPut(Array.from({ length: 30 }, (_, k) => ({ ...buildVisit(rid(k), { ...DONE, day: k * 3 }), id: visitId(k), deletedAt: null })) as never[]);
    // Chunks of one visit: the writes below land between the rebuild's chunks, after it read their visits.
    const rebuild = rebuildReadModels(db, { chunkSize: 1 });
    for (let k = 0; k < 10; k++) {
      await db.visits.put({ ...buildVisit(rid(k), { ...DONE, day: 200 + k }), id: visitId(k), deletedAt: null } as never);
      await db.visits.put({ ...buildVisit(rid(k), { ...DONE, day: k }), id: visitId(100 + k), deletedAt: null } as never);
    }
    await db.visits.delete(visitId(29));
    await rebuild;
    await expectFactsEqualRecords(db);
    expect(await checkReadModels(db, { sample: 30 })).toEqual({ ok: true });
  });

  it('resident writes made while a rebuild computes the resident packs are not lost (the journal recomputes them)', async () => {
    const db = await freshDb();
    const ids = Array.from({ length: 12 }, (_, i) => testUuid(6, i + 1));
    const resident = (i: number, status: ResidentStatus, name: string): Resident => ({ ...residentRow(0, status, name), id: ids[i] ?? '' });
    await db.residents.bulkPut(ids.map((_, i) => resident(i, 'active', 'ก')));
    await ensureReadModels(db);
    // Chunks of one resident: the writes below land between the rebuild's chunks, after it read some of them.
    const rebuild = rebuildReportFacts(db, 1);
    for (let i = 0; i < 11; i++) {
      await db.residents.put(resident(i, 'moved', `ข${i}`));
      await db.assessments.put({ ...buildAssessment(testUuid(4, 10 + i), ids[i] ?? '', { day: 3, total: 4 }), deletedAt: null } as never);
    }
    await db.residents.delete(ids[11] ?? '');
    await rebuild;
    await expectFactsEqualRecords(db);
    expect(await residentFact(db, ids[1] ?? '')).toMatchObject({ firstName: 'ข1', status: 'moved' });
    expect(await residentFact(db, ids[11] ?? '')).toBeUndefined();
  });

  it('the end of a bootstrap (records stored with maintenance suspended) builds the facts', async () => {
    const db = await freshDb();
    await db.transaction('rw', [db.residents, db.visits, db.visitAmendments], async (tx) => {
      suspendReadModels(tx);
      await db.residents.bulkPut([0, 1].map((i) => residentRow(i, 'active', 'ก')));
      await db.visits.bulkPut([1, 2, 3].map((k) => ({ ...buildVisit(rid(k), { ...DONE, day: k }), id: visitId(k), deletedAt: null })) as never[]);
      await db.visitAmendments.put({ ...buildAmendment(visitId(2), rid(2), { 'vitals.pulse': 140 }, 1), id: testUuid(3, 1), deletedAt: null } as never);
    });
    expect(await residentFacts(db)).toHaveLength(0);
    await installDigests(db, [], [0, 1].map(rid));
    expect(await residentFacts(db)).toHaveLength(2);
    expect(await visitFacts(db)).toHaveLength(3);
    await expectFactsEqualRecords(db);
  });

  it('readReportFacts reads the period from the read models, equal to the facts derived from the records; while they are not trusted it derives them', async () => {
    const db = await freshDb();
    for (const i of [0, 1, 2]) await db.residents.put(residentRow(i, 'active', 'ก'));
    await db.residents.put(residentRow(3, 'active', 'ก', true));
    await db.assessments.put({ ...buildAssessment(testUuid(4, 1), rid(1), { day: 5, total: 6 }), taiGroup: 'C3', deletedAt: null } as never);
    await db.visits.bulkPut(Array.from({ length: 40 }, (_, k) => ({ ...buildVisit(rid(k), { ...DONE, day: k * 2, done: k % 5 !== 0 }), id: visitId(k), deletedAt: k % 7 === 0 ? TOMB : null })) as never[]);
    await rebuildReadModels(db);
    for (const [from, to] of [
      ['2024-01-01', '2024-01-31'],
      ['2024-02-01', '2024-02-29'],
      ['2024-01-15', '2024-01-15'],
      ['2025-01-01', '2025-01-31'],
    ] as const) {
      const read = await readReportFacts(db, from, to);
      expect(read).toEqual(await deriveReportFacts(db, from, to));
    }
    expect((await readReportFacts(db, '2024-01-01', '2024-01-31')).visits.length).toBeGreaterThan(10);

    // A marker that does not vouch (a rebuild under way): derived from the records, still equal.
    await db.reportVisitPacks.clear();
    await db.meta.delete(READ_MODELS_KEY);
    expect(await readReportFacts(db, '2024-01-01', '2024-01-31')).toEqual(await deriveReportFacts(db, '2024-01-01', '2024-01-31'));
  });
});
