import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type CareRoundsDb } from './db';
import { readRegisterEpoch, readRegisterHead, saveRegisterHead } from './registerHead';
import { archiveResident, createResident, updateResident } from './residents';
import { buildProfile, freshDbName, steppingClock } from './testing';

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

const ctx = { userId: 'cg-1', now: steppingClock() };

/** The head as the register keeps it: rows read with the epoch in one transaction. */
async function keepHead(db: CareRoundsDb): Promise<string[]> {
  const { epoch, rows } = await db.transaction('r', db.registerRows, db.meta, async () => ({ epoch: await readRegisterEpoch(db), rows: await db.registerRows.toArray() }));
  await saveRegisterHead(db, epoch, rows.slice(0, 2));
  return rows.slice(0, 2).map((r) => r.id);
}

describe('the kept register head', () => {
  it('is valid until the next write to residents, whatever the writer', async () => {
    const db = await freshDb();
    const a = await createResident(db, buildProfile({ firstName: 'สมศรี', nationalId: '1101700203451' }), ctx);
    await createResident(db, buildProfile({ firstName: 'กมล', nationalId: '3100600512347' }), ctx);
    const ids = await keepHead(db);
    expect((await readRegisterHead(db))?.map((r) => r.id)).toEqual(ids);

    await updateResident(db, a.id, buildProfile({ firstName: 'สมหญิง', nationalId: '1101700203451' }), ctx);
    expect(await readRegisterHead(db)).toBeNull();

    await keepHead(db);
    expect(await readRegisterHead(db)).not.toBeNull();
    await archiveResident(db, a.id, { status: 'moved', statusDate: '2025-01-30', statusReason: 'ย้ายไปอยู่กับลูก' }, ctx);
    expect(await readRegisterHead(db)).toBeNull();

    // A raw table write (as a sync pull or a bulk load makes) changes the epoch too.
    await keepHead(db);
    const row = await db.residents.get(a.id);
    if (!row) throw new Error('resident missing');
    await db.residents.put({ ...row, nickname: 'แดง' });
    expect(await readRegisterHead(db)).toBeNull();
  });

  it('read before a write and saved after it is never valid', async () => {
    const db = await freshDb();
    await createResident(db, buildProfile({ nationalId: '1101700203451' }), ctx);
    const stale = await db.transaction('r', db.registerRows, db.meta, async () => ({ epoch: await readRegisterEpoch(db), rows: await db.registerRows.toArray() }));
    await createResident(db, buildProfile({ firstName: 'กมล', nationalId: '3100600512347' }), ctx);
    await saveRegisterHead(db, stale.epoch, stale.rows);
    expect(await readRegisterHead(db)).toBeNull();
  });

  it('keeps the epoch when the write is rolled back', async () => {
    const db = await freshDb();
    await createResident(db, buildProfile({ nationalId: '1101700203451' }), ctx);
    await keepHead(db);
    const before = await readRegisterEpoch(db);
    await expect(
      db.transaction('rw', db.residents, async () => {
        const row = (await db.residents.toArray())[0];
        if (!row) throw new Error('resident missing');
        await db.residents.put({ ...row, nickname: 'แดง' });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await readRegisterEpoch(db)).toBe(before);
    expect(await readRegisterHead(db)).not.toBeNull();
  });
});
