import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { EMPTY_FILTER, filterRegister, sortRegisterEntries, buildRegisterEntry } from '../../../shared/register';
import type { Resident, ResidentStatus } from '../../../shared/resident';
import { testUuid } from '../../../test/fixtures/careHistory';
import { openStore, type CareRoundsDb } from '../db';
import { projectRegisterRow, registerRowView, type RegisterRowRecord } from '../registerRows';
import { buildProfile, freshDbName } from '../testing';
import { checkReadModels, ensureReadModels, rebuildReadModels } from '.';
import { applyToHead, computeHead, HEAD_KEEP, HEAD_ROWS, headAgrees, readHeadRows, REGISTER_HEAD_KEY, type HeadSize, type RegisterHeadMeta } from './registerHead';

const opened: CareRoundsDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

async function freshDb(): Promise<CareRoundsDb> {
  const result = await openStore(freshDbName('head'));
  if (!result.ok) throw new Error(result.detail);
  opened.push(result.db);
  return result.db;
}

const profile = buildProfile({ nationalId: null, noIdReason: 'test' });
const NAMES = ['ก', 'กมล', 'ข', 'สมศรี', 'สมหญิง', 'อำไพ', 'Anna'];
const STATUSES: ResidentStatus[] = ['active', 'active', 'in_hospital', 'moved', 'died'];
const TOMB = '2026-01-01T00:00:00.000Z';

function resident(n: number, first: string, last: string, status: ResidentStatus, deleted: boolean): Resident {
  return { ...profile, id: testUuid(7, n), firstName: first, lastName: last, status, statusDate: null, statusReason: '', latestAdl: null, deletedAt: deleted ? TOMB : null } as unknown as Resident;
}

/** The register's own first rows under the default filter (shared/register.ts), as ids. */
function registerOrder(rows: readonly RegisterRowRecord[]): string[] {
  const entries = sortRegisterEntries(rows.map((r) => buildRegisterEntry(registerRowView(r))));
  return filterRegister(entries, EMPTY_FILTER).map((e) => e.resident.id);
}

/** A kept head answers like the register: a prefix of its order, long enough, and all of it when it says so. */
function expectHeadAnswers(head: RegisterHeadMeta | null | undefined, rows: readonly RegisterRowRecord[], size: HeadSize = { show: HEAD_ROWS, keep: HEAD_KEEP }): void {
  if (!head) throw new Error('no head');
  const order = registerOrder(rows);
  const ids = head.rows.map((r) => r.id);
  expect(ids).toEqual(order.slice(0, ids.length));
  if (head.all) expect(ids.length).toBe(order.length);
  else expect(ids.length).toBeGreaterThanOrEqual(size.show);
  expect(ids.length).toBeLessThanOrEqual(size.keep);
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const r of head.rows) expect(r).toEqual(byId.get(r.id));
}

const arbRow = fc.record({ n: fc.integer({ min: 0, max: 30 }), first: fc.constantFrom(...NAMES), last: fc.constantFrom(...NAMES), status: fc.constantFrom(...STATUSES), deleted: fc.boolean() });
const rowOf = (r: { n: number; first: string; last: string; status: ResidentStatus; deleted: boolean }): RegisterRowRecord => projectRegisterRow(resident(r.n, r.first, r.last, r.status, r.deleted));

describe('the register head (pure)', () => {
  it('property: computeHead is the first rows of the register under the default filter', () => {
    fc.assert(
      fc.property(fc.array(arbRow, { maxLength: 40 }), fc.integer({ min: 1, max: 8 }), (specs, show) => {
        const rows = [...new Map(specs.map((s) => [s.n, rowOf(s)])).values()];
        const size = { show, keep: show + 3 };
        expectHeadAnswers(computeHead(rows, size), rows, size);
      }),
    );
  });

  it('property: after any writes and removals, applyToHead still answers (or asks for a refill)', () => {
    fc.assert(
      fc.property(
        fc.array(arbRow, { maxLength: 30 }),
        fc.array(fc.oneof(fc.record({ put: fc.array(arbRow, { minLength: 1, maxLength: 4 }) }), fc.record({ remove: fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 3 }) })), { maxLength: 30 }),
        fc.integer({ min: 1, max: 5 }),
        (initial, steps, show) => {
          const size = { show, keep: show + 2 };
          const table = new Map(initial.map((s) => [s.n, rowOf(s)]));
          let head = computeHead([...table.values()], size);
          for (const step of steps) {
            let next: RegisterHeadMeta | null;
            if ('put' in step) {
              const puts = step.put.map(rowOf);
              for (const [i, p] of puts.entries()) table.set(step.put[i]?.n ?? 0, p);
              next = applyToHead(head, puts, [], size);
            } else {
              const ids = step.remove.map((n) => testUuid(7, n));
              for (const n of step.remove) table.delete(n);
              next = applyToHead(head, [], ids, size);
            }
            head = next ?? computeHead([...table.values()], size);
            expectHeadAnswers(head, [...table.values()], size);
          }
        },
      ),
    );
  });

  it('readHeadRows answers only with enough rows, or all of them', () => {
    const rows = Array.from({ length: HEAD_ROWS }, (_, i) => rowOf({ n: i, first: 'ก', last: String(i), status: 'active', deleted: false }));
    expect(readHeadRows({ key: REGISTER_HEAD_KEY, rows, all: false })).toHaveLength(HEAD_ROWS);
    expect(readHeadRows({ key: REGISTER_HEAD_KEY, rows: rows.slice(1), all: false })).toBeNull();
    expect(readHeadRows({ key: REGISTER_HEAD_KEY, rows: [], all: true })).toEqual([]);
    expect(readHeadRows({ key: REGISTER_HEAD_KEY, epoch: 'x', rows })).toBeNull(); // the earlier epoch-checked head
    expect(readHeadRows(undefined)).toBeNull();
  });
});

// Steps on a register larger than the head: renames, archivals, deletes, restores and bulk pulls, so the
// head fills, overflows, loses rows and is refilled.
const arbStep = fc.oneof(
  fc.record({ kind: fc.constant('put' as const), rows: fc.array(fc.record({ n: fc.integer({ min: 0, max: 89 }), first: fc.constantFrom(...NAMES), last: fc.constantFrom(...NAMES), status: fc.constantFrom(...STATUSES), deleted: fc.boolean() }), { minLength: 1, maxLength: 25 }) }),
  fc.record({ kind: fc.constant('delete' as const), ns: fc.array(fc.integer({ min: 0, max: 89 }), { minLength: 1, maxLength: 25 }) }),
  fc.record({ kind: fc.constant('clearSome' as const), below: fc.integer({ min: 0, max: 89 }) }),
  fc.record({ kind: fc.constant('rollback' as const), n: fc.integer({ min: 0, max: 89 }) }),
);

describe('the register head kept by the read-model middleware', () => {
  it('property: after any history of writes the kept head answers like the register over registerRows', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 80 }), fc.array(arbStep, { minLength: 1, maxLength: 12 }), async (start, steps) => {
        const db = await freshDb();
        try {
          await db.residents.bulkPut(Array.from({ length: start }, (_, i) => resident(i, NAMES[i % NAMES.length] ?? 'ก', String(i % 9), 'active', false)));
          for (const step of steps) {
            if (step.kind === 'put') await db.residents.bulkPut(step.rows.map((r) => resident(r.n, r.first, r.last, r.status, r.deleted)));
            else if (step.kind === 'delete') await db.residents.bulkDelete(step.ns.map((n) => testUuid(7, n)));
            else if (step.kind === 'clearSome') await db.residents.where('id').below(testUuid(7, step.below)).delete();
            else
              await db
                .transaction('rw', db.residents, async () => {
                  await db.residents.put(resident(step.n, 'ก', 'ก', 'active', false));
                  throw new Error('rolled back');
                })
                .catch(() => undefined);
            expectHeadAnswers((await db.meta.get(REGISTER_HEAD_KEY)) as RegisterHeadMeta | undefined, await db.registerRows.toArray());
          }
        } finally {
          db.close();
        }
      }),
      { numRuns: 25 },
    );
  });

  it('is there from the first write on an empty device, and a rebuild computes the same', async () => {
    const db = await freshDb();
    await db.residents.put(resident(1, 'สมศรี', 'ใจดี', 'active', false));
    const kept = (await db.meta.get(REGISTER_HEAD_KEY)) as RegisterHeadMeta | undefined;
    expect(kept?.all).toBe(true);
    expect(kept?.rows.map((r) => r.id)).toEqual([testUuid(7, 1)]);
    await rebuildReadModels(db);
    expect(await db.meta.get(REGISTER_HEAD_KEY)).toEqual(kept);
    expect(await checkReadModels(db)).toEqual({ ok: true });
  });

  it('the start-up check finds a missing or wrong head and rebuilds it alone', async () => {
    const db = await freshDb();
    await db.residents.bulkPut(Array.from({ length: 50 }, (_, i) => resident(i, NAMES[i % NAMES.length] ?? 'ก', String(i), 'active', false)));
    await rebuildReadModels(db);
    const head = (await db.meta.get(REGISTER_HEAD_KEY)) as RegisterHeadMeta;
    const all = await db.registerRows.toArray();
    // Every resident sampled, in turn (a random sample could miss the one row that is wrong).
    const sampleAll = { sample: 50, random: ((k) => () => (k++ % 50) / 50)(0) };

    // A head missing a row that belongs (as a write behind the middleware's back would leave it).
    await db.meta.put({ ...head, rows: head.rows.filter((_, i) => i !== 3) });
    expect(await checkReadModels(db, sampleAll)).toEqual({ ok: false, reason: 'head' });
    const digestsBefore = await db.residentDigests.toArray();
    // Too short to paint a screenful and not marked as the whole register: found whatever the sample (with
    // `all` left true, only a sample that hits one of the missing rows would find it).
    await db.meta.put({ ...head, all: false, rows: head.rows.slice(0, HEAD_ROWS - 1) });
    expect(await ensureReadModels(db)).toEqual({ ok: false, reason: 'head' });
    expect(await checkReadModels(db, sampleAll)).toEqual({ ok: true });
    expect(await db.residentDigests.toArray()).toEqual(digestsBefore);
    expectHeadAnswers((await db.meta.get(REGISTER_HEAD_KEY)) as RegisterHeadMeta, all);

    // Out of order, a row that differs from registerRows, too short, missing.
    const swapped = [...head.rows];
    [swapped[0], swapped[1]] = [swapped[1] as RegisterRowRecord, swapped[0] as RegisterRowRecord];
    for (const wrong of [
      { ...head, rows: swapped },
      { ...head, rows: head.rows.map((r, i) => (i === 0 ? { ...r, nickname: 'แดง' } : r)) },
      { ...head, rows: head.rows.slice(0, HEAD_ROWS - 1) },
    ]) {
      await db.meta.put(wrong);
      expect(await checkReadModels(db, sampleAll)).toEqual({ ok: false, reason: 'head' });
    }
    await db.meta.delete(REGISTER_HEAD_KEY);
    expect(await checkReadModels(db, sampleAll)).toEqual({ ok: false, reason: 'head' });
    await ensureReadModels(db);
    expect(headAgrees(await db.meta.get(REGISTER_HEAD_KEY), head.rows, all)).toBe(true);
  });
});
