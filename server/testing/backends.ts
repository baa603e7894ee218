/**
 * Runs a server test suite against both database back ends: PGlite (in memory) always, and PostgreSQL from
 * DATABASE_URL_TEST (or TEST_DATABASE_URL).
 *
 * Invariants:
 * - Nothing is skipped silently: without a PostgreSQL URL the PostgreSQL variant FAILS, telling how to start
 *   one (scripts/start-postgres.sh), unless CARE_ROUNDS_PG=off is set explicitly (then one line is printed).
 * - Every `open()` gets an isolated database: a fresh in-memory PGlite, or a fresh PostgreSQL schema with a
 *   unique name (search_path pinned on every pooled connection), dropped after the suite. Suites can
 *   therefore run in parallel against one PostgreSQL database.
 * - `reopenable()` gives the same isolation for a database a test closes and opens again (server restart):
 *   an on-disk PGlite in its own temporary folder (removed after the suite), or its own PostgreSQL schema.
 * - PGlite's initdb takes seconds, so fresh PGlite databases are cloned from a data-directory dump made once
 *   (cached in the OS temp folder under a key of the PGlite version and the migrations' checksums).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ROOT_DIR } from '../config';
import { openDb, type Db } from '../db/db';
import { checksum, loadMigrations, migrate } from '../db/migrate';

export type BackendKind = 'pglite' | 'postgres';

export interface Backend {
  kind: BackendKind;
  /** A fresh, isolated, migrated (unless `migrate: false`) database, closed and dropped after the suite. */
  open(options?: { migrate?: boolean }): Promise<Db>;
  /**
   * A fresh, isolated, migrated database that can be closed and opened again on the same data (a server
   * restart): an on-disk PGlite in a temporary folder, or a PostgreSQL schema. Removed after the suite.
   */
  reopenable(): Promise<ReopenableDb>;
}

export interface ReopenableDb {
  /** A new connection to the same data (migrations verified). The caller closes each one it opened. */
  open(): Promise<Db>;
}

export function postgresTestUrl(): string | undefined {
  const url = process.env.DATABASE_URL_TEST ?? process.env.TEST_DATABASE_URL;
  return url && url.trim() !== '' ? url.trim() : undefined;
}

export function postgresDisabled(): boolean {
  return process.env.CARE_ROUNDS_PG === 'off';
}

const MISSING_PG_MESSAGE =
  'PostgreSQL variant of the server tests needs a database: run\n' +
  '  export DATABASE_URL_TEST="$(bash scripts/start-postgres.sh)"\n' +
  'and re-run the tests (or set CARE_ROUNDS_PG=off to run PGlite only).';

let printedOff = false;
let staleSwept = false;

/** Schemas of test runs that died before their cleanup (older than 6 hours) are dropped once per process. */
async function sweepStaleSchemas(admin: pg.Client): Promise<void> {
  if (staleSwept) return;
  staleSwept = true;
  const { rows } = await admin.query<{ nspname: string }>("SELECT nspname FROM pg_namespace WHERE nspname LIKE 't\\_%'");
  for (const { nspname } of rows) {
    const m = /^t_([0-9a-z]+)_[0-9a-f]{12}$/.exec(nspname);
    const born = m?.[1] ? Number.parseInt(m[1], 36) : NaN;
    if (Number.isFinite(born) && Date.now() - born > 6 * 3600_000) await admin.query(`DROP SCHEMA IF EXISTS "${nspname}" CASCADE`);
  }
}

const templates = new Map<string, Promise<Blob>>();

async function templateKey(migrated: boolean): Promise<string> {
  const pkg = await readFile(path.join(ROOT_DIR, 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8');
  const version = (JSON.parse(pkg) as { version?: unknown }).version;
  const sums = migrated ? (await loadMigrations()).map((m) => `${m.name}:${checksum(m.sql)}`) : [];
  return createHash('sha256').update(JSON.stringify([version, migrated, sums])).digest('hex').slice(0, 24);
}

/** A dump of a fresh (and, if asked, migrated) PGlite database, built once per key. */
function pgliteTemplate(migrated: boolean): Promise<Blob> {
  const id = migrated ? 'migrated' : 'empty';
  let p = templates.get(id);
  if (!p) {
    p = (async () => {
      const file = path.join(tmpdir(), `carerounds-pglite-${await templateKey(migrated)}.tar`);
      try {
        return new Blob([await readFile(file)]);
      } catch {
        // not cached yet
      }
      // The migrated template starts from the empty one, so initdb runs once.
      const db = migrated
        ? await openDb({ dataDir: 'memory://', loadDataDir: await pgliteTemplate(false) })
        : await openDb({ dataDir: 'memory://' });
      try {
        if (migrated) await migrate(db);
        if (!db.dumpDataDir) throw new Error('PGlite adapter cannot dump');
        const dump = await db.dumpDataDir();
        const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
        await writeFile(tmp, Buffer.from(await dump.arrayBuffer()));
        await rename(tmp, file); // atomic: parallel workers never read a half-written dump
        return dump;
      } finally {
        await db.close();
      }
    })();
    templates.set(id, p);
  }
  return p;
}

/** A fresh in-memory PGlite with every migration applied, cloned from the cached template (no initdb). */
export async function openMigratedPglite(): Promise<Db> {
  return openDb({ dataDir: 'memory://', loadDataDir: await pgliteTemplate(true) });
}

function makeBackend(kind: BackendKind, cleanups: (() => Promise<void>)[]): Backend {
  return {
    kind,
    async open(options = {}) {
      let db: Db;
      if (kind === 'pglite') {
        db = await openDb({ dataDir: 'memory://', loadDataDir: await pgliteTemplate(options.migrate !== false) });
        cleanups.push(() => db.close());
      } else {
        const { url, schema } = await createTestSchema(cleanups);
        db = await openDb({ databaseUrl: url, searchPath: schema, maxConnections: 8 });
        const opened = db;
        cleanups.push(() => opened.close()); // runs before the schema's drop (cleanups run in reverse)
      }
      // PGlite clones are already migrated; this verifies them (a no-op) or migrates PostgreSQL.
      if (options.migrate !== false) await migrate(db);
      return db;
    },
    async reopenable() {
      const opened: Db[] = [];
      let connect: () => Promise<Db>;
      if (kind === 'pglite') {
        const dir = await mkdtemp(path.join(tmpdir(), 'carerounds-reopen-'));
        cleanups.push(() => rm(dir, { recursive: true, force: true }));
        let first = true;
        connect = async () => {
          // The first open unpacks the migrated template into the folder; later ones open what is there.
          const loadDataDir = first ? await pgliteTemplate(true) : undefined;
          first = false;
          return openDb({ dataDir: dir, loadDataDir });
        };
      } else {
        const { url, schema } = await createTestSchema(cleanups);
        connect = () => openDb({ databaseUrl: url, searchPath: schema, maxConnections: 8 });
      }
      cleanups.push(async () => {
        for (const d of opened) await d.close(); // close() is idempotent on both back ends
      });
      return {
        async open() {
          const db = await connect();
          opened.push(db);
          await migrate(db);
          return db;
        },
      };
    },
  };
}

/** A new uniquely named PostgreSQL schema, dropped by the returned cleanup (pushed onto `cleanups`). */
async function createTestSchema(cleanups: (() => Promise<void>)[]): Promise<{ url: string; schema: string }> {
  const url = postgresTestUrl();
  if (!url) throw new Error(MISSING_PG_MESSAGE);
  const schema = `t_${Date.now().toString(36)}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await sweepStaleSchemas(admin);
    await admin.query(`CREATE SCHEMA "${schema}"`);
  } finally {
    await admin.end();
  }
  cleanups.push(async () => {
    const dropper = new pg.Client({ connectionString: url });
    await dropper.connect();
    try {
      await dropper.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    } finally {
      await dropper.end();
    }
  });
  return { url, schema };
}

/** `describe(name [pglite])` and `describe(name [postgres])`, each receiving its Backend. */
export function describeBackends(name: string, fn: (backend: Backend) => void): void {
  const kinds: BackendKind[] = ['pglite'];
  if (postgresTestUrl()) kinds.push('postgres');
  else if (postgresDisabled()) {
    if (!printedOff) {
      printedOff = true;
      console.log('CARE_ROUNDS_PG=off: server suites run on PGlite only.');
    }
  } else {
    describe(`${name} [postgres]`, () => {
      it('has a PostgreSQL database to run against', () => {
        throw new Error(MISSING_PG_MESSAGE);
      });
    });
  }

  for (const kind of kinds) {
    describe(`${name} [${kind}]`, () => {
      const cleanups: (() => Promise<void>)[] = [];
      // Building the PGlite templates (initdb) can take tens of seconds on a busy machine: not a test's time.
      if (kind === 'pglite') beforeAll(() => pgliteTemplate(true), 180_000);
      afterAll(async () => {
        for (const c of cleanups.reverse()) await c();
      }, 60_000);
      fn(makeBackend(kind, cleanups));
    });
  }
}
