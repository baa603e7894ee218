/**
 * Forward-only SQL migrations from server/migrations/<nnn>_<name>.sql.
 *
 * Invariants:
 * - Migrations apply in name order, each in its own transaction together with its schema_migrations row, so
 *   a crash leaves either all or none of one migration.
 * - An applied migration whose file changed (checksum) or disappeared is a hard error: the server refuses to
 *   start rather than run against a schema it does not know.
 * - Concurrent starters (several instances on one PostgreSQL) serialise on an advisory lock and re-read the
 *   applied list inside it, so each migration runs once.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db';

export interface Migration {
  name: string; // file name without directory, e.g. 001_init.sql
  sql: string;
}

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'migrations');
const NAME_RE = /^\d{3}_[a-z0-9_]+\.sql$/;
// Any constant: the lock id all CareRounds migrators share.
const MIGRATION_LOCK_ID = 741_852_963;

export function checksum(sql: string): string {
  return createHash('sha256').update(sql, 'utf8').digest('hex');
}

export async function loadMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.sql')).sort();
  const out: Migration[] = [];
  for (const name of names) {
    if (!NAME_RE.test(name)) throw new MigrationError(`migration file name must look like 001_name.sql: ${name}`);
    out.push({ name, sql: await readFile(path.join(dir, name), 'utf8') });
  }
  return out;
}

interface AppliedRow {
  name: string;
  checksum: string;
}

function verifyApplied(applied: AppliedRow[], migrations: Migration[]): void {
  const byName = new Map(migrations.map((m) => [m.name, m]));
  for (const row of applied) {
    const file = byName.get(row.name);
    if (!file) throw new MigrationError(`applied migration ${row.name} is missing from the migration files`);
    if (checksum(file.sql) !== row.checksum) {
      throw new MigrationError(`applied migration ${row.name} was changed after it ran (checksum mismatch)`);
    }
  }
}

/** Applies pending migrations; returns the names applied now. */
export async function migrate(db: Db, migrations?: Migration[]): Promise<string[]> {
  const list = [...(migrations ?? (await loadMigrations()))].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const names = new Set<string>();
  for (const m of list) {
    if (!NAME_RE.test(m.name)) throw new MigrationError(`bad migration name: ${m.name}`);
    if (names.has(m.name)) throw new MigrationError(`duplicate migration: ${m.name}`);
    names.add(m.name);
  }

  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_ID]);
    await tx.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
  });

  const appliedNow: string[] = [];
  for (const m of list) {
    const ran = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_ID]);
      const applied = (await tx.query<AppliedRow>('SELECT name, checksum FROM schema_migrations ORDER BY name')).rows;
      verifyApplied(applied, list);
      if (applied.some((a) => a.name === m.name)) return false;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [m.name, checksum(m.sql)]);
      return true;
    });
    if (ran) appliedNow.push(m.name);
  }

  // Also verifies when nothing was pending (e.g. a file deleted after everything ran).
  const applied = (await db.query<AppliedRow>('SELECT name, checksum FROM schema_migrations ORDER BY name')).rows;
  verifyApplied(applied, list);
  return appliedNow;
}
