/**
 * The shared world of the sync benchmarks, built once per run on first use: a PostgreSQL schema (pg.ts)
 * holding 10,000 generated residents and 200,000 home visits (210,000 records, seed-server.ts; the
 * sync benchmark uses visits instead of ADL assessments; visits from server/demoVisits.ts), the
 * real server — `server/main.ts`, the production entry point, in its own Node process as a municipality
 * runs it, so the benchmark's own work never shares its thread — on that schema, serving the built renderer
 * same-origin over real HTTP, and the accounts the benchmarks sign in with. `closeSyncFixture()` (called by
 * run.ts at the end) stops the server, drops the schema and closes the devices' contexts.
 *
 * Devices are browser contexts running the built app: signing in goes through the app's own sign-in page,
 * and syncing is the app's own SyncEngine/SyncClient writing into its own Dexie database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { E2E_PIN } from '../../e2e/pages/SyncPage';
import { createCommunity, createUser, type Role, type User } from '../../../server/users';
import { SEED_COMMUNITIES } from '../../../shared/reference/communities';
import { RENDERER_DIST, REPO_ROOT } from '../../e2e/support/build';
import { newIsolatedContext } from '../../e2e/support/chromium';
import { generateVisits } from '../../../server/demoVisits';
import type { VisitData } from '../../../shared/visit';
import { DEFAULT_TODAY, generateDemoData, type DemoData } from '../../../shared/demo/generate';
import { openBenchPg, type BenchPg } from './pg';
import { seedServerRecords, type SeedServerResult } from './seed-server';

export const RESIDENTS = 10_000;
export const VISITS = 200_000;
export const TOTAL_RECORDS = RESIDENTS + VISITS;
export const BENCH_PASSWORD = 'bench-password-1';

export interface SyncWorld {
  pg: BenchPg;
  url: string;
  server: ChildProcess;
  /** Residents only (no assessments): the visits are the bulk. */
  data: DemoData;
  visits: { id: string; data: VisitData }[];
  seed: SeedServerResult;
  users: { manager: User; manager2: User; carer: User };
}

export interface SyncedDevice {
  context: BrowserContext;
  page: Page;
  /** ms from pressing "sign in" to the last page stored (lastSync written). */
  totalMs: number;
  counts: SyncedCounts;
}

export interface SyncedCounts {
  residents: number;
  visits: number;
}

let world: Promise<SyncWorld> | null = null;
const devices = new Map<string, Promise<SyncedDevice>>();
const contexts: BrowserContext[] = [];

const say = (msg: string): void => console.error(`[bench] ${msg}`);

async function buildWorld(): Promise<SyncWorld> {
  const started = performance.now();
  const pg = await openBenchPg();
  try {
    for (const c of SEED_COMMUNITIES) await createCommunity(pg.db, { id: c.id, code: c.code, nameTh: c.nameTh, nameEn: c.nameEn }, { ifMissing: true });
    const mk = (username: string, role: Role, communities: string[] = []) =>
      createUser(pg.db, { username, password: BENCH_PASSWORD, displayName: username, role, communities });
    const [manager, manager2, carer] = await Promise.all([mk('bench.manager', 'care_manager'), mk('bench.manager2', 'care_manager'), mk('bench.carer', 'caregiver', ['c-01'])]);
    const genStart = performance.now();
    const data = generateDemoData({ residents: RESIDENTS, assessmentsPerResident: [0, 0] });
    const visits = generateVisits(data.residents, { total: VISITS, today: DEFAULT_TODAY, caregiverIds: [carer.id] });
    const genMs = performance.now() - genStart;
    const seed = await seedServerRecords(pg.db, data, visits, { userId: manager2.id, deviceId: `bench-loader-${randomBytes(4).toString('hex')}` });
    say(
      `server seeded on PostgreSQL schema ${pg.schema}: ${seed.residents} residents + ${seed.visits} visits ` +
        `(generate ${Math.round(genMs)} ms, merge ${Math.round(seed.ms.build)} ms, write ${Math.round(seed.ms.write)} ms; ${Math.round(performance.now() - started)} ms in all)`,
    );
    const { child, url } = await startServerProcess(pg.url, pg.schema);
    return { pg, url, server: child, data, visits, seed, users: { manager, manager2, carer } };
  } catch (e) {
    await pg.close();
    throw e;
  }
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => resolve());
  });
  const address = srv.address();
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/** `npm run server` on the bench schema (search_path in the URL's `options`); resolves once /health answers. */
async function startServerProcess(dbUrl: string, schema: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const u = new URL(dbUrl);
  u.searchParams.set('options', `-c search_path=${schema}`);
  // BENCH_SERVER_NODE_ARGS: extra node flags for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
  const child = spawn(process.execPath, [...extra, '--import', 'tsx', path.join(REPO_ROOT, 'server/main.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: u.href, PORT: String(port), HOST: '127.0.0.1', RENDERER_DIR: RENDERER_DIST, LOG_LEVEL: 'warn', CARE_ROUNDS_DEMO: '' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode} before answering`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return { child, url };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('the server did not answer /health within 60 s');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function stopServerProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

export function syncWorld(): Promise<SyncWorld> {
  world ??= buildWorld();
  return world;
}

/** Opens the app in a fresh context and signs in through its sign-in page; resolves at the click. */
/**
 * `appFrom`: serve the app's own files (index.html, assets, the worker) from that folder instead of the
 * server's, same origin, so a variant build talks to the same server (the unsealed build of
 * crypto.bench.ts). Service workers are blocked there, so every file comes through the route.
 */
export async function signIn(browser: Browser, w: SyncWorld, username: string, opts: { appFrom?: string } = {}): Promise<{ context: BrowserContext; page: Page; clickedAt: number }> {
  const appFrom = opts.appFrom;
  const context = await newIsolatedContext(browser, appFrom === undefined ? {} : { serviceWorkers: 'block' });
  contexts.push(context);
  if (appFrom !== undefined) {
    await context.route(`${w.url}/**`, async (route) => {
      const { pathname } = new URL(route.request().url());
      const file = path.join(appFrom, pathname === '/' ? 'index.html' : decodeURIComponent(pathname));
      if (!file.startsWith(appFrom + path.sep) || !existsSync(file) || !statSync(file).isFile()) await route.continue();
      // The page itself keeps the server's headers (its CSP, and X-Request-Id, by which the app knows it is
      // served by its server: renderer/sync/auth.ts resolveServerUrl).
      else if (file.endsWith('.html')) await route.fulfill({ response: await route.fetch(), path: file });
      else await route.fulfill({ path: file });
    });
  }
  // tsx (keepNames) wraps the named helpers of page.evaluate bodies in __name(), which pages lack.
  await context.addInitScript('globalThis.__name ??= (f) => f;');
  const page = await context.newPage();
  await page.goto(new URL('#/settings/server', w.url).href, { waitUntil: 'load' });
  await page.getByTestId('sign-in-form').waitFor({ timeout: 30_000 });
  await page.getByTestId('sign-in-username').fill(username);
  await page.getByTestId('sign-in-password').fill(BENCH_PASSWORD);
  const clickedAt = performance.now();
  await page.getByTestId('sign-in-submit').click();
  // The first sign-in asks for a PIN (docs/security.md §3); the database is sealed and syncs once it is set.
  await page.getByTestId('lock-set-up').waitFor({ timeout: 60_000 });
  await page.getByTestId('lock-new-pin').fill(E2E_PIN);
  await page.getByTestId('lock-new-pin-confirm').fill(E2E_PIN);
  await page.getByTestId('lock-set-pin').click();
  return { context, page, clickedAt };
}

/**
 * Waits (polling a raw IndexedDB connection of the page every 50 ms) until the sync run wrote `lastSync`,
 * which SyncClient does after the last page of a run is stored; returns when that was seen and the counts.
 */
export async function waitSynced(page: Page, timeoutMs = 600_000): Promise<SyncedCounts> {
  await page.evaluate(
    async ({ timeout }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('carerounds');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(new Error(String(req.error)));
      });
      try {
        const deadline = performance.now() + timeout;
        for (;;) {
          const row = await new Promise<unknown>((resolve, reject) => {
            const req = db.transaction('syncState', 'readonly').objectStore('syncState').get('lastSync');
            req.onsuccess = () => resolve(req.result);
            req.onerror = () => reject(new Error(String(req.error)));
          });
          if (row !== undefined) return;
          if (performance.now() > deadline) throw new Error('sync did not finish in time');
          await new Promise((r) => setTimeout(r, 50));
        }
      } finally {
        db.close();
      }
    },
    { timeout: timeoutMs },
  );
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('carerounds');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(new Error(String(req.error)));
    });
    try {
      const tx = db.transaction(['residents', 'visits'], 'readonly');
      const count = (store: string) =>
        new Promise<number>((resolve, reject) => {
          const req = tx.objectStore(store).count();
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(new Error(String(req.error)));
        });
      const [residents, visits] = await Promise.all([count('residents'), count('visits')]);
      return { residents, visits };
    } finally {
      db.close();
    }
  });
}

export async function syncDevice(browser: Browser, username: string, opts: { appFrom?: string } = {}): Promise<SyncedDevice> {
  const w = await syncWorld();
  const { context, page, clickedAt } = await signIn(browser, w, username, opts);
  const counts = await waitSynced(page);
  const totalMs = performance.now() - clickedAt;
  return { context, page, totalMs, counts };
}

/** A device signed in as `username` and fully synced (one per username per run). */
export function syncedDevice(browser: Browser, username: string): Promise<SyncedDevice> {
  let d = devices.get(username);
  if (!d) {
    d = syncDevice(browser, username);
    devices.set(username, d);
    d.catch(() => devices.delete(username));
  }
  return d;
}

/** Closes every device (their engines would otherwise pull and compete for the machine). */
export async function closeDevices(): Promise<void> {
  devices.clear();
  for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
}

export async function closeSyncFixture(): Promise<void> {
  await closeDevices();
  const w = world;
  world = null;
  if (w === null) return;
  const opened = await w.catch(() => null);
  if (opened === null) return;
  await stopServerProcess(opened.server);
  await opened.pg.close();
}
