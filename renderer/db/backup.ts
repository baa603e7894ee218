/**
 * Backing up and restoring this device's unsent data (docs/security.md §3 "Backups"). The file is the
 * shared backup format (shared/backup/format.ts) around the JSON of shared/backup/device.ts.
 *
 * Invariants:
 * - A restore decrypts and validates the whole file before it opens a write transaction, then writes every
 *   entry, record and counter in ONE transaction: all of it is restored or none.
 * - Restored entries take the next mids of this database (gap-free, after `meta.mid`), in their original
 *   order, and the device clock moves past their stamps, so later local edits are newer (repository.ts).
 */
import { BackupError, encryptBackup, openBackup } from '../../shared/backup/format';
import {
  DEVICE_BACKUP_FORMAT,
  DEVICE_BACKUP_VERSION,
  DeviceBackupError,
  changeKey,
  deviceBackupSchema,
  entriesToRestore,
  latestStamp,
  mergeRecord,
  previewBackup,
  type BackupPreview,
  type DeviceBackup,
} from '../../shared/backup/device';
import { parseHlc } from '../../shared/hlc';
import type { CareRoundsDb } from './db';
import { ensureDevice, readDevice, readHlcState, readMid } from './meta';
import { SYNCED_TABLE_NAMES, type OutboxEntry, type SyncedTableName } from './outbox';

export interface BackupUser {
  userId: string;
  displayName: string;
}

/** Everything unsent: the outbox in mid order and the current copy of every record it names. */
export async function collectUnsent(db: CareRoundsDb, user: BackupUser, now: () => Date = () => new Date()): Promise<DeviceBackup> {
  const tables = SYNCED_TABLE_NAMES.map((t) => db.table(t));
  return db.transaction('r', [db.outbox, db.meta, ...tables], async () => {
    const device = await readDevice(db);
    const entries = await db.outbox.orderBy('mid').toArray();
    const wanted = new Map<SyncedTableName, Set<string>>();
    for (const e of entries) {
      const ids = wanted.get(e.table) ?? new Set<string>();
      ids.add(e.recordId);
      wanted.set(e.table, ids);
    }
    const records: DeviceBackup['records'] = [];
    for (const [table, ids] of wanted) {
      const rows = (await db.table(table).bulkGet([...ids])) as (DeviceBackup['records'][number]['record'] | undefined)[];
      for (const record of rows) if (record !== undefined) records.push({ table, record });
    }
    return {
      format: DEVICE_BACKUP_FORMAT,
      version: DEVICE_BACKUP_VERSION,
      createdAt: now().toISOString(),
      userId: user.userId,
      userName: user.displayName,
      deviceId: device?.deviceId ?? '',
      entries,
      records,
    };
  });
}

export async function writeBackupFile(db: CareRoundsDb, user: BackupUser, passphrase: string): Promise<{ bytes: Uint8Array<ArrayBuffer>; changes: number }> {
  const backup = await collectUnsent(db, user);
  const json = new TextEncoder().encode(JSON.stringify(backup));
  return { bytes: await encryptBackup(json, passphrase, { kind: 'device' }), changes: backup.entries.length };
}

/** Decrypts, verifies and validates a file; throws BackupError or DeviceBackupError (`backup_corrupt`). */
export async function readBackupFile(file: Uint8Array, passphrase: string): Promise<DeviceBackup> {
  const plain = await openBackup(file, passphrase, { expectKind: 'device' });
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plain));
  } catch {
    throw new BackupError('backup_corrupt', 'not JSON');
  }
  const result = deviceBackupSchema.safeParse(parsed);
  if (!result.success) throw new DeviceBackupError('backup_corrupt', result.error.issues[0]?.path.join('.') ?? '');
  return result.data;
}

async function presentKeys(db: CareRoundsDb): Promise<Set<string>> {
  const entries = await db.outbox.toArray();
  return new Set(entries.map(changeKey));
}

export async function previewRestore(db: CareRoundsDb, backup: DeviceBackup, currentUserId: string): Promise<BackupPreview> {
  return previewBackup(backup, await presentKeys(db), currentUserId);
}

export interface RestoreResult {
  added: number;
  alreadyPresent: number;
  records: number;
}

/** Puts the backup's changes back into the outbox (each once) with their records; refuses another user's backup. */
export async function restoreUnsent(db: CareRoundsDb, backup: DeviceBackup, currentUserId: string): Promise<RestoreResult> {
  const tables = SYNCED_TABLE_NAMES.map((t) => db.table(t));
  return db.transaction('rw', [db.outbox, db.meta, ...tables], async () => {
    const present = await presentKeys(db);
    const toAdd = entriesToRestore(backup, present, currentUserId);
    let records = 0;
    for (const { table, record } of backup.records) {
      const store = db.table(table);
      const merged = mergeRecord((await store.get(record.id)) as Record<string, unknown> | undefined, record);
      if (merged === null) continue;
      await store.put(merged);
      records++;
    }
    let mid = await readMid(db);
    const added: OutboxEntry[] = toAdd.map((e) => ({ ...e, mid: ++mid }));
    if (added.length > 0) {
      await db.outbox.bulkAdd(added);
      await db.meta.put({ key: 'mid', value: mid });
    }
    const latest = latestStamp(added);
    if (latest !== null) {
      const restored = parseHlc(latest);
      const state = await readHlcState(db);
      const device = await ensureDevice(db);
      if (state === undefined || restored.millis > state.millis || (restored.millis === state.millis && restored.counter > state.counter)) {
        await db.meta.put({ key: 'hlc', state: { millis: restored.millis, counter: restored.counter, node: state?.node ?? device.clientId } });
      }
    }
    return { added: added.length, alreadyPresent: backup.entries.length - added.length, records };
  });
}
