import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { alertRowOf } from '../../../shared/alertRow';
import { ALERT_RULES } from '../../../shared/alerts';
import { digestOf } from '../../../shared/digest';
import type { Resident, ResidentStatus } from '../../../shared/resident';
import { ackFor, arbAssessmentSpec, arbChanges, arbPlanSpec, arbVisitSpec, buildAmendment, buildAssessment, buildPlan, buildVisit, testUuid } from '../../../test/fixtures/careHistory';
import { openStore, type CareRoundsDb } from '../db';
import { projectRegisterRow } from '../registerRows';
import { buildProfile, freshDbName } from '../testing';
import { checkAndRepair, checkReadModels, ensureReadModels, getReadModelStatus, isCurrentBuild, READ_MODELS_KEY, rebuildReadModels, subscribeReadModelStatus, suspendReadModels } from '.';
import { computeHead, REGISTER_HEAD_KEY } from './registerHead';

const opened: CareRoundsDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

async function freshDb(): Promise<CareRoundsDb> {
  const result = await openStore(freshDbName('readmodels'));
  if (!result.ok) throw new Error(result.detail);
  opened.push(result.db);
  return result.db;
}

const RESIDENTS = [0, 1, 2, 3].map((i) => testUuid(1, i + 1));
const rid = (i: number): string => RESIDENTS[i % RESIDENTS.length] ?? '';
const TOMB = '2026-01-01T00:00:00.000Z';
const profile = buildProfile({ nationalId: null, noIdReason: 'test' });

function residentRow(i: number, status: ResidentStatus, name: string, deleted = false): Resident {
  return { ...profile, id: rid(i), firstName: name, status, statusDate: null, statusReason: '', latestAdl: null, deletedAt: deleted ? TOMB : null } as unknown as Resident;
}

/** What every read model must equal: computed from scratch from the records in the database. */
async function expectKeptEqualsRebuilt(db: CareRoundsDb): Promise<void> {
  const [residents, visits, amendments, assessments, plans, acks, digests, alertRows, rows] = await Promise.all([
    db.residents.orderBy('id').toArray(),
    db.visits.toArray(),
    db.visitAmendments.toArray(),
    db.assessments.toArray(),
    db.carePlans.toArray(),
    db.alertAcks.toArray(),
    db.residentDigests.orderBy('id').toArray(),
    db.alertRows.orderBy('id').toArray(),
    db.registerRows.orderBy('id').toArray(),
  ]);
  const mine = <T extends { residentId: string }>(xs: T[], id: string): T[] => xs.filter((x) => x.residentId === id);
  const expected = residents.map((r) => digestOf(r, mine(visits, r.id), mine(amendments, r.id), mine(assessments, r.id), mine(plans, r.id), mine(acks, r.id)));
  expect(JSON.stringify(digests)).toBe(JSON.stringify(expected));
  expect(JSON.stringify(alertRows)).toBe(JSON.stringify(expected.map(alertRowOf)));
  expect(rows).toEqual(residents.map(projectRegisterRow));
  expect(await db.meta.get(REGISTER_HEAD_KEY)).toEqual(computeHead(rows));
}

// One step of a history. Row ids are drawn from small pools, so steps hit existing rows (updates, voids,
// deletes, re-pulls) as often as new ones.
const arbStep = fc.oneof(
  fc.record({ kind: fc.constant('resident' as const), r: fc.nat(), status: fc.constantFrom<ResidentStatus>('active', 'in_hospital', 'moved'), name: fc.constantFrom('ก', 'ข'), deleted: fc.constantFrom(false, false, true) }),
  fc.record({ kind: fc.constant('pull' as const), visits: fc.array(fc.record({ n: fc.integer({ min: 0, max: 40 }), r: fc.nat(), spec: arbVisitSpec }), { minLength: 1, maxLength: 12 }) }),
  fc.record({ kind: fc.constant('visit' as const), n: fc.integer({ min: 0, max: 40 }), r: fc.nat(), spec: arbVisitSpec }),
  fc.record({ kind: fc.constant('void' as const), n: fc.integer({ min: 0, max: 40 }), how: fc.constantFrom('void', 'tombstone', 'delete', 'restore') }),
  fc.record({ kind: fc.constant('amend' as const), n: fc.integer({ min: 0, max: 6 }), visit: fc.integer({ min: 0, max: 40 }), changes: arbChanges }),
  fc.record({ kind: fc.constant('assessment' as const), n: fc.integer({ min: 0, max: 8 }), r: fc.nat(), spec: arbAssessmentSpec, deleted: fc.boolean() }),
  fc.record({ kind: fc.constant('plan' as const), n: fc.integer({ min: 0, max: 5 }), r: fc.nat(), spec: arbPlanSpec }),
  fc.record({ kind: fc.constant('ack' as const), n: fc.integer({ min: 0, max: 8 }), r: fc.nat(), rule: fc.constantFrom(...ALERT_RULES), record: fc.integer({ min: 0, max: 40 }), remove: fc.boolean() }),
  fc.record({ kind: fc.constant('evict' as const), r: fc.nat() }),
  fc.record({ kind: fc.constant('move' as const), n: fc.integer({ min: 0, max: 40 }), r: fc.nat() }),
);
type Step = typeof arbStep extends fc.Arbitrary<infer S> ? S : never;

async function apply(db: CareRoundsDb, step: Step): Promise<void> {
  const visitId = (n: number): string => testUuid(2, n);
  switch (step.kind) {
    case 'resident':
      await db.residents.put(residentRow(step.r, step.status, step.name, step.deleted));
      return;
    case 'pull':
      // As the sync client stores a page: one transaction, one bulkPut per table.
      await db.transaction('rw', [db.residents, db.visits, db.outbox, db.syncState, db.meta], async () => {
        const existing = await db.visits.bulkGet(step.visits.map((v) => visitId(v.n)));
        const rows = step.visits.filter((_, i) => existing[i] === undefined).map((v) => ({ ...buildVisit(rid(v.r), v.spec), id: visitId(v.n), deletedAt: null, seq: 1 }));
        const unique = [...new Map(rows.map((r) => [r.id, r])).values()];
        await db.visits.bulkPut(unique as never[]);
        await db.syncState.put({ key: 'cursor', value: 'c' } as never);
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
      const v = await db.visits.get(visitId(step.visit));
      if (v === undefined) return;
      await db.visitAmendments.put({ ...buildAmendment(v.id, v.residentId, step.changes, step.n), id: testUuid(3, step.n), deletedAt: null } as never);
      return;
    }
    case 'assessment':
      await db.assessments.put({ ...buildAssessment(testUuid(4, step.n), rid(step.r), step.spec), deletedAt: step.deleted ? TOMB : null } as never);
      return;
    case 'plan':
      await db.carePlans.put({ ...buildPlan(rid(step.r), step.spec), id: testUuid(5, step.n), deletedAt: null } as never);
      return;
    case 'ack': {
      const id = testUuid(6, step.n);
      if (step.remove) await db.alertAcks.delete(id);
      else await db.alertAcks.put({ ...ackFor(step.rule, rid(step.r), step.record % 2 === 0 ? rid(step.r) : visitId(step.record)), id, deletedAt: null } as never);
      return;
    }
    case 'evict':
      // A community move off this device: the resident and everything attached to it, in one transaction.
      await db.transaction('rw', [db.residents, db.visits, db.visitAmendments, db.assessments, db.carePlans, db.alertAcks], async () => {
        const r = rid(step.r);
        await db.visits.where('[residentId+startedAt]').between([r, ''], [r, '\uffff']).delete();
        await db.visitAmendments.where('residentId').equals(r).delete();
        await db.assessments.where('residentId').equals(r).delete();
        await db.carePlans.where('residentId').equals(r).delete();
        await db.alertAcks.where('residentId').equals(r).delete();
        await db.residents.delete(r);
      });
      return;
    case 'move': {
      // A row that turns out to belong to another resident (both residents' digests change).
      const v = await db.visits.get(visitId(step.n));
      if (v !== undefined) await db.visits.put({ ...v, residentId: rid(step.r) });
      return;
    }
  }
}

describe('read models kept by the middleware', () => {
  it('property: after any history of writes, pulls, amendments, voids, deletes, restores and evictions, the kept read models equal a rebuild', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(arbStep, { minLength: 1, maxLength: 40 }), async (steps) => {
        const db = await freshDb();
        try {
          for (const [i, name] of ['ก', 'ข', 'ค'].entries()) await db.residents.put(residentRow(i, 'active', name));
          for (const step of steps) await apply(db, step);
          await expectKeptEqualsRebuilt(db);
        } finally {
          db.close();
        }
      }),
      { numRuns: 60 },
    );
  });

  it('folds a pulled page of new, later visits without recomputing, and the result still equals a rebuild', async () => {
    const db = await freshDb();
    await db.residents.put(residentRow(0, 'active', 'ก'));
    const base = { hour: 9, done: true, type: 'routine' as const, systolic: 120, pulse: 70, weight: 50, next: null };
    for (let page = 0; page < 3; page++) {
      const rows = Array.from({ length: 20 }, (_, k) => ({ ...buildVisit(rid(0), { ...base, day: page * 20 + k, weight: 50 + (k % 4) }), id: testUuid(2, page * 20 + k), deletedAt: null }));
      await db.visits.bulkPut(rows as never[]);
    }
    const d = await db.residentDigests.get(rid(0));
    expect(d?.visits).toBe(60);
    expect(d?.latest?.id).toBe(testUuid(2, 59));
    await expectKeptEqualsRebuilt(db);
  });

  it('a suspended transaction marks the read models stale; the check then fails and a rebuild makes them right', async () => {
    const db = await freshDb();
    await db.residents.put(residentRow(0, 'active', 'ก'));
    await rebuildReadModels(db);
    expect(await checkReadModels(db)).toEqual({ ok: true });
    const spec = { day: 10, hour: 9, done: true, type: 'routine' as const, systolic: 185, pulse: 70, weight: null, next: null };
    await db.transaction('rw', [db.visits], async (tx) => {
      suspendReadModels(tx);
      await db.visits.bulkPut([{ ...buildVisit(rid(0), spec), id: testUuid(2, 1), deletedAt: null }] as never[]);
    });
    expect((await db.residentDigests.get(rid(0)))?.visits).toBe(0); // not maintained
    expect(await checkReadModels(db)).toEqual({ ok: false, reason: 'marker' });
    const progress: number[] = [];
    await ensureReadModels(db, { onProgress: (p) => progress.push(p.done) });
    expect(progress).toEqual([0, 1]);
    expect(await checkReadModels(db)).toEqual({ ok: true });
    await expectKeptEqualsRebuilt(db);
  });

  it('the start-up check finds a digest that disagrees with the records, or a missing one, and ensureReadModels rebuilds', async () => {
    const db = await freshDb();
    for (const [i, name] of ['ก', 'ข'].entries()) await db.residents.put(residentRow(i, 'active', name));
    await rebuildReadModels(db);
    const d = await db.residentDigests.get(rid(0));
    if (!d) throw new Error('no digest');
    // Damage behind the middleware's back (as a crash of an older build might have left it).
    await db.residentDigests.put({ ...d, visits: 99 });
    expect(await checkReadModels(db, { sample: 4, random: () => 0 })).toEqual({ ok: false, reason: 'sample' });
    await db.residentDigests.delete(rid(1));
    expect(await checkReadModels(db)).toEqual({ ok: false, reason: 'count' });
    expect(await ensureReadModels(db)).toEqual({ ok: false, reason: 'count' });
    expect(await checkReadModels(db, { sample: 8 })).toEqual({ ok: true });
    await expectKeptEqualsRebuilt(db);
  });

  it('the start-up check finds an alert row that disagrees with its digest, or a missing one, and ensureReadModels rebuilds', async () => {
    const db = await freshDb();
    for (const [i, name] of ['ก', 'ข'].entries()) await db.residents.put(residentRow(i, 'active', name));
    await rebuildReadModels(db);
    const row = await db.alertRows.get(rid(0));
    if (!row) throw new Error('no alert row');
    expect(row).toMatchObject({ active: true, name: expect.stringContaining('ก') as unknown });
    await db.alertRows.put({ ...row, acked: ['reassessment_overdue:x:y'] });
    expect(await checkReadModels(db, { sample: 4, random: () => 0 })).toEqual({ ok: false, reason: 'sample' });
    await db.alertRows.delete(rid(1));
    expect(await checkReadModels(db)).toEqual({ ok: false, reason: 'count' });
    expect(await ensureReadModels(db)).toEqual({ ok: false, reason: 'count' });
    expect(await checkReadModels(db, { sample: 8 })).toEqual({ ok: true });
    await expectKeptEqualsRebuilt(db);
  });

  it('with verifyLater, a build its marker vouches for is verified only when the caller runs the check it was given', async () => {
    const db = await freshDb();
    for (const [i, name] of ['ก', 'ข'].entries()) await db.residents.put(residentRow(i, 'active', name));
    await rebuildReadModels(db);
    // A missing digest, behind the middleware's back: the marker still vouches for the build.
    await db.residentDigests.delete(rid(1));
    const later: (() => void)[] = [];
    await checkAndRepair(db, { verifyLater: (run) => later.push(run) });
    expect(getReadModelStatus()).toEqual({ phase: 'ready', rebuiltAt: null });
    expect(await db.residentDigests.get(rid(1))).toBeUndefined(); // not checked yet
    expect(later).toHaveLength(1);
    const verified = new Promise<void>((resolve) => {
      const stop = subscribeReadModelStatus(() => {
        const status = getReadModelStatus();
        if (status.phase === 'ready' && status.rebuiltAt !== null) {
          stop();
          resolve();
        }
      });
    });
    later[0]?.();
    await verified; // the full check found the missing digest and rebuilt
    await expectKeptEqualsRebuilt(db);
  });

  it('with verifyLater, a build without a current marker is rebuilt at once', async () => {
    const db = await freshDb();
    for (const [i, name] of ['ก', 'ข'].entries()) await db.residents.put(residentRow(i, 'active', name));
    await rebuildReadModels(db);
    await db.meta.delete(READ_MODELS_KEY);
    await db.residentDigests.clear();
    const later: (() => void)[] = [];
    await checkAndRepair(db, { verifyLater: (run) => later.push(run) });
    expect(later).toHaveLength(0);
    expect(getReadModelStatus()).toMatchObject({ phase: 'ready', rebuiltAt: expect.any(String) as unknown });
    expect(isCurrentBuild(await db.meta.get(READ_MODELS_KEY))).toBe(true);
    await expectKeptEqualsRebuilt(db);
  });

  it('a check whose store is gone does nothing, and a rebuild stopped between chunks leaves the models marked stale for the next owner', async () => {
    const db = await freshDb();
    for (const [i, name] of ['ก', 'ข', 'ค', 'ง'].entries()) await db.residents.put(residentRow(i, 'active', name));
    await rebuildReadModels(db);
    await db.meta.delete(READ_MODELS_KEY);
    await db.residentDigests.clear();
    await checkAndRepair(db, { verifyLater: () => undefined, stopped: () => true });
    expect(await db.residentDigests.count()).toBe(0);
    expect(await db.meta.get(READ_MODELS_KEY)).toBeUndefined();

    let chunks = 0;
    const progress = await rebuildReadModels(db, { chunkSize: 1, onProgress: () => void chunks++, stopped: () => chunks > 2 });
    expect(progress).toEqual({ done: 2, total: 4 });
    expect(await db.residentDigests.count()).toBe(2);
    expect(isCurrentBuild(await db.meta.get(READ_MODELS_KEY))).toBe(false);
    expect(await checkReadModels(db)).toEqual({ ok: false, reason: 'marker' });
  });

  it('a read model write that fails aborts the records write too', async () => {
    const db = await freshDb();
    await db.residents.put(residentRow(0, 'active', 'ก'));
    const refuse = (): never => {
      throw new Error('no digest');
    };
    db.residentDigests.hook('updating', refuse);
    try {
      await expect(
        db.transaction('rw', db.visits, async () => {
          await db.visits.put({ ...buildVisit(rid(0), { day: 1, hour: 9, done: true, type: 'routine', systolic: null, pulse: null, weight: null, next: null }), id: testUuid(2, 1), deletedAt: null } as never).catch(() => undefined);
        }),
      ).rejects.toThrow();
    } finally {
      db.residentDigests.hook('updating').unsubscribe(refuse);
    }
    expect(await db.visits.count()).toBe(0);
  });
});
