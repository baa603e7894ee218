/**
 * Registers the app-shell service worker of the browser version (renderer/sw/worker.ts) and tells the UI when
 * a new version is ready (docs/architecture.md "The browser version offline").
 *
 * Invariants:
 * - Registered only in a build (not on the dev server: `__SHELL_WORKER__`) running in a browser on an http(s) origin that offers service
 *   workers (the municipal server, or localhost): never in Electron (its page comes from carerounds://app,
 *   which is inside the installed package and updated with it), never from file:// or the dev server.
 * - Registration waits for the page's load event and idle time, so precaching never competes with the first
 *   screen.
 * - A new version never takes over an open page by itself: the page is told (`useShellUpdate().ready`), and
 *   only the user's click activates the waiting worker and reloads, after the focused field was blurred so the
 *   drafts that save on blur and on pagehide are written first.
 */
import { useSyncExternalStore } from 'react';
import { ACTIVATE_MESSAGE } from '../sw/rules';
import type { HostKind } from '../host';

export const WORKER_PATH = 'sw.js';

/** The worker's URL for a page at `pageUrl`, or null where no worker is registered (see the header). */
export function shellWorkerUrl(opts: { pageUrl: string; hostKind: HostKind; built: boolean; hasServiceWorker: boolean }): string | null {
  if (!opts.built || opts.hostKind !== 'browser' || !opts.hasServiceWorker) return null;
  let page: URL;
  try {
    page = new URL(opts.pageUrl);
  } catch {
    return null;
  }
  if (page.protocol !== 'https:' && page.protocol !== 'http:') return null;
  return new URL(WORKER_PATH, page).href;
}

let waiting: ServiceWorker | null = null;
const listeners = new Set<() => void>();

function setWaiting(worker: ServiceWorker | null): void {
  waiting = worker;
  for (const l of listeners) l();
}

function watch(worker: ServiceWorker | null): void {
  if (worker === null) return;
  // Without a controller this is the first worker: it takes the page at once, nothing to announce.
  const check = () => {
    if (worker.state === 'installed' && navigator.serviceWorker.controller !== null) setWaiting(worker);
  };
  check();
  worker.addEventListener('statechange', check);
}

async function register(url: string): Promise<void> {
  const registration = await navigator.serviceWorker.register(url, { updateViaCache: 'none' });
  watch(registration.waiting);
  watch(registration.installing);
  registration.addEventListener('updatefound', () => watch(registration.installing));
  // A page left open for days looks for a new version when the network comes back.
  window.addEventListener('online', () => void registration.update().catch(() => undefined));
}

/** Call once at start-up. Failures (private mode, storage refused) leave the app working online only. */
export function startShellWorker(hostKind: HostKind): void {
  const url = shellWorkerUrl({ pageUrl: location.href, hostKind, built: typeof __SHELL_WORKER__ === 'boolean' && __SHELL_WORKER__, hasServiceWorker: 'serviceWorker' in navigator });
  if (url === null) return;
  const go = () => requestIdleCallback(() => void register(url).catch((error: unknown) => console.warn('app shell worker not registered', error)), { timeout: 5000 });
  if (document.readyState === 'complete') go();
  else window.addEventListener('load', go, { once: true });
}

function subscribe(onChange: () => void): () => void {
  listeners.add(onChange);
  return () => listeners.delete(onChange);
}

/** Activates the waiting version and reloads the page once it controls it. */
function applyUpdate(): void {
  const worker = waiting;
  if (worker === null) return;
  navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
  if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
  // The blur's draft save starts first; the reload's pagehide saves once more.
  setTimeout(() => worker.postMessage(ACTIVATE_MESSAGE), 0);
}

export interface ShellUpdate {
  ready: boolean;
  apply(): void;
}

export function useShellUpdate(): ShellUpdate {
  const ready = useSyncExternalStore(subscribe, () => waiting !== null);
  return { ready, apply: applyUpdate };
}
