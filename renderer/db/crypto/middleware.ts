/**
 * The sealing layer (docs/security.md §3 "Records at rest"): a Dexie DBCore middleware, closest to
 * IndexedDB, that seals the rows written to the sealed stores (stores.ts) and opens the rows read from them,
 * so every layer above (Dexie's hooks and live queries, the read models, the repositories) sees plain
 * records. The crypto runs inside the caller's transaction without letting it commit (pump.ts).
 *
 * - Writes (add, put) seal every value; while locked they reject with `locked` and write nothing. A value
 *   sealed ahead of its write (SealingLayers.seal: the same object, for the same store) is written as it
 *   was sealed then; every layer above still sees the plain value.
 * - Reads (get, getMany, query and cursors with values) open sealed rows and pass plain rows through; while
 *   locked, a read meeting a sealed row rejects with `locked`, never returning the envelope.
 * - A query on a hashed index asks by equality with the plain value; it is hashed here.
 * - Deletes, counts and key-only reads need no key.
 */
import type { DBCore, DBCoreCursor, DBCoreGetManyRequest, DBCoreGetRequest, DBCoreIndex, DBCoreKeyRange, DBCoreMutateRequest, DBCoreOpenCursorRequest, DBCoreQuery, DBCoreQueryRequest, DBCoreTable, DBCoreTableSchema, Middleware } from 'dexie';
import { isSealed, valueAt } from '../../../shared/crypto/recordEnvelope';
import { LockedError } from '../../lock/keyring';
import { afterCrypto } from './pump';
import type { SealLayout, Sealer } from './sealer';
import { SEALED_STORES, type SealedStoreConfig } from './stores';

/** Rows sealed ahead of their write (SealingLayers.seal), by the very object that will be written. */
const sealedAhead = new WeakMap<object, { store: string; row: Record<string, unknown> }>();

// DBCoreRangeType is a const enum (not importable under isolatedModules): 1 = Equal.
const EQUAL = 1 as DBCoreKeyRange['type'];

/** The DBCore just below the sealing layer (rows as stored) and the sealing layer itself (rows as records). */
export interface SealingLayers {
  stored: DBCore;
  sealing: DBCore;
  /**
   * Seals `rows` of `store` ahead of their write, outside any transaction (a first sync seals its next chunk
   * while the last one is written). Writing these very objects to `store` later writes what was sealed now,
   * so they must not be changed in between. Nothing is done for a store not sealed, or sealed only in part.
   */
  seal(store: string, rows: readonly object[]): Promise<void>;
}

/** `onCreate` receives the layers when Dexie builds the stack (leftovers.ts seals older plain rows through them). */
export function sealingMiddleware(sealer: Sealer, stores: Readonly<Record<string, SealedStoreConfig>> = SEALED_STORES, onCreate?: (layers: SealingLayers) => void): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'Sealing',
    // Below Dexie's own middlewares (the lowest is -1) and the read models: everything above sees plain rows.
    level: -2,
    create(down) {
      const sealing: DBCore = {
        ...down,
        table(name) {
          const table = down.table(name);
          const config = stores[name];
          return config ? sealedTable(table, layoutOf(table.schema, config), sealer, config) : table;
        },
      };
      const seal = async (store: string, rows: readonly object[]): Promise<void> => {
        const config = stores[store];
        if (!config || config.only) return;
        const sealed = await sealer.sealMany(layoutOf(down.table(store).schema, config), rows);
        rows.forEach((row, i) => {
          const out = sealed[i];
          if (out !== undefined) sealedAhead.set(row, { store, row: out });
        });
      };
      onCreate?.({ stored: down, sealing, seal });
      return sealing;
    },
  };
}

function keyPaths(index: DBCoreIndex): string[] {
  const kp = index.keyPath;
  if (kp === null) return [];
  return typeof kp === 'string' ? [kp] : [...kp];
}

function layoutOf(schema: DBCoreTableSchema, config: SealedStoreConfig): SealLayout {
  const hashed = config.hashed ?? {};
  const [primaryKey] = keyPaths(schema.primaryKey);
  if (primaryKey === undefined || schema.primaryKey.outbound) throw new Error(`${schema.name}: a sealed store needs an inbound primary key`);
  const secret = new Set([...Object.keys(hashed), ...Object.values(hashed)]);
  const readable = [...new Set([primaryKey, ...schema.indexes.flatMap(keyPaths)])].filter((p) => !secret.has(p));
  // Only the hashed indexes the schema has: an older version opened in tests lacks them.
  const present = Object.fromEntries(Object.entries(hashed).filter(([ix]) => schema.indexes.some((i) => i.name === ix)));
  return { store: schema.name, primaryKey, readable, hashed: present };
}

type Trans = IDBTransaction;

function sealedTable(table: DBCoreTable, layout: SealLayout, sealer: Sealer, config: SealedStoreConfig): DBCoreTable {
  const name = table.name;
  const only: ReadonlySet<unknown> | null = config.only ? new Set(config.only) : null;
  const trans = (req: { trans: unknown }): Trans => req.trans as Trans;

  /** Opens what a read returned; rows that are all plain pass without crypto (and so without pumping). */
  const openAll = <T>(t: Trans, rows: readonly unknown[], done: (opened: unknown[]) => T): T | Promise<T> => {
    if (!rows.some(isSealed)) return done([...rows]);
    if (!sealer.unlocked) return Promise.reject(new LockedError());
    const recalled = rows.map((r) => (isSealed(r) ? sealer.recall(layout, r) : r));
    if (recalled.every((r, i) => r !== undefined || !isSealed(rows[i]))) return done(recalled);
    return afterCrypto(t, name, Promise.all(rows.map((r, i) => (recalled[i] !== undefined ? recalled[i] : sealer.open(layout, r)))), done);
  };

  /** The query with a hashed index's plain value replaced by its hash. */
  const hashedQuery = <R>(t: Trans, query: DBCoreQuery, run: (q: DBCoreQuery) => Promise<R>): Promise<R> => {
    const source = query.index.name === null ? undefined : layout.hashed[query.index.name];
    if (source === undefined) return run(query);
    if (query.range.type !== EQUAL || typeof query.range.lower !== 'string') {
      return Promise.reject(new Error(`${name}.${String(query.index.name)} holds keyed hashes: it answers equality with a text value only`));
    }
    if (!sealer.unlocked) return Promise.reject(new LockedError());
    const indexName = query.index.name ?? '';
    return afterCrypto(t, name, sealer.hash(indexName, query.range.lower), (h) => run({ ...query, range: { type: EQUAL, lower: h, upper: h } }));
  };

  return {
    ...table,
    mutate(req: DBCoreMutateRequest) {
      if (req.type !== 'add' && req.type !== 'put') return table.mutate(req);
      const values = req.values as object[];
      const chosen = only === null ? values : values.filter((v) => only.has(valueAt(v, layout.primaryKey)));
      if (chosen.length === 0) return table.mutate(req);
      if (!sealer.unlocked) return Promise.reject(new LockedError());
      const ready = new Map<object, object>();
      for (const v of chosen) {
        const ahead = sealedAhead.get(v);
        if (ahead?.store !== name) continue;
        ready.set(v, ahead.row);
        sealedAhead.delete(v); // used once: the object may be changed and written again afterwards
      }
      const rest = ready.size === 0 ? chosen : chosen.filter((v) => !ready.has(v));
      if (rest.length === 0) return table.mutate({ ...req, values: values.map((v) => ready.get(v) ?? v) });
      const sealing = only === null ? sealer.sealMany(layout, rest) : Promise.all(rest.map((v) => sealer.seal(layout, v)));
      return afterCrypto(trans(req), name, sealing, (sealed) => {
        rest.forEach((v, i) => void ready.set(v, sealed[i] ?? v));
        return table.mutate({ ...req, values: values.map((v) => ready.get(v) ?? v) });
      });
    },
    get(req: DBCoreGetRequest) {
      return table.get(req).then((row) => openAll(trans(req), [row], (o) => o[0]));
    },
    getMany(req: DBCoreGetManyRequest) {
      return table.getMany(req).then((rows) => openAll(trans(req), rows, (o) => o));
    },
    query(req: DBCoreQueryRequest) {
      return hashedQuery(trans(req), req.query, (query) =>
        table.query({ ...req, query }).then((res) => (req.values ? openAll(trans(req), res.result, (o) => ({ ...res, result: o })) : res)),
      );
    },
    count(req) {
      return hashedQuery(trans(req), req.query, (query) => table.count({ ...req, query }));
    },
    openCursor(req: DBCoreOpenCursorRequest) {
      return hashedQuery(trans(req), req.query, (query) =>
        table.openCursor({ ...req, query }).then((cursor) => (cursor && req.values ? openingCursor(cursor, trans(req), name, layout, sealer) : cursor)),
      );
    },
  };
}

/**
 * A cursor whose `value` is the opened row. Each time the cursor moves, the row is opened (pumping the
 * transaction) before the caller's callback runs; the caller continues the cursor from that callback.
 */
function openingCursor(cursor: DBCoreCursor, t: Trans, name: string, layout: SealLayout, sealer: Sealer): DBCoreCursor {
  let current: unknown;
  return Object.create(cursor, {
    // The native cursor's getters need the native cursor as `this`.
    key: { get: () => cursor.key },
    primaryKey: { get: () => cursor.primaryKey },
    value: { get: () => current },
    start: {
      value: (onNext: () => void) =>
        cursor.start(() => {
          const raw: unknown = cursor.value;
          if (!isSealed(raw)) {
            current = raw;
            onNext();
            return;
          }
          if (!sealer.unlocked) {
            cursor.fail(new LockedError());
            return;
          }
          const recalled = sealer.recall(layout, raw);
          if (recalled !== undefined) {
            current = recalled;
            onNext();
            return;
          }
          afterCrypto(t, name, sealer.open(layout, raw), (opened) => {
            current = opened;
            onNext();
          }).catch((err: unknown) => cursor.fail(err instanceof Error ? err : new Error(String(err))));
        }),
    },
  }) as DBCoreCursor;
}
