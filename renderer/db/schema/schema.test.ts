import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { Envelope } from '../../../shared/envelope';
import type { Resident } from '../../../shared/resident';
import { SEED_COMMUNITIES } from '../../../shared/reference/communities';
import { openStore, type CareRoundsDb } from '../db';
import { uuidv7 } from '../ids';
import { createRecord, patchRecord } from '../repository';
import { buildAssessmentData, buildProfile, freshDbName } from '../testing';
import { CURRENT_DB_VERSION, SCHEMA_VERSIONS } from './index';
import { v1 } from './v1';
import { v2 } from './v2';

const toClose: Dexie[] = [];
afterEach(() => {
  for (const db of toClose.splice(0)) db.close();
});

describe('schema version list', () => {
  it('starts at 1, has no gaps, ends at CURRENT_DB_VERSION', () => {
    expect(SCHEMA_VERSIONS.map((v) => v.version)).toEqual(SCHEMA_VERSIONS.map((_, i) => i + 1));
    expect(CURRENT_DB_VERSION).toBe(SCHEMA_VERSIONS.length);
  });

  it('never deletes a store that holds data (only a read model, derived from the records and rebuilt, may go)', () => {
    const readModelsRemoved = new Set(['v14.reportVisits', 'v15.reportResidents']); // replaced by reportVisitPacks, reportResidentPacks
    for (const v of SCHEMA_VERSIONS) {
      for (const [store, spec] of Object.entries(v.stores)) if (!readModelsRemoved.has(`v${v.version}.${store}`)) expect(spec, `v${v.version}.${store}`).not.toBeNull();
    }
  });
});

// A v1 record as v1 code wrote it: no latestAdl.
type V1Resident = Omit<Resident, 'latestAdl'>;

function v1Resident(i: number): V1Resident {
  const at = new Date(Date.UTC(2024, 5, 1) + i * 60_000).toISOString();
  const stamp = `${at}-0000-00000000000000ab`;
  const profile = buildProfile({ firstName: `คนที่${i}`, nationalId: String(1100000000000 + i), communityId: `c-0${(i % 9) + 1}` });
  const data = { ...profile, status: i % 10 === 0 ? ('died' as const) : ('active' as const), statusDate: null, statusReason: '' };
  const envelope: Envelope = {
    id: uuidv7(Date.UTC(2024, 5, 1) + i),
    createdAt: at,
    createdBy: 'local-user',
    updatedAt: at,
    updatedBy: 'local-user',
    deviceId: 'dev-1',
    deletedAt: i % 25 === 0 ? stamp : null,
    seq: i % 3 === 0 ? i : 0,
    hlc: Object.fromEntries(Object.keys(data).map((k) => [k, stamp])),
    schemaVersion: 1,
  };
  return { ...data, ...envelope };
}

describe('v1 → v2', () => {
  it('opens a filled v1 database, upgrades it and finds everything', async () => {
    const name = freshDbName('v1fixture');
    const old = new Dexie(name);
    old.version(v1.version).stores(v1.stores);
    const residents = Array.from({ length: 600 }, (_, i) => v1Resident(i));
    const outbox = residents.slice(0, 40).map((r, i) => ({
      mid: i + 1,
      table: 'residents',
      recordId: r.id,
      op: 'create',
      fields: {},
      hlc: r.hlc.firstName,
      baseSeq: 0,
      schemaVersion: 1,
      userId: 'local-user',
      deviceId: 'dev-1',
      createdAt: r.createdAt,
    }));
    const meta = [
      { key: 'device', deviceId: 'dev-1', clientId: '00000000000000ab', createdAt: '2024-06-01T00:00:00.000Z' },
      { key: 'mid', value: 40 },
      { key: 'hlc', state: { millis: Date.UTC(2024, 6, 1), counter: 3, node: '00000000000000ab' } },
      { key: 'user', userId: 'nurse-1', displayName: 'พยาบาล', role: 'care_manager' },
    ];
    await old.open();
    await old.table('residents').bulkAdd(residents);
    await old.table('outbox').bulkAdd(outbox);
    await old.table('meta').bulkAdd(meta);
    await old.table('communities').bulkAdd([...SEED_COMMUNITIES]);
    old.close();

    const opened = await openStore(name);
    if (!opened.ok) throw new Error(`${opened.code}: ${opened.detail}`);
    const db: CareRoundsDb = opened.db;
    toClose.push(db);
    expect(db.verno).toBe(CURRENT_DB_VERSION);

    const stored = await db.residents.orderBy('id').toArray();
    expect(stored).toEqual(residents.map((r) => ({ ...r, latestAdl: null })));
    expect(await db.outbox.orderBy('mid').toArray()).toEqual(outbox);
    // Besides the register's head (a read model kept with every write to residents, readModels/registerHead.ts), meta is as it was.
    const metaRows = await db.meta.orderBy('key').toArray();
    expect(metaRows.filter((r) => r.key !== 'registerHead')).toEqual([...meta].sort((a, b) => a.key.localeCompare(b.key)));
    expect(await db.communities.count()).toBe(SEED_COMMUNITIES.length);
    // old indexes still answer
    expect(await db.residents.where('nationalId').equals('1100000000007').count()).toBe(1);
    expect(await db.residents.where('status').equals('died').count()).toBe(60);

    // The new store and index work, and writes continue the old counters on the same device.
    const target = stored[1];
    if (!target) throw new Error('fixture missing');
    const a = await createRecord(db, 'assessments', buildAssessmentData(target.id, '2025-01-02', 10), { userId: 'nurse-1' });
    await patchRecord(db, 'residents', target.id, { latestAdl: { assessmentId: a.id, total: 10, group: 'homebound', assessedOn: '2025-01-02' } }, { userId: 'nurse-1' });
    expect(await db.assessments.where('residentId').equals(target.id).count()).toBe(1);
    expect((await db.residents.where('latestAdl.group').equals('homebound').toArray()).map((r) => r.id)).toEqual([target.id]);
    const newEntries = await db.outbox.where('mid').above(40).toArray();
    expect(newEntries.map((e) => e.mid)).toEqual([41, 42]);
    expect(newEntries.every((e) => e.deviceId === 'dev-1' && e.hlc.endsWith('00000000000000ab'))).toBe(true);
  });

  it('an upgrade that fails keeps the database at v1 with all its data', async () => {
    const name = freshDbName('v2fails');
    const old = new Dexie(name);
    old.version(1).stores(v1.stores);
    await old.open();
    await old.table('residents').bulkAdd([v1Resident(1), v1Resident(2)]);
    old.close();

    const broken = { ...v2, upgrade: () => Promise.reject(new Error('row 2 is odd')) };
    const result = await openStore(name, { versions: [v1, broken] });
    expect(result).toMatchObject({ ok: false, code: 'db.corrupt' });
    expect(result.ok ? '' : result.detail).toContain('upgrade to version 2 failed');

    const check = new Dexie(name);
    check.version(1).stores(v1.stores);
    toClose.push(check);
    await check.open();
    expect(check.verno).toBe(1);
    expect(await check.table('residents').count()).toBe(2);
    expect(check.backendDB().objectStoreNames.contains('assessments')).toBe(false);
  });
});

describe('a database from a newer app version', () => {
  async function makeFuture(name: string): Promise<void> {
    const future = new Dexie(name);
    future.version(99).stores({ residents: 'id, communityId', visits: 'id, residentId', meta: 'key' });
    await future.open();
    await future.table('residents').bulkAdd([v1Resident(1), v1Resident(2), v1Resident(3)]);
    await future.table('visits').bulkAdd([{ id: 'v1', residentId: 'x' }]);
    future.close();
  }

  async function expectUntouched(name: string): Promise<void> {
    const future = new Dexie(name);
    future.version(99).stores({ residents: 'id, communityId', visits: 'id, residentId', meta: 'key' });
    toClose.push(future);
    await future.open();
    expect(Math.floor(future.verno)).toBe(99);
    expect(await future.table('residents').count()).toBe(3);
    expect(await future.table('visits').count()).toBe(1);
  }

  it('is reported as db.newerVersion and left as it was', async () => {
    const name = freshDbName('v99');
    await makeFuture(name);
    const result = await openStore(name);
    expect(result).toMatchObject({ ok: false, code: 'db.newerVersion' });
    await expectUntouched(name);
    // Not opened at all: no store of ours was added.
    const raw = new Dexie(name);
    toClose.push(raw);
    await raw.open();
    expect(raw.tables.map((t) => t.name).sort()).toEqual(['meta', 'residents', 'visits']);
  });

  it('is still refused when the browser cannot list databases (checked after open)', async () => {
    const name = freshDbName('v99b');
    await makeFuture(name);
    const factory = Dexie.dependencies.indexedDB;
    Object.defineProperty(factory, 'databases', { value: undefined, configurable: true });
    try {
      const result = await openStore(name);
      expect(result).toMatchObject({ ok: false, code: 'db.newerVersion' });
    } finally {
      Reflect.deleteProperty(factory, 'databases');
    }
    expect(typeof factory.databases).toBe('function');
    await expectUntouched(name);
  });
});
