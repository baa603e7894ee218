/**
 * The register's first screenful, kept so the register can paint it from one small read (two `meta` rows)
 * before its 10,000 rows are in memory.
 *
 * - `registerEpoch` (meta): a fresh random value written in the SAME transaction as every write to
 *   `residents` or `registerRows` (a DBCore middleware, like registerRows.ts, so every writer keeps it
 *   without knowing: the repository, sync pulls, bulk loads, upgrades, rebuilds). A readwrite transaction
 *   that includes either store is widened to include `meta`.
 * - `registerHead` (meta): the first HEAD_ROWS rows of the register under the default filter (current
 *   residents, no search), as stored in `registerRows`, with the epoch they were read at. The register writes
 *   it after reading every row and the epoch in one transaction.
 *
 * Invariant: a head whose epoch equals the current `registerEpoch` is exactly the first HEAD_ROWS rows of
 * the register under the default filter (no write to the register's data has committed since it was read).
 * A head with another epoch is ignored. Writes that bypass Dexie (raw IndexedDB, as some test set-ups do)
 * are not seen; the register replaces the head with the full read moments later in any case.
 *
 * Both rows are local: never synced, never in the outbox.
 */
import type { DBCore, Middleware } from 'dexie';
import type { CareRoundsDb } from './db';
import type { RegisterRowRecord } from './registerRows';

export const HEAD_ROWS = 40;

const META = 'meta';
const WATCHED: ReadonlySet<string> = new Set(['residents', 'registerRows']);

export interface RegisterEpochMeta {
  key: 'registerEpoch';
  value: string;
}

export interface RegisterHeadMeta {
  key: 'registerHead';
  /** The registerEpoch the rows were read at ('' when none had been written yet). */
  epoch: string;
  rows: RegisterRowRecord[];
}

function newEpoch(): string {
  return crypto.randomUUID();
}

/** Keeps `registerEpoch` (see the header). Installed by CareRoundsDb. */
export const registerEpochMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'RegisterEpoch',
  create(down) {
    if (!down.schema.tables.some((t) => t.name === META)) return {};
    return {
      transaction(stores, mode, options) {
        const widen = mode === 'readwrite' && stores.some((s) => WATCHED.has(s)) && !stores.includes(META);
        return down.transaction(widen ? [...stores, META] : stores, mode, options);
      },
      table(name) {
        const table = down.table(name);
        if (!WATCHED.has(name)) return table;
        const meta = down.table(META);
        return {
          ...table,
          // Issued with the write, not after it (one round trip less on every resident save): the epoch only
          // has to change in the same transaction; a fresh epoch after a failed write merely drops the head.
          mutate: (req) => {
            const epoch: RegisterEpochMeta = { key: 'registerEpoch', value: newEpoch() };
            return Promise.all([table.mutate(req), meta.mutate({ type: 'put', trans: req.trans, values: [epoch] })]).then(([res]) => res);
          },
        };
      },
    };
  },
};

function isHead(row: unknown): row is RegisterHeadMeta {
  const r = row as Partial<RegisterHeadMeta> | undefined;
  return r?.key === 'registerHead' && typeof r.epoch === 'string' && Array.isArray(r.rows);
}

function epochOf(row: unknown): string {
  const r = row as Partial<RegisterEpochMeta> | undefined;
  return r?.key === 'registerEpoch' && typeof r.value === 'string' ? r.value : '';
}

/** The current epoch, for reading inside the transaction that reads the register's rows. */
export async function readRegisterEpoch(db: CareRoundsDb): Promise<string> {
  return epochOf(await db.meta.get('registerEpoch'));
}

/** The kept head if it is still valid (see the invariant), else null. One transaction, two gets. */
export function readRegisterHead(db: CareRoundsDb): Promise<RegisterRowRecord[] | null> {
  return db.transaction('r', db.meta, async () => {
    const [head, epoch] = await Promise.all([db.meta.get('registerHead'), db.meta.get('registerEpoch')]);
    return isHead(head) && head.epoch === epochOf(epoch) ? head.rows : null;
  });
}

/**
 * Keeps `rows` (the first rows under the default filter, read with `epoch` in one transaction) as the head,
 * unless the same head is already kept. A write committed since that read has changed the epoch, so a head
 * written late is simply never valid.
 */
export async function saveRegisterHead(db: CareRoundsDb, epoch: string, rows: readonly RegisterRowRecord[]): Promise<void> {
  const kept = await db.meta.get('registerHead');
  if (isHead(kept) && kept.epoch === epoch && kept.rows.length === rows.length && kept.rows.every((r, i) => r.id === rows[i]?.id)) return;
  const head: RegisterHeadMeta = { key: 'registerHead', epoch, rows: [...rows] };
  await db.meta.put(head);
}
