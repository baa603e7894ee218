/**
 * Encrypted server backups (docs/security.md §3 "Backups", README "Backing up the server").
 *
 * PostgreSQL: `pg_dump --format=custom` streamed through the backup format (shared/backup/format.ts) into
 * the file; restore runs `pg_restore --single-transaction --exit-on-error`. Embedded PGlite: its
 * `dumpDataDir()` tarball, gzipped, restored by opening an empty data folder from it.
 *
 * Invariants:
 * - A restore decrypts and verifies the whole file (every chunk, the last one included) into a private
 *   temporary folder before it touches the database; a wrong passphrase or a damaged file restores nothing.
 * - The database password never appears on a command line: pg_dump and pg_restore get the connection through
 *   PG* environment variables. The passphrase comes from the caller (an env var or a prompt, server/cli.ts).
 * - The backup file is written under a temporary name with mode 0600 and renamed into place only when
 *   complete, so a failed backup leaves no file that looks whole.
 * - PostgreSQL restores in one transaction: a target that already holds any of the objects fails whole.
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, mkdtemp, open, readdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { BackupError, decryptBackupStream, encryptBackupStream, readBackupHeader, type BackupKind } from '../shared/backup/format';
import { openDb } from './db/db';

export interface BackupTarget {
  /** postgres://… → PostgreSQL (pg_dump / pg_restore); absent → the PGlite data folder. */
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  /** PostgreSQL only: one schema instead of the whole database (the tests isolate suites by schema). */
  schema?: string | undefined;
}

export interface BackupResult {
  kind: BackupKind;
  bytes: number;
}

/** libpq's environment for a connection URL, so no secret goes on a command line. */
export function pgEnv(databaseUrl: string): NodeJS.ProcessEnv {
  const url = new URL(databaseUrl);
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw new Error('DATABASE_URL must be postgres://');
  // Any PG* variable of the caller's shell would override the URL's parts: start without them.
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('PG')));
  env.PGHOST = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (url.port !== '') env.PGPORT = url.port;
  if (url.username !== '') env.PGUSER = decodeURIComponent(url.username);
  if (url.password !== '') env.PGPASSWORD = decodeURIComponent(url.password);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (database !== '') env.PGDATABASE = database;
  const sslmode = url.searchParams.get('sslmode');
  if (sslmode !== null) env.PGSSLMODE = sslmode;
  return env;
}

const SAFE_SCHEMA = /^[a-z_][a-z0-9_]*$/;

function schemaArgs(schema: string | undefined): string[] {
  if (schema === undefined) return [];
  if (!SAFE_SCHEMA.test(schema)) throw new Error(`unsafe schema name: ${schema}`);
  return [`--schema=${schema}`];
}

/** Runs a PostgreSQL client tool; stderr is kept for the error message. */
function runTool(command: string, args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    if (stderr.length < 8000) stderr += text;
  });
  const exited = new Promise<void>((resolve, reject) => {
    child.on('error', (error) => reject(new Error(`${command} could not start (is PostgreSQL's client installed?): ${error.message}`)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} failed (exit ${code ?? 'signal'}): ${stderr.trim()}`))));
  });
  return { stdout: child.stdout, exited };
}

/** Writes `parts` to a 0600 temporary file and renames it to `file` once `finished` (the producer's exit) resolved too. */
async function writeAtomically(file: string, parts: AsyncIterable<Uint8Array>, finished: Promise<void> = Promise.resolve()): Promise<number> {
  finished.catch(() => undefined); // awaited below; a failure before then must not go unhandled
  const temp = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.partial`);
  const handle = await open(temp, 'wx', 0o600);
  let bytes = 0;
  try {
    for await (const part of parts) {
      await handle.write(part);
      bytes += part.length;
    }
    await handle.sync();
    await finished;
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temp, file);
  return bytes;
}

export async function backupServer(target: BackupTarget, passphrase: string, file: string, options: { iterations?: number } = {}): Promise<BackupResult> {
  const encryptOptions = (kind: BackupKind) => ({ kind, ...(options.iterations === undefined ? {} : { iterations: options.iterations }) });
  if (target.databaseUrl !== undefined) {
    const dump = runTool('pg_dump', ['--format=custom', '--compress=6', ...schemaArgs(target.schema)], pgEnv(target.databaseUrl));
    // A pg_dump that fails half-way leaves its partial output in no file.
    const bytes = await writeAtomically(file, encryptBackupStream(dump.stdout, passphrase, encryptOptions('postgres')), dump.exited);
    return { kind: 'postgres', bytes };
  }
  if (target.dataDir === undefined) throw new Error('no database: set DATABASE_URL or DATA_DIR');
  const db = await openDb({ dataDir: target.dataDir });
  let tarball: Uint8Array;
  try {
    if (db.dumpDataDir === undefined) throw new Error('this PGlite cannot dump its data folder');
    tarball = new Uint8Array(await (await db.dumpDataDir()).arrayBuffer());
  } finally {
    await db.close();
  }
  // The data folder is mostly empty pages: gzip makes the file several times smaller.
  const bytes = await writeAtomically(file, encryptBackupStream([await promisify(gzip)(tarball)], passphrase, encryptOptions('pglite')));
  return { kind: 'pglite', bytes };
}

async function isEmptyDir(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
}

/**
 * Verifies the whole file, then restores it. Throws BackupError (`backup_wrong_key`, `backup_corrupt`,
 * `backup_wrong_kind`) before anything is written to the database.
 */
export async function restoreServer(target: BackupTarget, passphrase: string, file: string): Promise<BackupResult> {
  const first = await open(file, 'r');
  let headBytes: Uint8Array;
  try {
    const { buffer, bytesRead } = await first.read(new Uint8Array(256), 0, 256, 0);
    headBytes = buffer.subarray(0, bytesRead);
  } finally {
    await first.close();
  }
  const header = await readBackupHeader(headBytes);
  const wanted: BackupKind = target.databaseUrl !== undefined ? 'postgres' : 'pglite';
  if (header.kind !== wanted) throw new BackupError('backup_wrong_kind', `${header.kind} backup, ${wanted} target`);
  if (wanted === 'pglite') {
    if (target.dataDir === undefined) throw new Error('no database: set DATABASE_URL or DATA_DIR');
    if (!(await isEmptyDir(target.dataDir))) throw new Error(`restore needs an empty data folder; ${target.dataDir} is not empty`);
  }

  const work = await mkdtemp(path.join(tmpdir(), 'carerounds-restore-'));
  try {
    await chmod(work, 0o700);
    const plainFile = path.join(work, 'plain');
    const out = createWriteStream(plainFile, { mode: 0o600 });
    let bytes = 0;
    try {
      for await (const part of decryptBackupStream(createReadStream(file), passphrase, { expectKind: wanted })) {
        bytes += part.length;
        if (!out.write(part)) await once(out, 'drain');
      }
    } finally {
      out.end();
      await once(out, 'close');
    }
    // Only here is the file known to be whole and authentic.
    if (wanted === 'postgres' && target.databaseUrl !== undefined) {
      const restore = runTool('pg_restore', ['--single-transaction', '--exit-on-error', `--dbname=${pgEnv(target.databaseUrl).PGDATABASE ?? ''}`, plainFile], pgEnv(target.databaseUrl));
      restore.stdout.resume();
      await restore.exited;
    } else if (target.dataDir !== undefined) {
      const tar = new Uint8Array(await promisify(gunzip)(await readAll(plainFile)));
      const db = await openDb({ dataDir: target.dataDir, loadDataDir: new Blob([tar]) });
      try {
        await db.query('SELECT 1');
      } finally {
        await db.close();
      }
    }
    return { kind: wanted, bytes };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function readAll(file: string): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Buffer[] = [];
  for await (const chunk of createReadStream(file)) chunks.push(chunk as Buffer);
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
