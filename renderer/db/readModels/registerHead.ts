/**
 * The register's head: its first rows under the default filter, kept in one `meta` row (`registerHead`) so the
 * register paints its first screenful from one small read before its 10,000 rows are in memory.
 *
 * It is part of the register read model (registerRowsModel.ts): every mutation of `residents` is followed,
 * in the same transaction, by the mirrored registerRows write and then by followHead, so every writer (the
 * repository, sync pulls, bulk loads, the bootstrap, upgrades) keeps it without knowing about it. A rebuild
 * (rebuild.ts) recomputes it; the start-up check compares it with registerRows and rebuilds it when they
 * disagree.
 *
 * Invariant, after every committed transaction that wrote residents through Dexie (not suspended) and
 * after every rebuild: `rows` are, in register order (shared/register.ts compareEntries: Thai collation of
 * first name, then last name, then id), exactly the current rows of registerRows (not deleted, not archived:
 * the register's default filter) that sort at or before the last of them, at most HEAD_KEEP rows; when
 * `all` is true they are every current row. The register uses it when it holds at least HEAD_ROWS rows or
 * all of them (readHeadRows); otherwise (or when the row is missing or malformed) the next write refills it
 * from registerRows in its transaction.
 *
 * Why this holds under maintenance (applyToHead): a written row first leaves the head (whatever it was);
 * it re-enters when it is current and sorts before the head's last row, or when the head holds every
 * current row. A row sorting after the last row is outside the kept prefix and stays out. Dropping the last
 * row (over HEAD_KEEP) keeps a prefix. Removing rows shrinks the prefix; below HEAD_ROWS rows it is refilled.
 *
 * Local: never synced, never in the outbox.
 */
import type { DBCore, DBCoreKeyRange, DBCoreMutateRequest, DBCoreMutateResponse } from 'dexie';
import { ARCHIVED_STATUSES, type Resident } from '../../../shared/resident';
import { compareThai } from '../../../shared/text/normalise';
import { projectRegisterRow, type RegisterRowRecord } from '../registerRows';
import { META, REGISTER_ROWS } from './core';

/** Rows the register needs for its first screenful (a tall window shows about 20). */
export const HEAD_ROWS = 40;
/** Rows kept: the slack lets a few head rows leave (renamed, archived, deleted) before a refill. */
export const HEAD_KEEP = 60;

export const REGISTER_HEAD_KEY = 'registerHead';

export interface RegisterHeadMeta {
  key: 'registerHead';
  rows: RegisterRowRecord[];
  /** `rows` are every current row of the register. */
  all: boolean;
}

export interface HeadSize {
  show: number;
  keep: number;
}

const SIZE: HeadSize = { show: HEAD_ROWS, keep: HEAD_KEEP };

// DBCoreRangeType is a const enum (not importable under isolatedModules): 3 = Any.
const ANY = { type: 3 as DBCoreKeyRange['type'] } as DBCoreKeyRange;

/** Register order (shared/register.ts compareEntries, on stored rows). */
export function compareHeadRows(a: RegisterRowRecord, b: RegisterRowRecord): number {
  return compareThai(a.firstName, b.firstName) || compareThai(a.lastName, b.lastName) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Shown under the register's default filter (shared/register.ts: not deleted, not archived). */
export function isCurrentRow(r: RegisterRowRecord): boolean {
  return !r.deletedAt && !ARCHIVED_STATUSES.includes(r.status);
}

/** Index at which `row` goes into the sorted `rows`. */
function insertionPoint(rows: readonly RegisterRowRecord[], row: RegisterRowRecord): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const at = rows[mid];
    if (at !== undefined && compareHeadRows(at, row) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The head of a whole register (every row of registerRows, any order). */
export function computeHead(all: readonly RegisterRowRecord[], size: HeadSize = SIZE): RegisterHeadMeta {
  const rows: RegisterRowRecord[] = [];
  let current = 0;
  for (const r of all) {
    if (!isCurrentRow(r)) continue;
    current++;
    const last = rows[rows.length - 1];
    if (rows.length >= size.keep && last !== undefined && compareHeadRows(r, last) >= 0) continue;
    rows.splice(insertionPoint(rows, r), 0, r);
    if (rows.length > size.keep) rows.pop();
  }
  return { key: 'registerHead', rows, all: current === rows.length };
}

/**
 * The head after rows were written (`puts`, in request order) and removed (`deletes`), or null when it can no
 * longer answer (fewer than size.show rows and not all): the caller then recomputes it from registerRows.
 */
export function applyToHead(head: RegisterHeadMeta, puts: readonly RegisterRowRecord[], deletes: readonly string[], size: HeadSize = SIZE): RegisterHeadMeta | null {
  const rows = [...head.rows];
  let all = head.all;
  const drop = (id: string): void => {
    const i = rows.findIndex((r) => r.id === id);
    if (i >= 0) rows.splice(i, 1);
  };
  for (const id of deletes) drop(id);
  for (const row of puts) {
    drop(row.id);
    if (!isCurrentRow(row)) continue;
    const last = rows[rows.length - 1];
    if (!all && (last === undefined || compareHeadRows(row, last) > 0)) continue;
    rows.splice(insertionPoint(rows, row), 0, row);
    if (rows.length > size.keep) {
      rows.pop();
      all = false;
    }
  }
  if (!all && rows.length < size.show) return null;
  return { key: 'registerHead', rows, all };
}

export function isHeadMeta(row: unknown): row is RegisterHeadMeta {
  const r = row as Partial<RegisterHeadMeta> | undefined;
  return r?.key === REGISTER_HEAD_KEY && Array.isArray(r.rows) && typeof r.all === 'boolean';
}

/** The rows of a stored head when it can answer the register's first screenful, else null. */
export function readHeadRows(row: unknown, size: HeadSize = SIZE): RegisterRowRecord[] | null {
  if (!isHeadMeta(row)) return null;
  return row.all || row.rows.length >= size.show ? row.rows : null;
}

function sameHead(a: RegisterHeadMeta, b: RegisterHeadMeta): boolean {
  return a.all === b.all && a.rows.length === b.rows.length && a.rows.every((r, i) => JSON.stringify(r) === JSON.stringify(b.rows[i]));
}

function refill(core: DBCore, req: DBCoreMutateRequest): Promise<RegisterHeadMeta> {
  const t = core.table(REGISTER_ROWS);
  return t.query({ trans: req.trans, values: true, query: { index: t.schema.primaryKey, range: ANY } }).then((r) => computeHead(r.result as RegisterRowRecord[]));
}

/**
 * Keeps the head in step with one mutation of residents whose registerRows mirror has been written (same
 * transaction; see the header).
 */
export function followHead(core: DBCore, req: DBCoreMutateRequest, res: DBCoreMutateResponse): Promise<void> {
  const meta = core.table(META);
  return meta.get({ trans: req.trans, key: REGISTER_HEAD_KEY }).then((stored: unknown) => {
    let next: Promise<RegisterHeadMeta>;
    if (!isHeadMeta(stored) || res.numFailures > 0 || req.type === 'deleteRange') {
      next = refill(core, req);
    } else {
      const puts = req.type === 'add' || req.type === 'put' ? (req.values as Resident[]).map(projectRegisterRow) : [];
      const deletes = req.type === 'delete' ? (req.keys as string[]) : [];
      const applied = applyToHead(stored, puts, deletes);
      if (applied !== null && sameHead(applied, stored)) return;
      next = applied !== null ? Promise.resolve(applied) : refill(core, req);
    }
    return next.then((head) =>
      meta.mutate({ type: 'put', trans: req.trans, values: [head] }).then((r) => {
        if (r.numFailures > 0) throw new Error(`registerHead: write failed: ${String(Object.values(r.failures)[0])}`);
      }),
    );
  });
}

/**
 * The start-up check of a stored head against registerRows (rebuild.ts checkReadModels): `stored` are the
 * registerRows of the head's ids (same order), `sampled` some other rows of registerRows. It agrees when its
 * rows are as stored, current, strictly in register order and enough, and each sampled row is in it exactly
 * when it is current and sorts within it.
 */
export function headAgrees(head: unknown, stored: readonly (RegisterRowRecord | undefined)[], sampled: readonly (RegisterRowRecord | undefined)[]): boolean {
  if (!isHeadMeta(head) || readHeadRows(head) === null) return false;
  const rows = head.rows;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const prev = rows[i - 1];
    if (r === undefined || !isCurrentRow(r) || JSON.stringify(r) !== JSON.stringify(stored[i])) return false;
    if (prev !== undefined && compareHeadRows(prev, r) >= 0) return false;
  }
  const ids = new Set(rows.map((r) => r.id));
  const last = rows[rows.length - 1];
  for (const s of sampled) {
    if (s === undefined) continue;
    const belongs = isCurrentRow(s) && (head.all || (last !== undefined && compareHeadRows(s, last) <= 0));
    if (belongs !== ids.has(s.id)) return false;
  }
  return true;
}
