/**
 * One database interface over two back ends: a `pg` Pool when DATABASE_URL is set, else embedded PGlite in a
 * data folder (`memory://` for tests).
 *
 * Invariants:
 * - PGlite has a single connection, so every top-level query and every transaction takes one mutex: a plain
 *   query can never run inside somebody else's open transaction. Queries on the `tx` handed to a transaction
 *   body run inside it without the mutex (it is already held).
 * - PGlite's relaxedDurability is never enabled, and an on-disk PGlite runs with fsync on (PGlite's default
 *   start parameters turn it off with `-F`): an acknowledged push must survive a power cut.
 * - int8 columns come back as JS numbers on both back ends (seqs stay far below 2^53); timestamptz as Date;
 *   jsonb as parsed JSON.
 * - A transaction commits when its body resolves and rolls back when it throws; nested `transaction` calls
 *   on a `tx` join the outer transaction.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export interface QueryResult<T> {
  rows: T[];
}

export interface Db {
  readonly kind: 'pglite' | 'postgres';
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
  /** Runs several `;`-separated statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** PGlite only: a tarball of the data directory (tests clone a migrated database from it). */
  dumpDataDir?: () => Promise<Blob>;
}

export interface OpenDbOptions {
  /** postgres://… → PostgreSQL; absent → PGlite. */
  databaseUrl?: string | undefined;
  /** PGlite data folder (default `.data/pglite`); `memory://` keeps everything in memory. */
  dataDir?: string | undefined;
  /** PostgreSQL only: the schema every connection uses (tests isolate suites this way). */
  searchPath?: string | undefined;
  /** PostgreSQL only: pool size (default 10). */
  maxConnections?: number | undefined;
  /** PGlite only: start from this data-directory dump (tests: skips the slow initdb). */
  loadDataDir?: Blob | undefined;
}

export const DEFAULT_PGLITE_DIR = '.data/pglite';

const INT8_OID = 20;

function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`int8 value beyond 2^53: ${value}`);
  return n;
}

/** A FIFO mutex: each `run` starts after the previous one settled. */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn, fn);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

export async function openDb(options: OpenDbOptions = {}): Promise<Db> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options);
  return openPglite(options.dataDir ?? DEFAULT_PGLITE_DIR, options.loadDataDir);
}

// ---------------------------------------------------------------------------------------------------------
// PGlite

async function openPglite(dataDir: string, loadDataDir: Blob | undefined): Promise<Db> {
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) await mkdir(path.resolve(dataDir), { recursive: true });
  const startParams = inMemory ? undefined : PGlite.defaultStartParams.filter((p) => p !== '-F');
  const pgl = await PGlite.create(inMemory ? dataDir : path.resolve(dataDir), {
    relaxedDurability: false,
    parsers: { [INT8_OID]: parseInt8 },
    ...(startParams ? { startParams } : {}),
    ...(loadDataDir ? { loadDataDir } : {}),
  });
  const mutex = new Mutex();
  let closed = false;

  const rawQuery = async <T>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> => {
    const res = await pgl.query<T>(sql, params ? [...params] : undefined);
    return { rows: res.rows };
  };

  const inTx: Db = {
    kind: 'pglite',
    query: rawQuery,
    exec: async (sql) => {
      await pgl.exec(sql);
    },
    transaction: (fn) => fn(inTx),
    close: () => Promise.reject(new Error('close() inside a transaction')),
  };

  return {
    kind: 'pglite',
    dumpDataDir: () => mutex.run(() => pgl.dumpDataDir('none')),
    query: (sql, params) => mutex.run(() => rawQuery(sql, params)),
    exec: (sql) =>
      mutex.run(async () => {
        await pgl.exec(sql);
      }),
    transaction: (fn) =>
      mutex.run(async () => {
        await pgl.exec('BEGIN');
        let result;
        try {
          result = await fn(inTx);
        } catch (error) {
          await pgl.exec('ROLLBACK');
          throw error;
        }
        await pgl.exec('COMMIT');
        return result;
      }),
    close: () =>
      mutex.run(async () => {
        if (closed) return;
        closed = true;
        await pgl.close();
      }),
  };
}

// ---------------------------------------------------------------------------------------------------------
// PostgreSQL

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe identifier: ${name}`);
  return `"${name}"`;
}

async function openPostgres(databaseUrl: string, options: OpenDbOptions): Promise<Db> {
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === INT8_OID ? parseInt8 : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.maxConnections ?? 10,
    types,
    ...(options.searchPath ? { options: `-c search_path=${quoteIdent(options.searchPath)}` } : {}),
  });
  // An idle client losing its connection (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);

  const clientDb = (client: pg.PoolClient): Db => {
    const db: Db = {
      kind: 'postgres',
      query: async <T>(sql: string, params?: readonly unknown[]) => {
        const res = await client.query(sql, params ? [...params] : undefined);
        return { rows: res.rows as T[] };
      },
      exec: async (sql) => {
        await client.query(sql);
      },
      transaction: (fn) => fn(db),
      close: () => Promise.reject(new Error('close() inside a transaction')),
    };
    return db;
  };

  let closed = false;
  return {
    kind: 'postgres',
    query: async <T>(sql: string, params?: readonly unknown[]) => {
      const res = await pool.query(sql, params ? [...params] : undefined);
      return { rows: res.rows as T[] };
    },
    exec: async (sql) => {
      await pool.query(sql);
    },
    transaction: async (fn) => {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        try {
          const result = await fn(clientDb(client));
          await client.query('COMMIT');
          return result;
        } catch (error) {
          try {
            await client.query('ROLLBACK');
          } catch {
            broken = true; // connection is gone: do not return it to the pool
          }
          throw error;
        }
      } finally {
        client.release(broken);
      }
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
