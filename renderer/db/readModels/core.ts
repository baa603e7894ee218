/**
 * DBCore plumbing shared by the read models: the stores, and reads and writes issued inside the transaction
 * of the mutation being mirrored (so they see its rows and commit or abort with it).
 *
 * Every call here is issued on the request's own transaction and chained on the promises DBCore returns, with
 * nothing awaited in between that is not an IndexedDB request, so the transaction stays active.
 */
import Dexie, { type DBCore, type DBCoreIndex, type DBCoreKeyRange, type DBCoreMutateRequest, type DBCoreTable, type DBCoreTransaction } from 'dexie';

export const RESIDENTS = 'residents';
export const VISITS = 'visits';
export const AMENDMENTS = 'visitAmendments';
export const ASSESSMENTS = 'assessments';
export const PLANS = 'carePlans';
export const ACKS = 'alertAcks';
export const DIGESTS = 'residentDigests';
export const REGISTER_ROWS = 'registerRows';
export const META = 'meta';

/** The records a digest is computed from (all keyed by `id`, all but residents with a `residentId`). */
export const DIGEST_SOURCES = [RESIDENTS, VISITS, AMENDMENTS, ASSESSMENTS, PLANS, ACKS] as const;
export type DigestSource = (typeof DIGEST_SOURCES)[number];

// DBCoreRangeType is a const enum (not importable under isolatedModules): 1 = Equal, 2 = Range.
const EQUAL = 1 as DBCoreKeyRange['type'];
const RANGE = 2 as DBCoreKeyRange['type'];

export const equalRange = (key: unknown): DBCoreKeyRange => ({ type: EQUAL, lower: key, upper: key });
export const between = (lower: unknown, upper: unknown): DBCoreKeyRange => ({ type: RANGE, lower, upper, lowerOpen: false, upperOpen: false });

export function hasStore(core: DBCore, name: string): boolean {
  return core.schema.tables.some((t) => t.name === name);
}

function index(table: DBCoreTable, keyPath: string | string[]): DBCoreIndex {
  const ix = table.schema.getIndexByKeyPath(keyPath);
  if (!ix) throw new Error(`${table.name}: no index on ${String(keyPath)}`);
  return ix;
}

/** A resident's rows of `table` (visits by [residentId+startedAt], the others by residentId). */
export function rowsOfResident<T>(core: DBCore, trans: DBCoreTransaction, table: Exclude<DigestSource, 'residents'>, residentId: string): Promise<T[]> {
  const t = core.table(table);
  const range = table === VISITS ? between([residentId, Dexie.minKey], [residentId, Dexie.maxKey]) : equalRange(residentId);
  const ix = index(t, table === VISITS ? ['residentId', 'startedAt'] : 'residentId');
  return t.query({ trans, values: true, query: { index: ix, range } }).then((r) => r.result as T[]);
}

/** The rows of several residents whose ids lie in [first, last] (sorted ids), for a chunked rebuild. */
export function rowsOfResidentRange<T>(core: DBCore, trans: DBCoreTransaction, table: Exclude<DigestSource, 'residents'>, first: string, last: string): Promise<T[]> {
  const t = core.table(table);
  const range = table === VISITS ? between([first, Dexie.minKey], [last, Dexie.maxKey]) : between(first, last);
  const ix = index(t, table === VISITS ? ['residentId', 'startedAt'] : 'residentId');
  return t.query({ trans, values: true, query: { index: ix, range } }).then((r) => r.result as T[]);
}

export function getMany<T>(core: DBCore, trans: DBCoreTransaction, table: string, keys: readonly unknown[]): Promise<(T | undefined)[]> {
  if (keys.length === 0) return Promise.resolve([]);
  return core.table(table).getMany({ trans, keys: [...keys] }) as Promise<(T | undefined)[]>;
}

/** The rows a mutation is about to replace or remove (undefined where there is none), in request order. */
export function rowsBefore<T>(table: DBCoreTable, req: DBCoreMutateRequest): Promise<(T | undefined)[]> {
  switch (req.type) {
    case 'add':
    case 'put': {
      const keys = req.keys ?? req.values.map((v: { id?: unknown }) => v.id);
      return table.getMany({ trans: req.trans, keys }) as Promise<(T | undefined)[]>;
    }
    case 'delete':
      return table.getMany({ trans: req.trans, keys: req.keys }) as Promise<(T | undefined)[]>;
    case 'deleteRange':
      return table.query({ trans: req.trans, values: true, query: { index: table.schema.primaryKey, range: req.range } }).then((r) => r.result as T[]);
  }
}

/** Writes `puts` and deletes `deletes` in `store`; a failed write throws (the caller aborts the transaction). */
export function writeRows(core: DBCore, trans: DBCoreTransaction, store: string, puts: readonly object[], deletes: readonly string[]): Promise<void> {
  const t = core.table(store);
  const check = (res: { numFailures: number; failures: Record<number, unknown> }): void => {
    if (res.numFailures > 0) throw new Error(`${store}: ${res.numFailures} derived write(s) failed: ${String(Object.values(res.failures)[0])}`);
  };
  const p1 = puts.length > 0 ? t.mutate({ type: 'put', trans, values: [...puts] }).then(check) : Promise.resolve();
  const p2 = deletes.length > 0 ? t.mutate({ type: 'delete', trans, keys: [...deletes] }).then(check) : Promise.resolve();
  return Promise.all([p1, p2]).then(() => undefined);
}

/** Up to this many keys, rowsByIndex asks one equality query per key; beyond, one range query. */
const FEW_KEYS = 8;

/**
 * The rows of `table` whose `keyPath` index holds one of `keys`, with a bounded number of requests whatever
 * the number of keys: one equality query per key for a few, else one query over the keys' span, filtered
 * (ids are UUIDv7, so the rows of a pulled page lie close together).
 */
export function rowsByIndex<T>(core: DBCore, trans: DBCoreTransaction, table: string, keyPath: string, keys: readonly string[]): Promise<T[]> {
  const wanted = [...new Set(keys)].sort();
  const first = wanted[0];
  const last = wanted[wanted.length - 1];
  if (first === undefined || last === undefined) return Promise.resolve([]);
  const t = core.table(table);
  const ix = index(t, keyPath);
  const query = (range: DBCoreKeyRange): Promise<T[]> => t.query({ trans, values: true, query: { index: ix, range } }).then((r) => r.result as T[]);
  if (wanted.length <= FEW_KEYS) return Promise.all(wanted.map((k) => query(equalRange(k)))).then((lists) => lists.flat());
  const set = new Set(wanted);
  return query(between(first, last)).then((rows) => rows.filter((r) => set.has((r as Record<string, unknown>)[keyPath] as string)));
}
