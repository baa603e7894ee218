/**
 * What push and pull both do to the local stores: find the outbox entries pending per record, and evict rows
 * that left the device's scope (docs/sync-protocol.md §6.4).
 *
 * Invariant: rows with pending outbox entries are never evicted; the eviction is handed back to the caller,
 * which keeps it in `deferredEvict` until the entries are acknowledged.
 */
import type { Evict } from '../../shared/sync/protocol';
import { isSyncType } from '../../shared/sync/recordTypes';
import { ALL_WORKERS } from '../../shared/sync/scope';
import type { CareRoundsDb } from '../db/db';
import { BUCKET_INDEXED, RESIDENT_INDEX, SYNCED_TABLE_NAMES, type OutboxEntry, type SyncedTableName } from '../db/outbox';
import { goneRows, pruneGone } from '../db/roundGone';
import { eraseResidentLocally, keysByResident } from './erase';
import type { HttpClient } from './http';
import { TABLE_OF_TYPE } from './types';

/** What the push, pull and photo modules share: the stores, the server, the clock. */
export interface SyncContext {
  db: CareRoundsDb;
  /** The connection pulls write through (relaxed durability); may be `db` itself. */
  pullDb: CareRoundsDb;
  http: HttpClient;
  now: () => number;
}

export const SYNCED_TABLES = SYNCED_TABLE_NAMES;

export function entryKey(table: string, id: string): string {
  return `${table}/${id}`;
}

/** The outbox entries per `table/id`. */
export async function pendingByRecord(db: CareRoundsDb): Promise<Map<string, OutboxEntry[]>> {
  const map = new Map<string, OutboxEntry[]>();
  for (const e of await db.outbox.toArray()) {
    const k = entryKey(e.table, e.recordId);
    const list = map.get(k);
    if (list) list.push(e);
    else map.set(k, [e]);
  }
  return map;
}

/**
 * Applies evictions; returns those that must wait because some of their rows have pending entries (an
 * erasure never waits: erase.ts; the caller's transaction must include ERASE_TABLES and syncRejected). A single
 * round visit evicted while published to its caregiver is remembered for her (db/roundGone.ts); the caller's
 * transaction must include roundGone.
 */
export async function evict(db: CareRoundsDb, items: readonly Evict[], pending: ReadonlyMap<string, OutboxEntry[]>): Promise<Evict[]> {
  const waiting: Evict[] = [];
  for (const item of items) {
    if ('erased' in item) {
      await eraseResidentLocally(db, item.erased, new Date());
      continue;
    }
    const victims: { table: SyncedTableName; id: string }[] = [];
    const residentIds: string[] = [];
    if ('bucket' in item) {
      for (const table of BUCKET_INDEXED) {
        // The ALL_WORKERS pattern (a care manager who is one no more) stands for every work bucket.
        const where = db.table(table).where('bucket');
        const keys = await (item.bucket === ALL_WORKERS ? where.startsWith('w:') : where.equals(item.bucket)).primaryKeys();
        for (const id of keys) victims.push({ table, id: String(id) });
        if (table === 'residents') residentIds.push(...keys.map(String));
      }
    } else {
      if (!isSyncType(item.type)) continue;
      const table = TABLE_OF_TYPE[item.type];
      victims.push({ table, id: item.id });
      if (table === 'residents') residentIds.push(item.id);
    }
    // Rows attached to an evicted resident go with it (those with a bucket index are already listed).
    for (const rid of residentIds) {
      for (const table of SYNCED_TABLES) {
        if (RESIDENT_INDEX[table] === undefined || ('bucket' in item && BUCKET_INDEXED.includes(table))) continue;
        for (const id of await keysByResident(db, table, rid)) victims.push({ table, id });
      }
    }
    const free = victims.filter((v) => !pending.has(entryKey(v.table, v.id)));
    if (free.length < victims.length) waiting.push(item);
    // A single round visit leaving: it was given to another caregiver; its caregiver is told on Today.
    if (!('bucket' in item) && item.type === 'round_visit' && free.length > 0) {
      const gone = goneRows(await db.roundVisits.bulkGet([item.id]), new Date());
      if (gone.length > 0) {
        await db.roundGone.bulkPut(gone);
        await pruneGone(db, new Date());
      }
    }
    for (const table of SYNCED_TABLES) {
      const ids = free.filter((v) => v.table === table).map((v) => v.id);
      if (ids.length > 0) await db.table(table).bulkDelete(ids);
    }
  }
  return waiting;
}
