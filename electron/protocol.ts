/**
 * The app's own scheme, `carerounds://app` (docs/security.md §1).
 *
 * Invariants:
 * - The origin is fixed: IndexedDB is keyed to it, so the scheme and host never change.
 * - The handler answers only files whose real path (symlinks resolved) lies inside the renderer folder;
 *   everything else, including any encoded separator, dot segment or NUL, is a 404 before the disk is read.
 * - Every response, 404s included, carries the CSP and `X-Content-Type-Options: nosniff`.
 */
import * as nodeFs from 'node:fs/promises';
import * as path from 'node:path';
import type { ProtocolLike } from './electron-api';
import { isAllowedServerOrigin } from '../shared/bridge';

export const APP_SCHEME = 'carerounds';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * True only for `carerounds://app/...`. Compares parsed parts, never substrings. Node's URL reports
 * `origin === 'null'` for schemes it does not know, so protocol and host are checked instead of `origin`.
 */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/** Must run before `app` is ready: privileges are fixed when Chromium starts. */
export function registerSchemePrivileges(protocol: ProtocolLike): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
  ]);
}

/** An extra `connect-src` entry must be a bare https origin (http only on loopback, for the embedded server). */
function assertCspOrigin(origin: string): void {
  if (!isAllowedServerOrigin(origin)) throw new Error(`connect-src entry must be a bare https origin: ${origin}`);
}

export function buildCsp(connectSrc: readonly string[] = []): string {
  for (const origin of connectSrc) assertCspOrigin(origin);
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    ["connect-src 'self'", ...connectSrc].join(' '),
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Turns a URL path into path segments, or null when it could escape or be reinterpreted: encoded
 * separators or dots, backslashes, NUL, `:` (drive letters, NTFS streams), `.`/`..` segments.
 */
export function safePathSegments(urlPathname: string): string[] | null {
  if (!urlPathname.startsWith('/')) return null;
  if (/%(2f|5c|00|2e)/i.test(urlPathname)) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPathname);
  } catch {
    return null;
  }
  if (/[\\\0:]/.test(decoded)) return null;
  const segments = decoded.split('/').slice(1);
  if (segments.some((s) => s === '.' || s === '..')) return null;
  // Empty segments only make sense at the end ("/" or "dir/"), which means the folder's index.html.
  const last = segments.length - 1;
  if (segments.some((s, i) => s === '' && i !== last)) return null;
  if (segments[last] === '') segments[last] = 'index.html';
  return segments;
}

/** Whether `child` is `parent` itself or lies beneath it (both absolute, already resolved). */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

export interface ProtocolFs {
  realpath(p: string): Promise<string>;
  stat(p: string): Promise<{ isFile(): boolean }>;
  readFile(p: string): Promise<Uint8Array>;
}

const defaultFs: ProtocolFs = {
  realpath: (p) => nodeFs.realpath(p),
  stat: (p) => nodeFs.stat(p),
  readFile: (p) => nodeFs.readFile(p),
};

export interface AppProtocolOptions {
  /** Extra `connect-src` origins, read per response (the enrolled server can change at runtime). */
  connectSrc?: () => readonly string[];
  fs?: ProtocolFs;
}

export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  };
}

export function createAppProtocolHandler(
  rootDir: string,
  options: AppProtocolOptions = {},
): (request: { url: string; method?: string }) => Promise<Response> {
  const fs = options.fs ?? defaultFs;
  let realRoot: Promise<string> | null = null;

  function respond(status: number, body: Uint8Array | null, contentType: string): Response {
    const headers = { ...securityHeaders(buildCsp(options.connectSrc?.() ?? [])), 'Content-Type': contentType };
    return new Response(body === null ? null : new Blob([new Uint8Array(body)]), { status, headers });
  }
  const notFound = (): Response => respond(404, null, 'text/plain; charset=utf-8');

  async function resolveFile(url: string): Promise<string | null> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return null;
    }
    if (!isAppUrl(url) || parsed.port !== '') return null;
    const segments = safePathSegments(parsed.pathname);
    if (segments === null) return null;
    realRoot ??= fs.realpath(path.resolve(rootDir));
    let root: string;
    try {
      root = await realRoot;
    } catch {
      realRoot = null; // the folder may appear later (a build in progress); do not cache the failure
      return null;
    }
    const candidate = path.join(root, ...segments);
    if (!isInside(root, candidate)) return null;
    let real: string;
    try {
      real = await fs.realpath(candidate);
    } catch {
      return null;
    }
    // A symlink inside the folder may point anywhere; only its target's location counts.
    if (!isInside(root, real)) return null;
    try {
      if (!(await fs.stat(real)).isFile()) return null;
    } catch {
      return null;
    }
    return real;
  }

  return async (request) => {
    const method = request.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') return respond(405, null, 'text/plain; charset=utf-8');
    const file = await resolveFile(request.url);
    if (file === null) return notFound();
    let body: Uint8Array;
    try {
      body = await fs.readFile(file);
    } catch {
      return notFound();
    }
    return respond(200, method === 'HEAD' ? null : body, contentTypeFor(file));
  };
}
