/**
 * The key access tokens are signed with (HS256), kept outside the database: a database dump or a read-only
 * SQL account must not be enough to forge a token for any user (docs/security.md §4).
 *
 * Where it comes from, in order:
 * 1. JWT_SECRET (≥ 32 bytes), for deployments that keep secrets in their service manager; several server
 *    instances on one database need this (or the same key file).
 * 2. The key file (JWT_KEY_FILE, default `jwt.key` beside the data folder, e.g. `.data/jwt.key`): created on
 *    first start with 48 random bytes, owner read/write only (0600), never overwritten. A key file that the
 *    group or others can read stops the start-up with the command that fixes it.
 * A key older servers kept in `server_settings` ('jwt_secret') moves to the new key file on first start (so
 * devices stay signed in) and is deleted from the database.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from './db/db';

const MIN_SECRET_BYTES = 32;

export interface JwtKeySource {
  /** JWT_SECRET as given; absent or '' = use the key file. */
  envSecret: string | undefined;
  /** The key file's path. */
  keyFile: string;
  /** The platform (permission bits are only checked where they mean something). */
  platform?: NodeJS.Platform;
}

/** Where the key file lives by default: beside the data folder (`.data/pglite` → `.data/jwt.key`). */
export function defaultKeyFile(dataDir: string): string {
  return path.join(path.dirname(path.resolve(dataDir)), 'jwt.key');
}

function tooShort(what: string): Error {
  return new Error(`${what} must be at least ${MIN_SECRET_BYTES} bytes`);
}

async function readKeyFile(file: string, platform: NodeJS.Platform): Promise<Uint8Array | null> {
  let info;
  try {
    info = await stat(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  if (!info.isFile()) throw new Error(`JWT key file ${file} is not a file`);
  if (platform !== 'win32' && (info.mode & 0o077) !== 0) {
    throw new Error(`JWT key file ${file} can be read by other users (mode ${(info.mode & 0o777).toString(8)}); run: chmod 600 ${file}`);
  }
  const text = (await readFile(file, 'utf8')).trim();
  const bytes = new TextEncoder().encode(text);
  if (bytes.length < MIN_SECRET_BYTES) throw tooShort(`JWT key file ${file}`);
  return bytes;
}

/** The signing key (see the module comment); creates the key file when there is none. */
export async function resolveJwtSecret(db: Db, source: JwtKeySource): Promise<Uint8Array> {
  const { envSecret, keyFile } = source;
  const platform = source.platform ?? process.platform;
  if (envSecret !== undefined && envSecret !== '') {
    const bytes = new TextEncoder().encode(envSecret);
    if (bytes.length < MIN_SECRET_BYTES) throw tooShort('JWT_SECRET');
    return bytes;
  }
  const existing = await readKeyFile(keyFile, platform);
  if (existing) return existing;
  const legacy = (await db.query<{ value: string }>("SELECT value FROM server_settings WHERE key = 'jwt_secret'")).rows[0]?.value;
  const value = legacy ?? randomBytes(48).toString('base64url');
  await mkdir(path.dirname(keyFile), { recursive: true, mode: 0o700 });
  try {
    // 'wx': never overwrite a key another process created meanwhile; mode applies on creation (umask permitting).
    await writeFile(keyFile, `${value}\n`, { flag: 'wx', mode: 0o600 });
    await chmod(keyFile, 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const stored = await readKeyFile(keyFile, platform);
  if (!stored) throw new Error(`JWT key file ${keyFile} was not created`);
  if (legacy !== undefined) await db.query("DELETE FROM server_settings WHERE key = 'jwt_secret'");
  return stored;
}
