import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { Resident } from '../../../shared/resident';
import { CURRENT_DB_VERSION, openStore, type CareRoundsDb } from '../db';
import { projectRegisterRow } from '../registerRows';
import { patchRecord } from '../repository';
import { buildProfile, freshDbName } from '../testing';
import { v1 } from './v1';
import { v2 } from './v2';
import { v3 } from './v3';

const toClose: Dexie[] = [];
afterEach(() => {
  for (const db of toClose.splice(0)) db.close();
});

function resident(i: number): Resident {
  const at = new Date(Date.UTC(2024, 5, 1) + i * 60_000).toISOString();
  const stamp = `${at}-0000-00000000000000ab`;
  const data = {
    ...buildProfile({ firstName: `คนที่${i}`, nationalId: String(1100000000000 + i), communityId: `c-0${(i % 9) + 1}` }),
    status: i % 10 === 0 ? ('died' as const) : ('active' as const),
    statusDate: i % 10 === 0 ? '2024-05-01' : null,
    statusReason: '',
    latestAdl: i % 3 === 0 ? { assessmentId: `a-${i}`, total: 12, group: 'homebound' as const, assessedOn: '2024-04-01' } : null,
  };
  return {
    ...data,
    id: `r-${String(i).padStart(4, '0')}`,
    createdAt: at,
    createdBy: 'u',
    updatedAt: at,
    updatedBy: 'u',
    deviceId: 'dev-1',
    deletedAt: i % 25 === 0 ? stamp : null,
    seq: i % 2 === 0 ? i : 0,
    hlc: Object.fromEntries(Object.keys(data).map((k) => [k, stamp])),
    schemaVersion: 1,
  };
}

async function open(name: string): Promise<CareRoundsDb> {
  const opened = await openStore(name);
  if (!opened.ok) throw new Error(`${opened.code}: ${opened.detail}`);
  toClose.push(opened.db);
  return opened.db;
}

describe('v3 → v4 (registerRows)', () => {
  it('fills registerRows with the projection of every resident, keeps residents, and keeps it up to date after', async () => {
    const name = freshDbName('v3fixture');
    const old = new Dexie(name);
    old.version(1).stores(v1.stores);
    old.version(2).stores(v2.stores);
    old.version(3).stores(v3.stores);
    const residents = Array.from({ length: 300 }, (_, i) => resident(i));
    // A damaged row (most fields missing) must not fail the upgrade: the database would not open.
    const damaged = { id: 'r-9999', status: 'active', seq: 0 };
    await old.open();
    await old.table('residents').bulkAdd([...residents, damaged]);
    await old.table('meta').bulkAdd([{ key: 'mid', value: 0 }]);
    old.close();

    const db = await open(name);
    expect(db.verno).toBe(CURRENT_DB_VERSION);
    expect(await db.residents.orderBy('id').toArray()).toEqual([...residents, damaged]);
    expect(await db.registerRows.orderBy('id').toArray()).toEqual([...residents, damaged as unknown as Resident].map(projectRegisterRow));
    expect(await db.registerRows.get('r-9999')).toMatchObject({ firstName: '', address: expect.stringContaining('"houseNo":""'), phones: '[]', adlGroup: null });
    expect(await db.outbox.count()).toBe(0); // a local copy: nothing to sync

    await patchRecord(db, 'residents', 'r-0001', { firstName: 'เปลี่ยนแล้ว' }, { userId: 'u' });
    expect((await db.registerRows.get('r-0001'))?.firstName).toBe('เปลี่ยนแล้ว');
  });

  it('from v1: the v2 upgrade runs before the store exists, and v4 fills it from the upgraded rows', async () => {
    const name = freshDbName('v1to4');
    const old = new Dexie(name);
    old.version(1).stores(v1.stores);
    const v1Rows = Array.from({ length: 20 }, (_, i) => {
      const { latestAdl: _dropped, ...rest } = resident(i);
      return rest;
    });
    await old.open();
    await old.table('residents').bulkAdd(v1Rows);
    old.close();

    const db = await open(name);
    const stored = await db.residents.orderBy('id').toArray();
    expect(stored.every((r) => r.latestAdl === null)).toBe(true);
    expect(await db.registerRows.orderBy('id').toArray()).toEqual(stored.map(projectRegisterRow));
  });

  it('an empty v3 database upgrades to an empty registerRows', async () => {
    const name = freshDbName('v3empty');
    const old = new Dexie(name);
    old.version(1).stores(v1.stores);
    old.version(2).stores(v2.stores);
    old.version(3).stores(v3.stores);
    await old.open();
    old.close();
    const db = await open(name);
    expect(db.verno).toBe(CURRENT_DB_VERSION);
    expect(await db.registerRows.count()).toBe(0);
  });
});
