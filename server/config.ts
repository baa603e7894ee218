/**
 * Server configuration. `jwtSecret` comes from JWT_SECRET, else from a key file outside the database
 * (server/jwtKey.ts), so a restart keeps issued tokens valid.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface RateLimitConfig {
  /** Login attempts per minute per IP + username. */
  loginPerMinute: number;
  /** Requests per minute per device (else per IP). */
  defaultPerMinute: number;
  /** Exports of personal data per user in any hour (server/exportLimit.ts); default 30. */
  exportsPerHour?: number | undefined;
}

export const DEFAULT_EXPORTS_PER_HOUR = 30;
export const DEFAULT_RATE_LIMIT: RateLimitConfig = { loginPerMinute: 10, defaultPerMinute: 600, exportsPerHour: DEFAULT_EXPORTS_PER_HOUR };

export interface ServerConfig {
  jwtSecret: Uint8Array;
  accessTtlSec: number;
  refreshTtlSec: number;
  /** One server serves one municipality; its id names the `m:` bucket. */
  municipality: string;
  /** Built renderer to serve at `/`; absent or missing folder = API only. */
  rendererDir?: string | undefined;
  /** Folder of the desktop app's update feed and installers (`GET /updates/:file`, server/updates.ts); absent = none. */
  updatesDir?: string | undefined;
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
    rateLimit: DEFAULT_RATE_LIMIT,
    logger: false,
    trustProxy: false,
    version: SERVER_VERSION,
    ...overrides,
  };
}
