/**
 * Server configuration. `jwtSecret` comes from JWT_SECRET, else from the database (generated once and kept in
 * server_settings), so a restart keeps issued tokens valid and every instance on one database agrees.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db/db';

export interface RateLimitConfig {
  /** Login attempts per minute per IP + username. */
  loginPerMinute: number;
  /** Requests per minute per device (else per IP). */
  defaultPerMinute: number;
}

export interface ServerConfig {
  jwtSecret: Uint8Array;
  accessTtlSec: number;
  refreshTtlSec: number;
  /** One server serves one municipality; its id names the `m:` bucket. */
  municipality: string;
  /** Built renderer to serve at `/`; absent or missing folder = API only. */
  rendererDir?: string | undefined;
  rateLimit: RateLimitConfig;
  /** Fastify logger: true (pino, JSON lines) in production, false in tests. */
  logger: boolean;
  /** Trust X-Forwarded-* only from our own TLS proxy (address or CIDR list); off by default. */
  trustProxy: boolean | string;
  version: string;
}

export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(ROOT_DIR, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export const SERVER_VERSION = readVersion();

export function defaultConfig(overrides: Partial<ServerConfig> & { jwtSecret: Uint8Array }): ServerConfig {
  return {
    accessTtlSec: 900,
    refreshTtlSec: 30 * 24 * 3600,
    municipality: 'main',
    rendererDir: undefined,
    rateLimit: { loginPerMinute: 10, defaultPerMinute: 600 },
    logger: false,
    trustProxy: false,
    version: SERVER_VERSION,
    ...overrides,
  };
}

const MIN_SECRET_BYTES = 32;

/** JWT_SECRET (≥ 32 bytes) if given, else the secret stored in the database, created on first use. */
export async function resolveJwtSecret(db: Db, envSecret: string | undefined): Promise<Uint8Array> {
  if (envSecret !== undefined && envSecret !== '') {
    const bytes = new TextEncoder().encode(envSecret);
    if (bytes.length < MIN_SECRET_BYTES) throw new Error(`JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes`);
    return bytes;
  }
  await db.query("INSERT INTO server_settings (key, value) VALUES ('jwt_secret', $1) ON CONFLICT (key) DO NOTHING", [
    randomBytes(48).toString('base64url'),
  ]);
  const row = (await db.query<{ value: string }>("SELECT value FROM server_settings WHERE key = 'jwt_secret'")).rows[0];
  if (!row) throw new Error('jwt_secret missing from server_settings');
  return new TextEncoder().encode(row.value);
}
