/**
 * What the app-shell service worker (./worker.ts) does with a request, as pure functions shared by the worker,
 * the unit tests (renderer/sw/rules.test.ts) (docs/architecture.md "The browser
 * version offline").
 *
 * Invariants:
 * - Only GET requests of the worker's own origin, inside its scope, are ever handled; everything else passes
 *   to the network untouched.
 * - The server's API paths (sync, auth, admin, attachments, communities, directory, health) are never handled, not even
 *   as navigations: personal data is never put in the Cache API.
 * - A navigation is handled only when it asks for the app's page (the scope's root or index.html); an asset
 *   only when its path is in the precache list of the worker's own version and it carries no query.
 * - A worker reads and writes only its own version's cache; the caches of other versions are its to delete
 *   once it activates, and caches not named with CACHE_PREFIX are never touched.
 */

/** One file of the app shell: its URL relative to the worker's scope and the SHA-256 (hex) of its bytes. */
export interface PrecacheEntry {
  url: string;
  sha256: string;
}

/** A build's app shell: every file the server serves for it, and the version naming that whole set. */
export interface ShellManifest {
  version: string;
  entries: PrecacheEntry[];
}

export const SHELL_INDEX = 'index.html';
export const CACHE_PREFIX = 'carerounds-shell-';
/** The message a page sends to a waiting worker when the user asks for the new version. */
export const ACTIVATE_MESSAGE = 'carerounds:activate';

/** Paths (relative to the scope) the server answers with personal data or API results. */
const API_PREFIXES = ['sync', 'auth', 'admin', 'attachments', 'communities', 'directory', 'health'];

export type Handling = { kind: 'navigate' } | { kind: 'asset'; url: string } | { kind: 'pass' };

export interface RequestFacts {
  method: string;
  url: string;
  mode: string;
}

export function cacheName(version: string): string {
  return `${CACHE_PREFIX}${version}`;
}

/** Caches a worker of `version` deletes when it activates: the shells of other versions, nothing else. */
export function staleCaches(names: readonly string[], version: string): string[] {
  return names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== cacheName(version));
}

function isApiPath(relative: string): boolean {
  const first = relative.split('/', 1)[0] ?? '';
  return API_PREFIXES.includes(first);
}

/** What the worker whose scope is `scope` (an absolute URL ending in '/') does with `request`. */
export function classify(request: RequestFacts, scope: string, precached: ReadonlySet<string>): Handling {
  if (request.method !== 'GET') return { kind: 'pass' };
  let url: URL;
  let base: URL;
  try {
    url = new URL(request.url);
    base = new URL(scope);
  } catch {
    return { kind: 'pass' };
  }
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) return { kind: 'pass' };
  const relative = url.pathname.slice(base.pathname.length);
  if (isApiPath(relative)) return { kind: 'pass' };
  if (request.mode === 'navigate') return relative === '' || relative === SHELL_INDEX ? { kind: 'navigate' } : { kind: 'pass' };
  if (url.search !== '' || !precached.has(relative)) return { kind: 'pass' };
  return { kind: 'asset', url: relative };
}
