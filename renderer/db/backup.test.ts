import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { BackupError } from '../../shared/backup/format';
import { DeviceBackupError } from '../../shared/backup/device';
import { collectUnsent, previewRestore, readBackupFile, restoreUnsent, writeBackupFile } from './backup';
import { openStore, type CareRoundsDb } from './db';
import { readHlcState, readMid } from './meta';
import { createResident, updateResident } from './residents';
import { buildProfile, freshDbName } from './testing';

const opened: CareRoundsDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

async function freshDb(): Promise<CareRoundsDb> {
  const result = await openStore(freshDbName('backup'));
  if (!result.ok) throw new Error(result.detail);
  opened.push(result.db);
  return result.db;
}

const nurse = { userId: 'nurse-1', displayName: 'สมศรี' };
const PASS = 'กะพริบตา twice 2026';

/** The outbox as the server would see it: everything but the database-local mid. */
async function changes(db: CareRoundsDb) {
  return (await db.outbox.orderBy('mid').toArray()).map(({ mid: _mid, ...rest }) => rest);
}

describe('device backup of unsent data', () => {
  it('restores the same changes and records into a wiped database, once however often it runs', async () => {
    const source = await freshDb();
    const a = await createResident(source, buildProfile({ firstName: 'บุญมี' }), { userId: nurse.userId });
    await createResident(source, buildProfile({ firstName: 'มาลี', nationalId: '3100501234561' }), { userId: nurse.userId });
    await updateResident(source, a.id, buildProfile({ firstName: 'บุญมา' }), { userId: nurse.userId });
    const { bytes, changes: count } = await writeBackupFile(source, nurse, PASS);
    expect(count).toBe(3);

    const target = await freshDb();
    const backup = await readBackupFile(bytes, PASS);
    expect(await previewRestore(target, backup, nurse.userId)).toMatchObject({ changes: 3, records: 2, alreadyPresent: 0, sameUser: true, userName: 'สมศรี' });
    expect(await restoreUnsent(target, backup, nurse.userId)).toEqual({ added: 3, alreadyPresent: 0, records: 2 });
    expect(await changes(target)).toEqual(await changes(source));
    expect(await target.residents.get(a.id)).toEqual(await source.residents.get(a.id));
    expect(await readMid(target)).toBe(3);
    expect((await target.registerRows.count())).toBe(2); // the read models followed

    // Again, and into the database it came from: nothing doubles.
    expect(await restoreUnsent(target, backup, nurse.userId)).toEqual({ added: 0, alreadyPresent: 3, records: 0 });
    expect(await restoreUnsent(source, backup, nurse.userId)).toEqual({ added: 0, alreadyPresent: 3, records: 0 });
    expect(await target.outbox.count()).toBe(3);

    // Later edits on the restored device are newer than the restored ones.
    await updateResident(target, a.id, buildProfile({ firstName: 'บุญมาก' }), { userId: nurse.userId });
    const last = await target.outbox.orderBy('mid').last();
    expect(last?.mid).toBe(4);
    const restoredMax = (await changes(source)).map((e) => e.hlc).sort().at(-1) ?? '';
    expect((last?.hlc ?? '') > restoredMax).toBe(true);
    expect(await readHlcState(target)).toBeDefined();
  });

  it('keeps a device field that is newer than the backup copy', async () => {
    const db = await freshDb();
    const r = await createResident(db, buildProfile({ firstName: 'เก่า' }), { userId: nurse.userId });
    const backup = await collectUnsent(db, nurse);
    await updateResident(db, r.id, buildProfile({ firstName: 'ใหม่' }), { userId: nurse.userId });
    await restoreUnsent(db, backup, nurse.userId);
    expect((await db.residents.get(r.id))?.firstName).toBe('ใหม่');
    expect(await db.outbox.count()).toBe(2);
  });

  it("refuses another user's backup and writes nothing", async () => {
    const source = await freshDb();
    await createResident(source, buildProfile(), { userId: nurse.userId });
    const backup = await collectUnsent(source, nurse);
    const target = await freshDb();
    expect((await previewRestore(target, backup, 'someone-else')).sameUser).toBe(false);
    const error = await restoreUnsent(target, backup, 'someone-else').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeviceBackupError);
    expect((error as DeviceBackupError).code).toBe('backup_other_user');
    expect(await target.outbox.count()).toBe(0);
    expect(await target.residents.count()).toBe(0);
  });

  it('refuses a wrong passphrase and a damaged file before reading anything', async () => {
    const db = await freshDb();
    await createResident(db, buildProfile(), { userId: nurse.userId });
    const { bytes } = await writeBackupFile(db, nurse, PASS);
    const codeOf = (p: Promise<unknown>) => p.then(() => 'no error', (e: unknown) => (e instanceof BackupError ? e.code : String(e)));
    expect(await codeOf(readBackupFile(bytes, 'wrong passphrase'))).toBe('backup_wrong_key');
    const bad = bytes.slice();
    bad[bad.length - 3] = (bad[bad.length - 3] ?? 0) ^ 1;
    expect(await codeOf(readBackupFile(bad, PASS))).toBe('backup_corrupt');
  });
});
