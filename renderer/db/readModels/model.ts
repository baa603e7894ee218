/**
 * The one mechanism that keeps every read model (small derived stores: registerRows, residentDigests) in
 * step with the records: a DBCore middleware installed by CareRoundsDb, so every writer (the repository,
 * bulk loads, sync pulls, evictions, raw table calls) keeps them without knowing about them.
 *
 * Invariants:
 * - A readwrite transaction that includes a source table of a model is widened to the model's store, the
 *   stores its maintenance reads, and `meta`; each mutation of a source table is followed, in the same
 *   transaction and before the caller's promise settles, by the model's own writes. If they fail, the
 *   transaction is aborted (even when the caller catches the error), so records and read models never
 *   commit apart.
 * - A model whose store (or a store it reads) does not exist in the schema being opened is inactive: the
 *   upgrades of older versions run while it is not created yet; rebuild.ts fills it afterwards.
 * - Maintenance can be suspended for one transaction (suspendReadModels), for a writer that stores many
 *   thousands of rows and rebuilds once at the end (the bootstrap). The first write of a suspended
 *   transaction marks the read models stale in `meta`, in that same transaction, so if the rebuild never
 *   happens (crash, closed app) the next start-up check rebuilds them: they are never trusted silently.
 */
import type { DBCore, DBCoreMutateRequest, DBCoreMutateResponse, DBCoreTransaction, Middleware, Transaction } from 'dexie';
import { hasStore, META, rowsBefore } from './core';
import { staleMarker } from './marker';

export type SourceRow = { id: string; residentId?: string };

export interface ReadModel {
  name: string;
  /** The derived store it keeps. */
  store: string;
  /** The tables whose mutations it follows. */
  sources: readonly string[];
  /** The stores its maintenance reads (the transaction is widened to them). */
  reads: readonly string[];
  /** Whether follow() needs the rows a mutation replaces or removes (read just before it). */
  needsRowsBefore: boolean;
  /** Its writes for one mutation of `table` that has run (`res`), in the mutation's transaction. */
  follow(core: DBCore, table: string, req: DBCoreMutateRequest, res: DBCoreMutateResponse, before: readonly (SourceRow | undefined)[]): Promise<void>;
}

const suspended = new WeakSet<object>();
const markedStale = new WeakSet<object>();

/**
 * Stops read-model maintenance for the rest of `tx` (a Dexie transaction of the database). Its first
 * mutation of a source table marks the read models stale, in the same transaction; the caller then runs
 * rebuildReadModels once its writes are done (until then readers see `stale` and do not trust them).
 */
export function suspendReadModels(tx: Transaction): void {
  suspended.add(tx.idbtrans);
}

function abort(trans: DBCoreTransaction, err: unknown): unknown {
  try {
    (trans as { abort?: () => void }).abort?.();
  } catch {
    // already finished or aborting: it will not commit either way
  }
  return err;
}

function markStale(down: DBCore, trans: DBCoreTransaction): Promise<void> {
  if (markedStale.has(trans)) return Promise.resolve();
  markedStale.add(trans);
  return down
    .table(META)
    .mutate({ type: 'put', trans, values: [staleMarker(new Date())] })
    .then((res) => {
      if (res.numFailures > 0) throw new Error('read models: could not mark them stale');
    });
}

export function readModelsMiddleware(models: readonly ReadModel[]): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'ReadModels',
    // Default level (10): above Dexie's hooks and observability middlewares, so the derived writes go
    // through them (live queries on a read model see them) and a source write a hook refuses is never followed.
    create(down) {
      const active = models.filter((m) => hasStore(down, m.store) && hasStore(down, META) && m.sources.every((s) => hasStore(down, s)) && m.reads.every((s) => hasStore(down, s)));
      if (active.length === 0) return {};
      return {
        transaction(stores, mode, options) {
          if (mode !== 'readwrite') return down.transaction(stores, mode, options);
          const widened = new Set(stores);
          for (const m of active) {
            if (!m.sources.some((s) => stores.includes(s))) continue;
            widened.add(m.store);
            for (const s of m.reads) widened.add(s);
            widened.add(META);
          }
          return down.transaction(widened.size === stores.length ? stores : [...widened], mode, options);
        },
        table(name) {
          const table = down.table(name);
          const mine = active.filter((m) => m.sources.includes(name));
          if (mine.length === 0) return table;
          const needsBefore = mine.some((m) => m.needsRowsBefore);
          return {
            ...table,
            // Chained on the promises DBCore returns, so every follow-up request is issued while the
            // IndexedDB transaction is still active.
            mutate: (req) => {
              // The marker's write and the mutation are issued back to back (a bulk writer's rows need not
              // wait for the marker's answer); a failed marker aborts the transaction.
              if (suspended.has(req.trans)) {
                const marked = markStale(down, req.trans).catch((err: unknown) => {
                  throw abort(req.trans, err);
                });
                return Promise.all([marked, table.mutate(req)]).then(([, res]) => res);
              }
              // An `add` replaces nothing: where it succeeds there was no row, where it fails nothing changed.
              const before = needsBefore && req.type !== 'add' ? rowsBefore<SourceRow>(table, req) : Promise.resolve([]);
              return before.then((rows) =>
                table.mutate(req).then((res) =>
                  Promise.all(mine.map((m) => m.follow(down, name, req, res, rows))).then(
                    () => res,
                    (err: unknown) => {
                      throw abort(req.trans, err);
                    },
                  ),
                ),
              );
            },
          };
        },
      };
    },
  };
}
