/**
 * A device's backup of its unsent data (docs/security.md §3 "Backups"): the outbox entries and the records
 * they refer to, as JSON inside the encrypted backup format (./format.ts). This module holds the content's
 * schema and the pure rules of a restore; renderer/db/backup.ts reads and writes IndexedDB around them.
 *
 * Invariants:
 * - A change's identity is its HLC stamp with its record (`changeKey`): a stamp carries the node of the
 *   database that made it and strictly increases there, so two different changes never share one, while
 *   `mid`s are renumbered by a restore into another database. Restoring twice, or into the database the
 *   backup came from, adds nothing twice.
 * - A backup restores only for the user who made its changes (`backup_other_user`): the server refuses a
 *   change pushed by anyone else, and another person's unsent work must not travel under this user's name.
 * - A restored change keeps its original stamp (docs/sync-protocol.md §5.3); a record already on the
 *   device keeps every field whose stamp is newer than the backup's (`mergeRecord`).
 */
import * as z from 'zod/mini';
import { ENVELOPE_KEYS, expandHlc, type Hlc } from '../envelope';
import { isHlc } from '../sync/formats';
import { SYNC_TABLE_NAMES, type SyncTable } from '../sync/recordTypes';

export const DEVICE_BACKUP_FORMAT = 'carerounds.unsent';
export const DEVICE_BACKUP_VERSION = 1;
export const MAX_BACKUP_ENTRIES = 500_000;

const hlc = z.string().check(z.refine(isHlc, { message: 'not an HLC' }));
const text = (max: number) => z.string().check(z.maxLength(max));
const table = z.enum(SYNC_TABLE_NAMES as [SyncTable, ...SyncTable[]]);
const fieldMap = z.record(text(64), z.unknown());

export const backupEntrySchema = z.strictObject({
  mid: z.number().check(z.int(), z.gte(1)),
  table,
  recordId: text(100),
  op: z.enum(['create', 'patch', 'delete', 'restore', 'void']),
  fields: fieldMap,
  hlc,
  baseSeq: z.number().check(z.int(), z.gte(0)),
  schemaVersion: z.number().check(z.int(), z.gte(1)),
  userId: text(100),
  deviceId: text(100),
  createdAt: text(40),
});
export type BackupEntry = z.infer<typeof backupEntrySchema>;

/** A stored record: envelope and data fields; only what a restore relies on is checked here. */
const storedRecord = z.looseObject({ id: text(100), hlc: z.record(text(64), hlc), deletedAt: z.nullable(hlc) });

export const deviceBackupSchema = z.strictObject({
  format: z.literal(DEVICE_BACKUP_FORMAT),
  version: z.literal(DEVICE_BACKUP_VERSION),
  createdAt: text(40),
  userId: text(100),
  /** Shown in the preview; the user's display name when the device knew it. */
  userName: text(200),
  deviceId: text(100),
  entries: z.array(backupEntrySchema).check(z.maxLength(MAX_BACKUP_ENTRIES)),
  records: z.array(z.strictObject({ table, record: storedRecord })).check(z.maxLength(MAX_BACKUP_ENTRIES)),
});
export type DeviceBackup = z.infer<typeof deviceBackupSchema>;
export type BackupRecord = DeviceBackup['records'][number]['record'];

export function changeKey(entry: { table: string; recordId: string; hlc: Hlc }): string {
  return `${entry.table}/${entry.recordId}@${entry.hlc}`;
}

export class DeviceBackupError extends Error {
  readonly code: 'backup_other_user' | 'backup_corrupt';
  constructor(code: 'backup_other_user' | 'backup_corrupt', detail?: string) {
    super(detail === undefined ? code : `${code}: ${detail}`);
    this.name = 'DeviceBackupError';
    this.code = code;
  }
}

export interface BackupPreview {
  userId: string;
  userName: string;
  createdAt: string;
  changes: number;
  records: number;
  /** Changes the device already holds (same record and stamp). */
  alreadyPresent: number;
  sameUser: boolean;
}

export function previewBackup(backup: DeviceBackup, present: ReadonlySet<string>, currentUserId: string): BackupPreview {
  return {
    userId: backup.userId,
    userName: backup.userName,
    createdAt: backup.createdAt,
    changes: backup.entries.length,
    records: backup.records.length,
    alreadyPresent: backup.entries.filter((e) => present.has(changeKey(e))).length,
    sameUser: backup.userId === currentUserId && backup.entries.every((e) => e.userId === currentUserId),
  };
}

/** The entries to append, in their original order, or `backup_other_user` when any is not this user's. */
export function entriesToRestore(backup: DeviceBackup, present: ReadonlySet<string>, currentUserId: string): BackupEntry[] {
  if (!previewBackup(backup, present, currentUserId).sameUser) throw new DeviceBackupError('backup_other_user');
  const seen = new Set(present);
  const out: BackupEntry[] = [];
  for (const e of [...backup.entries].sort((a, b) => a.mid - b.mid)) {
    const key = changeKey(e);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out;
}

const ENVELOPE_SET: ReadonlySet<string> = new Set(ENVELOPE_KEYS);
const TOMBSTONE = '$deleted';

function dataOf(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => !ENVELOPE_SET.has(k)));
}

/**
 * The record to store for a backup's copy: the copy itself when the device lacks the record, else the
 * device's record with every field (and the tombstone) whose stamp in the copy is newer; null when the
 * device's record is already at least as new everywhere.
 */
export function mergeRecord(local: Record<string, unknown> | undefined, backup: BackupRecord): Record<string, unknown> | null {
  if (local === undefined) return { ...backup };
  const localHlc = expandHlc((local.hlc ?? {}) as Record<string, Hlc>, dataOf(local));
  const backupHlc = expandHlc(backup.hlc, dataOf(backup));
  const merged: Record<string, unknown> = { ...local };
  const stamps: Record<string, Hlc> = { ...localHlc };
  let changed = false;
  for (const [field, stamp] of Object.entries(backupHlc)) {
    const mine = localHlc[field];
    if (mine !== undefined && mine >= stamp) continue;
    changed = true;
    stamps[field] = stamp;
    if (field === TOMBSTONE) merged.deletedAt = backup.deletedAt;
    else merged[field] = backup[field];
  }
  if (!changed) return null;
  merged.hlc = stamps;
  return merged;
}

/** The greatest stamp among the entries (the device clock must continue above it), or null. */
export function latestStamp(entries: readonly { hlc: Hlc }[]): Hlc | null {
  let max: Hlc | null = null;
  for (const e of entries) if (max === null || e.hlc > max) max = e.hlc;
  return max;
}
