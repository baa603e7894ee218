/**
 * The PostgreSQL database of the sync benchmarks: DATABASE_URL_TEST, else DATABASE_URL, else the local one
 * scripts/start-postgres.sh starts (installing Debian's postgresql if needed). Each run works in its own
 * fresh schema (`bench_<time>_<random>`, search_path pinned on every pooled connection), migrated by the
 * server's own migrations and dropped at the end, so it never touches the data of test suites or other runs
 * sharing the database.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { openDb, type Db } from '../../../server/db/db';
import { migrate } from '../../../server/db/migrate';
import { REPO_ROOT } from '../../e2e/support/build';

const run = promisify(execFile);

export interface BenchPg {
  url: string;
  schema: string;
  db: Db;
  /** Closes the pool and drops the schema. */
  close(): Promise<void>;
}

async function resolveUrl(): Promise<string> {
  const given = (process.env.DATABASE_URL_TEST ?? process.env.DATABASE_URL ?? '').trim();
  if (given !== '') return given;
  console.error('[bench] no DATABASE_URL_TEST or DATABASE_URL: starting PostgreSQL with scripts/start-postgres.sh');
  try {
    const { stdout } = await run('bash', [path.join(REPO_ROOT, 'scripts/start-postgres.sh')], { maxBuffer: 1 << 20 });
    const url = stdout.trim().split('\n').pop()?.trim() ?? '';
    if (!/^postgres(ql)?:\/\//.test(url)) throw new Error(`it printed no postgres:// URL (got ${JSON.stringify(url)})`);
    return url;
  } catch (e) {
    throw new Error(
      'The sync benchmarks need PostgreSQL: set DATABASE_URL_TEST (or DATABASE_URL) to a postgres:// URL, or let ' +
        `scripts/start-postgres.sh start a local one (it failed: ${e instanceof Error ? e.message : String(e)})`,
    );
  }
}

async function admin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function openBenchPg(): Promise<BenchPg> {
  const url = await resolveUrl();
  const schema = `bench_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await admin(url, async (c) => {
    // Schemas of earlier runs that died before their cleanup (older than 6 hours).
    const { rows } = await c.query<{ nspname: string }>("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'bench\\_%'");
    for (const { nspname } of rows) {
      const born = Number.parseInt(/^bench_([0-9a-z]+)_[0-9a-f]{8}$/.exec(nspname)?.[1] ?? '', 36);
      if (Number.isFinite(born) && Date.now() - born > 6 * 3600_000) await c.query(`DROP SCHEMA IF EXISTS "${nspname}" CASCADE`);
    }
    await c.query(`CREATE SCHEMA "${schema}"`);
  });
  const db = await openDb({ databaseUrl: url, searchPath: schema, maxConnections: 12 });
  await migrate(db);
  return {
    url,
    schema,
    db,
    async close() {
      await db.close();
      await admin(url, (c) => c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
    },
  };
}
