/**
 * The app-shell service worker of the browser version (docs/architecture.md "The browser version offline").
 * Built by vite.config.ts (`shellWorker`) into `sw.js` at the root of the build, with this build's
 * ShellManifest baked in as __SHELL_MANIFEST__; never used in Electron (renderer/app/shellWorker.ts).
 *
 * Invariants:
 * - Install copies the WHOLE shell of this version into this version's own cache, each file checked against
 *   its SHA-256, bypassing the HTTP cache; one missing or different file fails the install, deletes that
 *   cache and leaves the previous worker and its cache in charge.
 * - Requests are handled as ./rules.ts `classify` says, from this version's cache only: navigations to the
 *   app's page go to the network first and fall back to this version's index.html after a short timeout or a
 *   network failure; listed assets are cache-first; everything else (the API above all) is not intercepted.
 * - A new worker waits: it activates when no page of the old version is open, or when a page asks for it
 *   (ACTIVATE_MESSAGE, after the user clicked "reload"). Activation deletes the other versions' caches.
 */
import { ACTIVATE_MESSAGE, SHELL_INDEX, cacheName, classify, staleCaches, type ShellManifest } from './rules';

declare const self: ServiceWorkerGlobalScope;
declare const __SHELL_MANIFEST__: ShellManifest;

const MANIFEST: ShellManifest = __SHELL_MANIFEST__;
const CACHE = cacheName(MANIFEST.version);
const PRECACHED: ReadonlySet<string> = new Set(MANIFEST.entries.map((e) => e.url));
/** How long a navigation waits for the server before the cached page is shown (a slow or captive network). */
const NAVIGATION_TIMEOUT_MS = 3000;

const scopeUrl = (relative: string): string => new URL(relative, self.registration.scope).href;

function hex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function precacheEntry(cache: Cache, url: string, sha256: string): Promise<void> {
  const response = await fetch(new Request(scopeUrl(url), { cache: 'no-cache', credentials: 'same-origin', redirect: 'error' }));
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const bytes = await response.arrayBuffer();
  const actual = hex(await crypto.subtle.digest('SHA-256', bytes));
  if (actual !== sha256) throw new Error(`${url}: not the file of version ${MANIFEST.version}`);
  await cache.put(scopeUrl(url), new Response(bytes, { status: 200, statusText: 'OK', headers: response.headers }));
}

async function precache(): Promise<void> {
  const cache = await caches.open(CACHE);
  try {
    await Promise.all(MANIFEST.entries.map((e) => precacheEntry(cache, e.url, e.sha256)));
  } catch (error) {
    await caches.delete(CACHE);
    throw error;
  }
}

async function fromCache(relative: string): Promise<Response | undefined> {
  const cache = await caches.open(CACHE);
  return cache.match(scopeUrl(relative));
}

async function navigate(request: Request): Promise<Response> {
  // Known offline: the cached page at once, without a request bound to fail (and to be logged as failed).
  if (!self.navigator.onLine) {
    const cached = await fromCache(SHELL_INDEX);
    if (cached !== undefined) return cached;
  }
  const network = fetch(request);
  // Answered after the timeout, or failed: nobody waits for it any more (no unhandled rejection).
  network.catch(() => undefined);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), NAVIGATION_TIMEOUT_MS);
  });
  try {
    const first = await Promise.race([network, timeout]);
    if (first !== 'timeout' && first.status < 500) return first;
  } catch {
    // offline or refused: the cached page below
  } finally {
    clearTimeout(timer);
  }
  const cached = await fromCache(SHELL_INDEX);
  if (cached !== undefined) return cached;
  return network;
}

async function asset(relative: string, request: Request): Promise<Response> {
  return (await fromCache(relative)) ?? fetch(request);
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache());
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      await Promise.all(staleCaches(await caches.keys(), MANIFEST.version).map((name) => caches.delete(name)));
      // The first worker takes the page that installed it (same build); a later one only activates when no
      // old page is open or after the page asked for it and is about to reload.
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === ACTIVATE_MESSAGE) event.waitUntil(self.skipWaiting());
});

self.addEventListener('fetch', (event) => {
  const handling = classify(event.request, self.registration.scope, PRECACHED);
  switch (handling.kind) {
    case 'pass':
      return;
    case 'navigate':
      event.respondWith(navigate(event.request));
      return;
    case 'asset':
      event.respondWith(asset(handling.url, event.request));
      return;
  }
});
