import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Resident } from '../../../shared/resident';
import { ensureReadModels } from '../readModels';
import { projectRegisterRow } from '../registerRows';
import { patchRecord } from '../repository';
import { buildProfile, freshDbName } from '../testing';
import { closeMigrationDbs, createAt, openAt } from './testing';

afterEach(closeMigrationDbs);

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

// A damaged row (most fields missing) must not fail the upgrade: the database would not open.
const DAMAGED = { id: 'r-9999', status: 'active', seq: 0 };
const OUTBOX = [{ mid: 1, table: 'residents', recordId: 'r-0001', op: 'create', fields: {}, hlc: '2024-06-01T00:01:00.000Z-0000-00000000000000ab', baseSeq: 0, schemaVersion: 1, userId: 'u', deviceId: 'dev-1', createdAt: '2024-06-01T00:01:00.000Z' }];

async function createV3(name: string, residents: readonly object[]): Promise<void> {
  await createAt(name, 3, async (old) => {
    await old.table('residents').bulkAdd([...residents]);
    await old.table('outbox').bulkAdd(OUTBOX);
    await old.table('meta').bulkAdd([{ key: 'mid', value: 1 }]);
  });
}

describe('v3 → v4 (registerRows)', () => {
  it('fills registerRows with the version-4 row of every resident (tombstones and damaged rows too) and changes nothing else', async () => {
    const name = freshDbName('v3to4');
    const residents = Array.from({ length: 300 }, (_, i) => resident(i));
    await createV3(name, [...residents, DAMAGED]);

    const db = await openAt(name, 4);
    expect(await db.residents.orderBy('id').toArray()).toEqual([...residents, DAMAGED]);
    expect(await db.outbox.toArray()).toEqual(OUTBOX); // a local copy: nothing to sync
    expect(await db.registerRows.count()).toBe(301);

    // Written out field by field (not through the live projection): this is what version 4 stores.
    const r = residents[75];
    if (!r) throw new Error('fixture missing');
    expect(await db.registerRows.get('r-0075')).toEqual({
      id: 'r-0075',
      deletedAt: r.deletedAt,
      prefix: r.prefix,
      firstName: 'คนที่75',
      lastName: r.lastName,
      nickname: r.nickname,
      sex: r.sex,
      nationalId: '1100000000075',
      birthDate: '1950-03-14',
      birthPrecision: 'day',
      communityId: 'c-04',
      address: JSON.stringify(r.address),
      phones: JSON.stringify(r.phones),
      contacts: JSON.stringify(r.contacts),
      status: 'active',
      statusDate: null,
      adlId: 'a-75',
      adlTotal: 12,
      adlGroup: 'homebound',
      adlOn: '2024-04-01',
    });
    expect(r.deletedAt).not.toBeNull(); // 75 is a tombstone: kept, the register filters it out
    expect(await db.registerRows.get('r-0010')).toMatchObject({ status: 'died', statusDate: '2024-05-01', deletedAt: null, adlId: null, adlTotal: null, adlGroup: null, adlOn: null });
    expect(await db.registerRows.get('r-9999')).toEqual({
      id: 'r-9999',
      deletedAt: null,
      prefix: '',
      firstName: '',
      lastName: '',
      nickname: '',
      sex: undefined,
      nationalId: null,
      birthDate: '',
      birthPrecision: 'year',
      communityId: '',
      address: JSON.stringify({ houseNo: '', moo: '', village: '', soi: '', road: '', subDistrict: '', district: '', province: '', postalCode: '' }),
      phones: '[]',
      contacts: '[]',
      status: 'active',
      statusDate: null,
      adlId: null,
      adlTotal: null,
      adlGroup: null,
      adlOn: null,
    });
  });

  it('from v1: the v2 upgrade runs before the store exists, and v4 fills it from the upgraded rows', async () => {
    const name = freshDbName('v1to4');
    const v1Rows = Array.from({ length: 20 }, (_, i) => {
      const { latestAdl: _dropped, ...rest } = resident(i);
      return rest;
    });
    await createAt(name, 1, (old) => old.table('residents').bulkAdd(v1Rows));

    const db = await openAt(name, 4);
    expect((await db.residents.toArray()).every((r) => r.latestAdl === null)).toBe(true);
    const rows = await db.registerRows.orderBy('id').toArray();
    expect(rows.map((r) => [r.id, r.firstName, r.adlId, r.adlGroup])).toEqual(v1Rows.map((r, i) => [r.id, `คนที่${i}`, null, null]));
  });

  it('an empty v3 database upgrades to an empty registerRows', async () => {
    const name = freshDbName('v3empty');
    await createAt(name, 3);
    const db = await openAt(name, 4);
    expect(await db.registerRows.count()).toBe(0);
  });

  it('up to the current version: after the start-up check the rows are the live projection, and writes keep them', async () => {
    const name = freshDbName('v3tocurrent');
    const residents = Array.from({ length: 30 }, (_, i) => resident(i));
    await createV3(name, [...residents, DAMAGED]);

    const db = await openAt(name);
    await ensureReadModels(db);
    expect(await db.residents.orderBy('id').toArray()).toEqual([...residents, DAMAGED]);
    expect(await db.registerRows.orderBy('id').toArray()).toEqual([...residents, DAMAGED as unknown as Resident].map(projectRegisterRow));

    await patchRecord(db, 'residents', 'r-0001', { firstName: 'เปลี่ยนแล้ว' }, { userId: 'u' });
    expect((await db.registerRows.get('r-0001'))?.firstName).toBe('เปลี่ยนแล้ว');
  });
});
