/**
 * Sealing what was written before (docs/security.md §3 "Records at rest"): a database written by a version
 * without sealing, or before its user signed in, holds plain rows in the sealed stores. Once unlocked, this
 * pass walks each sealed store in primary-key order, BATCH rows per transaction, and writes every plain row
 * back through the sealing layer, so it is stored sealed. It works below the read models (SealingLayers): a
 * row sealed is the same record, and nothing above sees a change.
 *
 * - Done once per database: `sealedAll` in meta. Every later write is sealed by the middleware, so no plain
 *   row can appear afterwards.
 * - The lock stops it (the sealing layer rejects with `locked`); the next unlock starts it again from the
 *   beginning, skipping rows already sealed.
 * - A row the app changes meanwhile is sealed by that write; the pass re-reads each batch in its own
 *   transaction, so it never writes back an older value.
 */
import type { DBCore, DBCoreKeyRange, DBCoreTransaction } from 'dexie';
import { isSealed, valueAt } from '../../../shared/crypto/recordEnvelope';
import type { CareRoundsDb } from '../db';
import { isHeadMeta, REGISTER_HEAD_KEY } from '../readModels/registerHead';
import { SEALED_STORES } from './stores';

const BATCH = 500;
// DBCoreRangeType is a const enum (not importable under isolatedModules): 2 = Range, 3 = Any.
const RANGE = 2 as DBCoreKeyRange['type'];
const ANY = 3 as DBCoreKeyRange['type'];

/** Seals one batch after `after` (a primary key) in one readwrite transaction; returns the batch's last key. */
function sealBatch(core: { stored: DBCore; sealing: DBCore }, store: string, after: unknown): Promise<{ last: unknown; rows: number; sealed: number }> {
  return new Promise((resolve, reject) => {
    const trans = core.stored.transaction([store], 'readwrite') as DBCoreTransaction & IDBTransaction;
    const stored = core.stored.table(store);
    const keyPath = stored.schema.primaryKey.keyPath;
    if (typeof keyPath !== 'string') {
      reject(new Error(`${store}: a sealed store needs a simple inbound primary key`));
      return;
    }
    const range: DBCoreKeyRange = after === undefined ? { type: ANY, lower: undefined, upper: undefined } : { type: RANGE, lower: after, lowerOpen: true, upper: undefined, upperOpen: true };
    let outcome: { last: unknown; rows: number; sealed: number } | null = null;
    trans.oncomplete = () => (outcome === null ? reject(new Error(`${store}: the sealing pass ended without a result`)) : resolve(outcome));
    trans.onabort = () => reject(trans.error ?? new Error(`${store}: the sealing pass was aborted`));
    stored
      .query({ trans, values: true, limit: BATCH, query: { index: stored.schema.primaryKey, range } })
      .then((res) => {
        const rows = res.result as object[];
        const plain = rows.filter((r) => !isSealed(r));
        const last = rows.length === 0 ? undefined : valueAt(rows[rows.length - 1] as object, keyPath);
        outcome = { last, rows: rows.length, sealed: plain.length };
        return plain.length === 0 ? undefined : core.sealing.table(store).mutate({ trans, type: 'put', values: plain });
      })
      .catch((err: unknown) => {
        try {
          trans.abort();
        } catch {
          // already finished
        }
        reject(err instanceof Error ? err : new Error(String(err)));
      });
  });
}

/**
 * Marks a sealed database that holds no records as having no plain rows, so the pass never walks it: rows
 * written from now on go through the sealing layer. It counts (no row is opened, so no key is needed) and
 * runs at open, before the unlock and before a first sync starts writing, which the pass would otherwise
 * walk beside. The register's head of an empty register may be there (the start-up check writes one): it
 * holds nothing of anyone. Never fails the open: if a count cannot be made, the pass runs as before.
 */
export async function markSealedIfEmpty(db: CareRoundsDb, now: () => Date = () => new Date()): Promise<boolean> {
  if (!db.sealed) return false;
  try {
    if ((await db.meta.where('key').equals('sealedAll').count()) > 0) return true;
    for (const store of Object.keys(SEALED_STORES)) {
      if (store === 'meta' || !db.tables.some((t) => t.name === store)) continue;
      if ((await db.table(store).count()) > 0) return false;
    }
    // Plain if written before the database was sealed; a sealed one cannot be read while locked (caught below).
    const head = await db.meta.get(REGISTER_HEAD_KEY);
    if (head !== undefined && !(isHeadMeta(head) && head.rows.length === 0)) return false;
    await db.meta.put({ key: 'sealedAll', at: now().toISOString(), rows: 0 });
    return true;
  } catch {
    return false;
  }
}

/** Seals every plain row of the sealed stores (once per database); returns how many it sealed. */
export async function sealLeftovers(db: CareRoundsDb, now: () => Date = () => new Date()): Promise<number> {
  if (!db.sealed) return 0;
  if (!db.isOpen()) await db.open();
  if ((await db.meta.get('sealedAll')) !== undefined) return 0;
  const core = db.sealingLayers;
  if (core === undefined) throw new Error('the sealing layer is not in place');
  let total = 0;
  for (const store of Object.keys(SEALED_STORES)) {
    if (!db.tables.some((t) => t.name === store)) continue;
    let after: unknown = undefined;
    for (;;) {
      const batch = await sealBatch(core, store, after);
      total += batch.sealed;
      if (batch.rows < BATCH) break;
      after = batch.last;
    }
  }
  await db.meta.put({ key: 'sealedAll', at: now().toISOString(), rows: total });
  return total;
}
