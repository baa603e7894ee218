/**
 * The outbox: one entry per local change to a synced record, in `mid` order (see repository.ts for the
 * invariants and how the sync client consumes it). Entries are removed only by `acknowledgeOutbox`, after
 * the server has confirmed them.
 */
import { isLocked } from './crypto/locked';
import type { Hlc } from '../../shared/envelope';
import { SYNC_TABLE_NAMES, type SyncRegistry, type SyncTable, type SyncType, type TableOfType } from '../../shared/sync/recordTypes';
import type { CareRoundsDb } from './db';

export type OutboxOp = 'create' | 'patch' | 'delete' | 'restore' | 'void';

/**
 * Tables whose records carry the envelope and are synced: the tables of the shared registry (SYNC_TYPES);
 * each maps to its record type in repository.ts.
 */
export type SyncedTableName = SyncTable;

export const SYNCED_TABLE_NAMES: readonly SyncedTableName[] = SYNC_TABLE_NAMES;

/** The tables of the types the registry attaches to a resident (`parentField: 'residentId'`). */
export type ResidentChildTable = { [T in SyncType]: SyncRegistry[T]['parentField'] extends 'residentId' ? TableOfType<T> : never }[SyncType];

/**
 * Tables whose rows belong to a resident, with the index that finds them by resident (a compound index
 * led by residentId is read as a range). They move and are evicted with their resident. Only the tables
 * listed in BUCKET_INDEXED keep a `bucket` index; the rest are found through their resident, so the
 * 200,000-row visits store pays for one index only.
 */
const RESIDENT_INDEXES: Readonly<Record<ResidentChildTable, string>> = {
  assessments: 'residentId',
  visits: '[residentId+startedAt]',
  visitAmendments: 'residentId',
  carePlans: 'residentId',
  alertAcks: 'residentId',
  consents: 'residentId',
};
export const RESIDENT_INDEX: Readonly<Partial<Record<SyncedTableName, string>>> = RESIDENT_INDEXES;

export const BUCKET_INDEXED: readonly SyncedTableName[] = ['residents', 'assessments', 'conflicts', 'notices', 'availability', 'leaves', 'holidays', 'roundVisits'];

export interface OutboxEntry {
  mid: number; // gap-free, strictly increasing per device database
  table: SyncedTableName;
  recordId: string;
  op: OutboxOp;
  /** create: every data field; patch: only the changed fields; delete/restore: none; void: the reason. */
  fields: Record<string, unknown>;
  hlc: Hlc; // the stamp of this change (every field in `fields` carries it)
  baseSeq: number; // the record's server seq when the change was made (0 = never synced)
  schemaVersion: number;
  userId: string;
  deviceId: string;
  createdAt: string; // ISO instant, for "oldest unsent change"
}

export function pendingOutboxCount(db: CareRoundsDb): Promise<number> {
  return db.outbox.count();
}

/**
 * When the oldest change not yet confirmed by the server was made, or null when everything is sent, or when
 * a sealed outbox cannot be read because the app is locked (docs/security.md §3; the count still can).
 */
export async function oldestPendingAt(db: CareRoundsDb): Promise<string | null> {
  try {
    const first = await db.outbox.orderBy('mid').first();
    return first?.createdAt ?? null;
  } catch (err) {
    if (isLocked(err)) return null;
    throw err;
  }
}

/** The next entries to push, oldest first. Reading never removes anything. */
export function peekOutbox(db: CareRoundsDb, limit: number): Promise<OutboxEntry[]> {
  return db.outbox.orderBy('mid').limit(limit).toArray();
}

/** Removes entries the server has confirmed (`mid ≤ lastMid`, docs/sync-protocol.md §5.1); returns how many. */
export function acknowledgeOutbox(db: CareRoundsDb, lastMid: number): Promise<number> {
  return db.transaction('rw', db.outbox, () => db.outbox.where('mid').belowOrEqual(lastMid).delete());
}
