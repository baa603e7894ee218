import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { cellsOf } from '../../../shared/rounds/cells';
import { roundVisitOf, uuid, WEEK } from '../../../shared/rounds/testWeek';
import { openStore, type CareRoundsDb } from '../db';
import { createRecord, runWrite, type WriteCtx } from '../repository';
import { freshDbName, steppingClock } from '../testing';
import { checkReadModels, installDigests, rebuildReadModels, suspendReadModels } from '.';

const opened: CareRoundsDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

async function freshDb(): Promise<CareRoundsDb> {
  const result = await openStore(freshDbName('roundcells'));
  if (!result.ok) throw new Error(result.detail);
  opened.push(result.db);
  return result.db;
}

const cm: WriteCtx = { userId: 'cm-1', now: steppingClock() };
const CAREGIVERS = [uuid(1, 1), uuid(1, 2)];
const DATES = ['2026-10-12', '2026-10-13', '2026-10-14'];
const NEXT_WEEK = ['2026-10-19', '2026-10-19'];

/** What the read model must hold: cellOf over the records as stored, every week. */
async function expectCellsEqualRecords(db: CareRoundsDb): Promise<void> {
  const [rounds, cells] = await Promise.all([db.roundVisits.toArray(), db.roundCells.orderBy('key').toArray()]);
  expect(JSON.stringify(cells)).toBe(JSON.stringify(cellsOf(rounds).sort((a, b) => (a.key < b.key ? -1 : 1))));
}

describe('roundCells read model', () => {
  it('follows creates, moves, status changes and removals, each day of a move included', async () => {
    const db = await freshDb();
    const a = await createRecord(db, 'roundVisits', roundVisitOf({ caregiverId: CAREGIVERS[0], date: DATES[0], legKm: 1.5, communityId: 'c-02' }), cm);
    await createRecord(db, 'roundVisits', roundVisitOf({ caregiverId: CAREGIVERS[0], date: DATES[0], order: 1, legKm: 0.5 }), cm);
    expect(await db.roundCells.get(`${CAREGIVERS[0]} ${DATES[0]}`)).toMatchObject({ visits: 2, km: 2, communities: ['c-01', 'c-02'], drafts: 2 });

    await runWrite(db, ['roundVisits'], cm, (s) => s.patch('roundVisits', a.id, { caregiverId: CAREGIVERS[1] as string, date: DATES[1] as string, status: 'published' }));
    expect(await db.roundCells.get(`${CAREGIVERS[0]} ${DATES[0]}`)).toMatchObject({ visits: 1, km: 0.5, communities: ['c-01'] });
    expect(await db.roundCells.get(`${CAREGIVERS[1]} ${DATES[1]}`)).toMatchObject({ visits: 1, published: 1, drafts: 0 });

    await runWrite(db, ['roundVisits'], cm, (s) => s.tombstone('roundVisits', a.id));
    expect(await db.roundCells.get(`${CAREGIVERS[1]} ${DATES[1]}`)).toBeUndefined();
    await expectCellsEqualRecords(db);
  });

  it('property: after any sequence of puts and deletes of round visits, the cells equal a recompute from the records', async () => {
    const arbRow = fc.record({ n: fc.nat(7), cg: fc.nat(1), day: fc.nat(4), status: fc.constantFrom('draft' as const, 'published' as const, 'cancelled' as const), locked: fc.boolean(), legKm: fc.nat(30), deleted: fc.boolean() });
    const arbStep = fc.oneof(fc.record({ kind: fc.constant('put' as const), rows: fc.array(arbRow, { minLength: 1, maxLength: 4 }) }), fc.record({ kind: fc.constant('delete' as const), n: fc.nat(7) }));
    await fc.assert(
      fc.asyncProperty(fc.array(arbStep, { minLength: 1, maxLength: 12 }), async (steps) => {
        const db = await freshDb();
        for (const step of steps) {
          if (step.kind === 'delete') {
            await db.roundVisits.delete(uuid(9, step.n));
            continue;
          }
          const rows = step.rows.map((r) => {
            const date = [...DATES, ...NEXT_WEEK][r.day] as string;
            return {
              ...roundVisitOf({ caregiverId: CAREGIVERS[r.cg], date, weekStart: date < '2026-10-19' ? WEEK : '2026-10-19', status: r.status, locked: r.locked, legKm: r.legKm / 10 }),
              id: uuid(9, r.n),
              deletedAt: r.deleted ? '2026-10-01T00:00:00.000Z' : null,
            };
          });
          await db.roundVisits.bulkPut(rows as never[]);
        }
        await expectCellsEqualRecords(db);
        db.close();
      }),
      { numRuns: 40 },
    );
  });

  it('a rebuild restores cells lost to a suspended write, and the start-up check catches a wrong cell', async () => {
    const db = await freshDb();
    await rebuildReadModels(db);
    await db.transaction('rw', db.roundVisits, async (tx) => {
      suspendReadModels(tx);
      await db.roundVisits.bulkPut([0, 1, 2].map((i) => ({ ...roundVisitOf({ caregiverId: CAREGIVERS[0], date: DATES[i] }), id: uuid(9, i), deletedAt: null })) as never[]);
    });
    expect(await db.roundCells.count()).toBe(0);
    expect((await checkReadModels(db)).ok).toBe(false);
    await rebuildReadModels(db);
    await expectCellsEqualRecords(db);
    expect(await checkReadModels(db)).toEqual({ ok: true });

    // A cell that disagrees with its records (written around the model) fails the check.
    await db.roundCells.toCollection().modify({ visits: 99 });
    expect(await checkReadModels(db, { sample: 3 })).toEqual({ ok: false, reason: 'sample' });
  });

  it('the end of a bootstrap (round visits stored with maintenance suspended) builds the cells', async () => {
    const db = await freshDb();
    await db.transaction('rw', db.roundVisits, async (tx) => {
      suspendReadModels(tx);
      await db.roundVisits.bulkPut([0, 1].map((i) => ({ ...roundVisitOf({ caregiverId: CAREGIVERS[i], date: DATES[i] }), id: uuid(9, i), deletedAt: null })) as never[]);
    });
    expect(await db.roundCells.count()).toBe(0);
    await installDigests(db, [], []);
    expect(await db.roundCells.count()).toBe(2);
    await expectCellsEqualRecords(db);
  });
});
