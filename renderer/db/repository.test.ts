import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResidentData } from '../../shared/resident';
import { openStore, type CareRoundsDb } from './db';
import { isStoreError } from './errors';
import { isUuidV7 } from './ids';
import { readDevice, readHlcState, readMid } from './meta';
import {
  acknowledgeOutbox,
  createRecord,
  deleteRecord,
  oldestPendingAt,
  patchRecord,
  pendingOutboxCount,
  restoreRecord,
  type OutboxEntry,
  type WriteCtx,
} from './repository';
import { buildAssessmentData, buildProfile, freshDbName, steppingClock } from './testing';

const opened: CareRoundsDb[] = [];

async function freshDb(name = freshDbName('repo')): Promise<CareRoundsDb> {
  const result = await openStore(name);
  if (!result.ok) throw new Error(`open failed: ${result.code} ${result.detail}`);
  opened.push(result.db);
  return result.db;
}

afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

function residentData(overrides: Partial<ResidentData> = {}): ResidentData {
  return { ...buildProfile(), status: 'active', statusDate: null, statusReason: '', latestAdl: null, ...overrides };
}

const T0 = Date.UTC(2025, 0, 31, 8, 15, 0);
const ctx = (now = steppingClock(T0)): WriteCtx => ({ userId: 'u-1', now });

async function outbox(db: CareRoundsDb): Promise<OutboxEntry[]> {
  return db.outbox.orderBy('mid').toArray();
}

async function expectRejectCode(p: Promise<unknown>, code: string): Promise<void> {
  const err: unknown = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isStoreError(err) ? err.code : err).toBe(code);
}

describe('createRecord', () => {
  it('writes the record with its envelope and one outbox entry, in step with the counters', async () => {
    const db = await freshDb();
    const device = await readDevice(db);
    const data = residentData();
    const r = await createRecord(db, 'residents', data, ctx());

    expect(isUuidV7(r.id)).toBe(true);
    expect(r).toMatchObject({
      ...data,
      createdAt: new Date(T0).toISOString(),
      createdBy: 'u-1',
      updatedAt: new Date(T0).toISOString(),
      updatedBy: 'u-1',
      deviceId: device?.deviceId,
      deletedAt: null,
      seq: 0,
      schemaVersion: 1,
    });
    expect(await db.residents.get(r.id)).toEqual(r);

    const [entry, ...rest] = await outbox(db);
    expect(rest).toEqual([]);
    expect(entry).toEqual({
      mid: 1,
      table: 'residents',
      recordId: r.id,
      op: 'create',
      fields: data,
      hlc: entry?.hlc,
      baseSeq: 0,
      schemaVersion: 1,
      userId: 'u-1',
      deviceId: device?.deviceId,
      createdAt: new Date(T0).toISOString(),
    });
    // Every data field, and only data fields, carry the create's stamp.
    expect(Object.keys(r.hlc).sort()).toEqual(Object.keys(data).sort());
    expect(new Set(Object.values(r.hlc))).toEqual(new Set([entry?.hlc]));
    expect(entry?.hlc.endsWith(device?.clientId ?? 'missing')).toBe(true);

    expect(await readMid(db)).toBe(1);
    expect((await readHlcState(db))?.node).toBe(device?.clientId);
  });

  it('takes the id a record type prescribes (availability: her user id), and never overwrites a record with it', async () => {
    const db = await freshDb();
    const userId = '0195f3a2-7c4e-7a10-9b2c-3d4e5f607182';
    const data = { userId, skills: [], workingDays: [1, 2, 3], startMinute: 480, endMinute: 960, weeklyVisitCap: 20, base: null };
    const r = await createRecord(db, 'availability', data, ctx(), { id: userId });
    expect(r.id).toBe(userId);
    expect((await outbox(db)).map((e) => [e.recordId, e.op])).toEqual([[userId, 'create']]);
    const again: unknown = await createRecord(db, 'availability', { ...data, weeklyVisitCap: 5 }, ctx(), { id: userId }).then(
      () => 'written',
      (e: unknown) => (e instanceof Error ? e.name : e),
    );
    expect(again).toBe('ConstraintError');
    expect((await db.availability.get(userId))?.weeklyVisitCap).toBe(20);
    expect(await outbox(db)).toHaveLength(1);
  });
  it('ignores envelope keys smuggled into the data', async () => {
    const db = await freshDb();
    const smuggled = { ...residentData(), id: 'x', seq: 99, deletedAt: 'zzz' } as ResidentData;
    const r = await createRecord(db, 'residents', smuggled, ctx());
    expect(r.id).not.toBe('x');
    expect(r.seq).toBe(0);
    expect(r.deletedAt).toBeNull();
    expect((await outbox(db))[0]?.fields).not.toHaveProperty('id');
  });
});

describe('patchRecord', () => {
  it('writes only changed fields and moves only their clocks', async () => {
    const db = await freshDb();
    const clock = steppingClock(T0);
    const r = await createRecord(db, 'residents', residentData(), ctx(clock));
    await db.residents.update(r.id, { seq: 7 }); // as if pulled from the server at seq 7

    const p = await patchRecord(db, 'residents', r.id, { nickname: 'ป้าศรี', notes: '', phones: r.phones }, ctx(clock));
    const entries = await outbox(db);
    expect(entries).toHaveLength(2);
    const patch = entries[1];
    expect(patch).toMatchObject({ mid: 2, op: 'patch', recordId: r.id, fields: { nickname: 'ป้าศรี' }, baseSeq: 7 });
    expect((patch?.hlc ?? '') > (entries[0]?.hlc ?? '')).toBe(true);

    expect(p.nickname).toBe('ป้าศรี');
    expect(p.hlc.nickname).toBe(patch?.hlc);
    for (const [k, stamp] of Object.entries(p.hlc)) if (k !== 'nickname') expect(stamp, k).toBe(r.hlc[k]);
    expect(p.createdAt).toBe(r.createdAt);
    expect(p.updatedAt).toBe(new Date(T0 + 1000).toISOString());
    expect(p.seq).toBe(7);
    expect(await db.residents.get(r.id)).toEqual(p);
  });

  it('writes nothing when nothing really changes (deep JSON equality, key order, undefined)', async () => {
    const db = await freshDb();
    const r = await createRecord(db, 'residents', residentData(), ctx());
    const before = { record: await db.residents.get(r.id), mid: await readMid(db), hlc: await readHlcState(db) };

    const sameAddress = Object.fromEntries(Object.entries(r.address).reverse()) as typeof r.address;
    const same = await patchRecord(db, 'residents', r.id, { address: sameAddress, phones: [{ label: 'มือถือ', number: '0812345678' }], nickname: undefined, gps: null }, ctx());

    expect(same).toEqual(before.record);
    expect(await db.residents.get(r.id)).toEqual(before.record);
    expect(await outbox(db)).toHaveLength(1);
    expect(await readMid(db)).toBe(before.mid);
    expect(await readHlcState(db)).toEqual(before.hlc);
  });

  it('refuses unknown ids and envelope fields', async () => {
    const db = await freshDb();
    await expectRejectCode(patchRecord(db, 'residents', 'nope', { notes: 'x' }, ctx()), 'record.notFound');
    const r = await createRecord(db, 'residents', residentData(), ctx());
    const sneaky = { seq: 5 } as Partial<ResidentData>;
    await expectRejectCode(patchRecord(db, 'residents', r.id, sneaky, ctx()), 'record.invalidField');
    expect(await outbox(db)).toHaveLength(1);
  });
});

describe('deleteRecord / restoreRecord', () => {
  it('tombstones without removing, refuses patches, and restores', async () => {
    const db = await freshDb();
    const clock = steppingClock(T0);
    const r = await createRecord(db, 'residents', residentData(), ctx(clock));

    const d = await deleteRecord(db, 'residents', r.id, ctx(clock));
    const del = (await outbox(db))[1];
    expect(del).toMatchObject({ mid: 2, op: 'delete', recordId: r.id, fields: {} });
    expect(d.deletedAt).toBe(del?.hlc);
    expect(await db.residents.count()).toBe(1);
    expect((await db.residents.get(r.id))?.deletedAt).toBe(del?.hlc);

    await expectRejectCode(patchRecord(db, 'residents', r.id, { notes: 'after delete' }, ctx(clock)), 'record.deleted');
    // deleting twice is a no-op
    await deleteRecord(db, 'residents', r.id, ctx(clock));
    expect(await readMid(db)).toBe(2);

    const back = await restoreRecord(db, 'residents', r.id, ctx(clock));
    expect(back.deletedAt).toBeNull();
    expect((await outbox(db))[2]).toMatchObject({ mid: 3, op: 'restore', fields: {} });
    await restoreRecord(db, 'residents', r.id, ctx(clock)); // no-op
    await patchRecord(db, 'residents', r.id, { notes: 'back' }, ctx(clock));
    expect((await outbox(db)).map((e) => e.op)).toEqual(['create', 'delete', 'restore', 'patch']);
  });
});

describe('immutable records', () => {
  it('refuses editing or deleting an assessment (only voiding)', async () => {
    const db = await freshDb();
    const a = await createRecord(db, 'assessments', buildAssessmentData('r-1', '2025-01-10', 8), ctx());
    await expectRejectCode(patchRecord(db, 'assessments', a.id, { notes: 'changed' }, ctx()), 'record.immutable');
    await expectRejectCode(deleteRecord(db, 'assessments', a.id, ctx()), 'record.immutable');
    expect(await db.assessments.get(a.id)).toEqual(a);
    expect(await pendingOutboxCount(db)).toBe(1);
  });
});

describe('atomicity', () => {
  it('a failing outbox write leaves neither record nor entry, and the counters unchanged', async () => {
    const db = await freshDb();
    const clock = steppingClock(T0);
    const first = await createRecord(db, 'residents', residentData({ nationalId: '1000000000001' }), ctx(clock));
    const hlcBefore = await readHlcState(db);

    const fail = () => {
      throw new Error('disk says no');
    };
    db.outbox.hook('creating', fail);
    await expect(createRecord(db, 'residents', residentData({ nationalId: '1000000000002' }), ctx(clock))).rejects.toThrow('disk says no');
    await expect(patchRecord(db, 'residents', first.id, { notes: 'lost?' }, ctx(clock))).rejects.toThrow('disk says no');
    await expect(deleteRecord(db, 'residents', first.id, ctx(clock))).rejects.toThrow('disk says no');
    db.outbox.hook('creating').unsubscribe(fail);

    expect(await db.residents.toArray()).toEqual([first]);
    expect((await outbox(db)).map((e) => e.mid)).toEqual([1]);
    expect(await readMid(db)).toBe(1);
    expect(await readHlcState(db)).toEqual(hlcBefore);

    const next = await createRecord(db, 'residents', residentData({ nationalId: '1000000000003' }), ctx(clock));
    expect((await outbox(db)).map((e) => [e.mid, e.recordId])).toEqual([
      [1, first.id],
      [2, next.id],
    ]);
  });

  it('a failing record write leaves no outbox entry', async () => {
    const db = await freshDb();
    const r = await createRecord(db, 'residents', residentData(), ctx());
    const fail = () => {
      throw new Error('record write failed');
    };
    db.residents.hook('updating', fail);
    await expect(patchRecord(db, 'residents', r.id, { notes: 'x' }, ctx())).rejects.toThrow('record write failed');
    db.residents.hook('updating').unsubscribe(fail);
    expect(await pendingOutboxCount(db)).toBe(1);
    expect(await readMid(db)).toBe(1);
  });
});

describe('mids and clocks', () => {
  it('mids are consecutive across many writes, no-ops and acknowledgements; HLC strictly increases', async () => {
    const db = await freshDb();
    const clock = steppingClock(T0, 0); // frozen wall clock: the HLC counter must carry the order
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await createRecord(db, 'residents', residentData({ nationalId: null, firstName: `n${i}` }), ctx(clock))).id);
    for (const [i, id] of ids.entries()) {
      await patchRecord(db, 'residents', id, { notes: `note ${i % 3}` }, ctx(clock));
      await patchRecord(db, 'residents', id, { notes: `note ${i % 3}` }, ctx(clock)); // no-op
      if (i % 4 === 0) await deleteRecord(db, 'residents', id, ctx(clock));
    }
    let entries = await outbox(db);
    expect(entries.map((e) => e.mid)).toEqual(Array.from({ length: 12 + 12 + 3 }, (_, i) => i + 1));
    expect(entries.every((e, i) => i === 0 || e.hlc > (entries[i - 1]?.hlc ?? ''))).toBe(true);

    expect(await acknowledgeOutbox(db, 20)).toBe(20);
    await patchRecord(db, 'residents', ids[1] ?? '', { notes: 'after ack' }, ctx(clock));
    entries = await outbox(db);
    expect(entries.map((e) => e.mid)).toEqual([21, 22, 23, 24, 25, 26, 27, 28]);
  });

  it('the clock and counter survive closing the database, even if the wall clock goes back', async () => {
    const name = freshDbName('reopen');
    const db1 = await freshDb(name);
    const r = await createRecord(db1, 'residents', residentData(), ctx(() => T0 + 60_000));
    const firstStamp = (await outbox(db1))[0]?.hlc ?? '';
    const device = await readDevice(db1);
    db1.close();

    const db2 = await freshDb(name);
    expect(await readDevice(db2)).toEqual(device);
    await patchRecord(db2, 'residents', r.id, { notes: 'later, but the clock says earlier' }, ctx(() => T0));
    const [, second] = await outbox(db2);
    expect(second?.mid).toBe(2);
    expect((second?.hlc ?? '') > firstStamp).toBe(true);
  });

  it('reports pending count and the oldest pending change', async () => {
    const db = await freshDb();
    expect(await pendingOutboxCount(db)).toBe(0);
    expect(await oldestPendingAt(db)).toBeNull();
    const clock = steppingClock(T0, 60_000);
    const r = await createRecord(db, 'residents', residentData(), ctx(clock));
    await patchRecord(db, 'residents', r.id, { notes: 'x' }, ctx(clock));
    expect(await pendingOutboxCount(db)).toBe(2);
    expect(await oldestPendingAt(db)).toBe(new Date(T0).toISOString());
    await acknowledgeOutbox(db, 1);
    expect(await oldestPendingAt(db)).toBe(new Date(T0 + 60_000).toISOString());
  });
});

// Model check: after any sequence of writes, replaying the outbox reproduces every stored record's data,
// field clocks and tombstone, mids are 1..n and stamps strictly increase.
type Op =
  | { kind: 'create'; name: string }
  | { kind: 'patch'; target: number; field: 'nickname' | 'notes' | 'otherDiseases'; value: string }
  | { kind: 'delete'; target: number }
  | { kind: 'restore'; target: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), name: fc.constantFrom('ก', 'ข', 'ค') }),
  fc.record({
    kind: fc.constant('patch' as const),
    target: fc.nat(5),
    field: fc.constantFrom('nickname' as const, 'notes' as const, 'otherDiseases' as const),
    value: fc.constantFrom('', 'a', 'b'),
  }),
  fc.record({ kind: fc.constant('delete' as const), target: fc.nat(5) }),
  fc.record({ kind: fc.constant('restore' as const), target: fc.nat(5) }),
);

describe('outbox replay property', () => {
  it('outbox entries replay to the stored records', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), fc.integer({ min: 0, max: 2000 }), async (ops, step) => {
        const db = await freshDb();
        const c = ctx(steppingClock(T0, step));
        const ids: string[] = [];
        for (const op of ops) {
          const id = ids.length > 0 && op.kind !== 'create' ? ids[op.target % ids.length] : undefined;
          try {
            if (op.kind === 'create') ids.push((await createRecord(db, 'residents', residentData({ nationalId: null, firstName: op.name, nickname: '', notes: '', otherDiseases: '' }), c)).id);
            else if (id === undefined) continue;
            else if (op.kind === 'patch') await patchRecord(db, 'residents', id, { [op.field]: op.value }, c);
            else if (op.kind === 'delete') await deleteRecord(db, 'residents', id, c);
            else await restoreRecord(db, 'residents', id, c);
          } catch (err) {
            if (!isStoreError(err, 'record.deleted')) throw err;
          }
        }
        const entries = await outbox(db);
        expect(entries.map((e) => e.mid)).toEqual(entries.map((_, i) => i + 1));
        expect(await readMid(db)).toBe(entries.length);
        expect(entries.every((e, i) => i === 0 || e.hlc > (entries[i - 1]?.hlc ?? ''))).toBe(true);

        const replayed = new Map<string, { data: Record<string, unknown>; hlc: Record<string, string>; deletedAt: string | null }>();
        for (const e of entries) {
          const cur = replayed.get(e.recordId) ?? { data: {}, hlc: {}, deletedAt: null };
          Object.assign(cur.data, e.fields);
          for (const k of Object.keys(e.fields)) cur.hlc[k] = e.hlc;
          if (e.op === 'delete') cur.deletedAt = e.hlc;
          if (e.op === 'restore') cur.deletedAt = null;
          replayed.set(e.recordId, cur);
        }
        const stored = await db.residents.toArray();
        expect(stored).toHaveLength(replayed.size);
        for (const r of stored) {
          const want = replayed.get(r.id);
          expect(want).toBeDefined();
          expect(r).toMatchObject(want?.data ?? {});
          expect(r.hlc).toEqual(want?.hlc);
          expect(r.deletedAt).toBe(want?.deletedAt);
        }
        db.close();
      }),
      { numRuns: 25 },
    );
  });
});
