// Server backups on the real back ends: PGlite on disk, and PostgreSQL through the real pg_dump / pg_restore
// (docs/security.md §3 "Backups"). Backup → restore into an empty target → the same rows; a tampered file or
// a wrong passphrase restores nothing.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupError, type BackupErrorCode } from '../shared/backup/format';
import { backupServer, pgEnv, restoreServer } from './backup';
import { openDb, type Db } from './db/db';
import { migrate } from './db/migrate';
import { seedDemo, seedDemoRecords } from './seed';
import { openMigratedPglite, postgresDisabled, postgresTestUrl } from './testing/backends';

const PASS = 'รหัสสำรอง backup 2026';
// The floor the format allows: key derivation at the production count is exercised in shared/backup.
const FAST = { iterations: 100_000 };

async function seeded(db: Db): Promise<void> {
  await migrate(db);
  await seedDemo(db);
  await seedDemoRecords(db, { residents: 4, now: () => Date.parse('2026-03-01T03:00:00Z') });
}

/** Every row of every table in `schema`, in a stable order, as JSON. */
async function snapshot(db: Db, schema: string): Promise<Record<string, string[]>> {
  const { rows } = await db.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name",
    [schema],
  );
  const out: Record<string, string[]> = {};
  for (const { table_name: table } of rows) {
    const data = await db.query<{ j: string }>(`SELECT row_to_json(t)::text AS j FROM "${schema}"."${table}" t`);
    out[table] = data.rows.map((r) => r.j).sort();
  }
  return out;
}

async function failure(run: () => Promise<unknown>): Promise<BackupErrorCode | 'no error'> {
  try {
    await run();
    return 'no error';
  } catch (error) {
    if (error instanceof BackupError) return error.code;
    throw error;
  }
}

function flipped(bytes: Buffer, at: number): Buffer {
  const out = Buffer.from(bytes);
  out[at] = (out[at] ?? 0) ^ 0x40;
  return out;
}

let work = '';
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'carerounds-backup-test-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('server backup [pglite]', () => {
  it('restores the same rows into an empty data folder; a tampered file or wrong passphrase restores nothing', async () => {
    const source = path.join(work, 'pglite-source');
    // An on-disk database cloned from the suites' migrated template (no initdb).
    const template = await openMigratedPglite();
    const dump = await template.dumpDataDir?.();
    await template.close();
    const db = await openDb({ dataDir: source, loadDataDir: dump });
    await seeded(db);
    const before = await snapshot(db, 'public');
    await db.close();
    expect(before.records?.length).toBeGreaterThan(4);

    const file = path.join(work, 'pglite.crbackup');
    expect(await backupServer({ dataDir: source }, PASS, file, FAST)).toMatchObject({ kind: 'pglite' });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const bytes = await readFile(file);

    const bad = path.join(work, 'pglite-bad.crbackup');
    const badTarget = path.join(work, 'pglite-bad-target');
    await writeFile(bad, flipped(bytes, bytes.length - 100));
    expect(await failure(() => restoreServer({ dataDir: badTarget }, PASS, bad))).toBe('backup_corrupt');
    expect(await failure(() => restoreServer({ dataDir: badTarget }, 'wrong passphrase', file))).toBe('backup_wrong_key');
    expect(await readdir(badTarget).catch(() => [])).toEqual([]);

    const target = path.join(work, 'pglite-target');
    await restoreServer({ dataDir: target }, PASS, file);
    const restored = await openDb({ dataDir: target });
    try {
      await migrate(restored); // verifies the schema it found (a no-op when whole)
      expect(await snapshot(restored, 'public')).toEqual(before);
    } finally {
      await restored.close();
    }
    // Never over a database that exists.
    await expect(restoreServer({ dataDir: target }, PASS, file)).rejects.toThrow(/empty data folder/);
  }, 240_000);
});

const pgUrl = postgresTestUrl();
if (pgUrl === undefined && !postgresDisabled()) {
  describe('server backup [postgres]', () => {
    it('has a PostgreSQL database to run against', () => {
      throw new Error('run: export DATABASE_URL_TEST="$(bash scripts/start-postgres.sh)" (or CARE_ROUNDS_PG=off)');
    });
  });
}

if (pgUrl !== undefined) {
  describe('server backup [postgres]', () => {
    const schema = `t_${Date.now().toString(36)}_${randomBytes(6).toString('hex')}`;
    const admin = async <T>(run: (c: pg.Client) => Promise<T>): Promise<T> => {
      const client = new pg.Client({ connectionString: pgUrl });
      await client.connect();
      try {
        return await run(client);
      } finally {
        await client.end();
      }
    };
    const schemaExists = () => admin(async (c) => (await c.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).rowCount === 1);
    afterAll(() => admin((c) => c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)));

    it('pg_dump → encrypted file → pg_restore gives the same rows; tampering and a wrong passphrase restore nothing', async () => {
      await admin((c) => c.query(`CREATE SCHEMA "${schema}"`));
      const db = await openDb({ databaseUrl: pgUrl, searchPath: schema, maxConnections: 2 });
      let before: Record<string, string[]>;
      try {
        await seeded(db);
        before = await snapshot(db, schema);
      } finally {
        await db.close();
      }
      expect(before.records?.length).toBeGreaterThan(4);

      const file = path.join(work, 'pg.crbackup');
      expect(await backupServer({ databaseUrl: pgUrl, schema }, PASS, file, FAST)).toMatchObject({ kind: 'postgres' });
      const bytes = await readFile(file);
      expect(bytes.includes(Buffer.from('PGDMP'))).toBe(false); // encrypted: no pg_dump magic in the clear

      // The target is empty: the schema is gone.
      await admin((c) => c.query(`DROP SCHEMA "${schema}" CASCADE`));

      const bad = path.join(work, 'pg-bad.crbackup');
      const headerAndFirstChunk = bytes.subarray(0, bytes.length - 1); // cut the last byte off
      await writeFile(bad, headerAndFirstChunk);
      expect(await failure(() => restoreServer({ databaseUrl: pgUrl }, PASS, bad))).toBe('backup_corrupt');
      await writeFile(bad, flipped(bytes, 200));
      expect(await failure(() => restoreServer({ databaseUrl: pgUrl }, PASS, bad))).toBe('backup_corrupt');
      expect(await failure(() => restoreServer({ databaseUrl: pgUrl }, 'not it', file))).toBe('backup_wrong_key');
      expect(await failure(() => restoreServer({ dataDir: path.join(work, 'x') }, PASS, file))).toBe('backup_wrong_kind');
      expect(await schemaExists()).toBe(false);

      await restoreServer({ databaseUrl: pgUrl }, PASS, file);
      const restored = await openDb({ databaseUrl: pgUrl, searchPath: schema, maxConnections: 2 });
      try {
        await migrate(restored);
        expect(await snapshot(restored, schema)).toEqual(before);
      } finally {
        await restored.close();
      }
      // A second restore over the same objects fails whole (one transaction) and changes nothing.
      await expect(restoreServer({ databaseUrl: pgUrl }, PASS, file)).rejects.toThrow(/pg_restore failed/);
    }, 240_000);

    it('passes the connection to the tools in the environment, never on the command line', () => {
      const env = pgEnv('postgres://u%40x:p%3Ass@db.example:6543/care?sslmode=require');
      expect(env).toMatchObject({ PGHOST: 'db.example', PGPORT: '6543', PGUSER: 'u@x', PGPASSWORD: 'p:ss', PGDATABASE: 'care', PGSSLMODE: 'require' });
    });
  });
}
