import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { CURRENT_DB_VERSION, openStore, type CareRoundsDb } from '../db';
import { createRecord } from '../repository';
import { buildProfile, freshDbName } from '../testing';
import { v1 } from './v1';
import { v2 } from './v2';

const toClose: Dexie[] = [];
afterEach(() => {
  for (const db of toClose.splice(0)) db.close();
});

describe('v2 → v3 (sync tables)', () => {
  it('keeps every v2 row and outbox entry, and adds the sync stores and bucket indexes', async () => {
    const name = freshDbName('v2fixture');
    const old = new Dexie(name);
    old.version(1).stores(v1.stores);
    old.version(2).stores(v2.stores);
    const residents = Array.from({ length: 50 }, (_, i) => ({ id: `r-${String(i).padStart(3, '0')}`, communityId: 'c-01', status: 'active', nationalId: null, latestAdl: null, seq: 0 }));
    const outbox = residents.slice(0, 5).map((r, i) => ({ mid: i + 1, table: 'residents', recordId: r.id, op: 'create', fields: {}, hlc: '2025-01-01T00:00:00.000Z-0000-00000000000000ab', baseSeq: 0, schemaVersion: 1, userId: 'u', deviceId: 'd', createdAt: '2025-01-01T00:00:00.000Z' }));
    await old.open();
    await old.table('residents').bulkAdd(residents);
    await old.table('outbox').bulkAdd(outbox);
    await old.table('meta').bulkAdd([{ key: 'mid', value: 5 }]);
    old.close();

    const opened = await openStore(name);
    if (!opened.ok) throw new Error(`${opened.code}: ${opened.detail}`);
    const db: CareRoundsDb = opened.db;
    toClose.push(db);
    expect(db.verno).toBe(CURRENT_DB_VERSION);
    expect(await db.residents.orderBy('id').toArray()).toEqual(residents);
    expect(await db.outbox.orderBy('mid').toArray()).toEqual(outbox);
    expect(await db.conflicts.count()).toBe(0);
    expect(await db.syncState.count()).toBe(0);
    expect(await db.syncRejected.count()).toBe(0);

    // Pulled rows carry a bucket and are found by it; local-only rows (no bucket) are not.
    await db.table('residents').update('r-001', { bucket: 'c:c-01' });
    expect(await db.residents.where('bucket').equals('c:c-01').primaryKeys()).toEqual(['r-001']);
    // The outbox continues from the stored counter.
    await createRecord(db, 'residents', { ...buildProfile(), status: 'active', statusDate: null, statusReason: '', latestAdl: null }, { userId: 'u' });
    expect((await db.outbox.orderBy('mid').last())?.mid).toBe(6);
  });
});
