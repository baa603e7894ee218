/**
 * The browser version opens offline (docs/architecture.md "The browser version offline"): a caregiver signs in
 * at the server's address in Chromium, the app-shell service worker takes the page, the network goes away, and
 * a reload still shows the app (not Chromium's error page) with its data; a visit recorded offline reaches the
 * server once the network is back. Without the worker the reload fails, so this test fails.
 *
 * Then a new build replaces the old one only as a whole: served a second build, the page keeps running the
 * first, whose cache stays complete, while the new worker precaches every file of its version into its own
 * cache and waits; a build missing one file never installs; the user's click switches to the new version and
 * the old cache is gone.
 */
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildResidentForm } from '../../shared/demo/builders';
import { openApp } from './support/app';
import { REPO_ROOT, RENDERER_DIST } from './support/build';
import { launchChromium, newIsolatedContext } from './support/chromium';
import { rawGetAll } from './support/idb';
import { NetworkSwitch } from './support/network';
import { startE2eServer, E2E_PASSWORD, type E2eServer } from './support/server';
import { until } from './support/wait';
import { translator } from './pages/AppShell';
import { addResidentThroughForm } from './pages/flows';
import { ProfilePage } from './pages/ProfilePage';
import { APP_DB, outboxRows, SignInPage, unlock } from './pages/SyncPage';
import { VisitStartPanel } from './pages/VisitPage';

const t = translator('th');

/** Waits until the app-shell worker controls the page and returns its version (from its cache's name). */
async function controlledVersion(page: Page): Promise<string> {
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null && navigator.serviceWorker?.controller !== undefined, undefined, { timeout: 30_000 });
  const names = await shellCaches(page);
  expect(names).toHaveLength(1);
  return (names[0] ?? '').replace('carerounds-shell-', '');
}

const shellCaches = (page: Page): Promise<string[]> => page.evaluate(async () => (await caches.keys()).filter((n) => n.startsWith('carerounds-shell-')));

/** The relative URLs held in one cache. */
const cachedUrls = (page: Page, cache: string): Promise<string[]> =>
  page.evaluate(async (name) => {
    const c = await caches.open(name);
    return (await c.keys()).map((r) => new URL(r.url).pathname.slice(1)).sort();
  }, cache);

/** The entry script the page runs (its hashed name tells which build it is). */
const entryScript = (page: Page): Promise<string> => page.evaluate(() => new URL(document.querySelector<HTMLScriptElement>('script[type="module"]')?.src ?? location.href).pathname.slice(1));

async function filesOf(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .filter((f) => f !== 'sw.js')
    .sort();
}

describe('the browser version opens offline (Chromium, real server, app-shell worker)', () => {
  let server: E2eServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startE2eServer();
    await server.makeUser('cg', 'caregiver', ['c-07']);
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  });

  it('reloads offline into the app, records a visit, and syncs it once online', async () => {
    const context = await newIsolatedContext(browser);
    contexts.push(context);
    const app = await openApp(context, server.url);
    const page = app.page;
    const sync = await (await SignInPage.open(page)).signIn('cg', E2E_PASSWORD);
    const created = await addResidentThroughForm(page, buildResidentForm({ communityId: 'c-07', nickname: 'บัว' }));
    const residentId = await created.residentId();
    await sync.syncNow();
    await until('the resident sent', async () => (await outboxRows(page)).length, (n) => n === 0);

    const version = await controlledVersion(page);
    const network = new NetworkSwitch(context, page, app.errors);
    await network.offline();
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached', timeout: 30_000 });
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);
    // The app opens locked; the PIN opens it offline too (docs/security.md §3).
    await unlock(page);
    await page.getByTestId('online-status').filter({ hasText: t('status.offline') }).waitFor();
    expect(await controlledVersion(page)).toBe(version);

    // Offline, in the resident's home: the profile (a chunk loaded on demand) opens and a visit is recorded.
    await page.evaluate((rid) => {
      window.location.hash = `#/residents/${encodeURIComponent(rid)}`;
    }, residentId);
    await new ProfilePage(page).waitReady(residentId);
    const panel = new VisitStartPanel(page);
    await panel.waitReady();
    const form = await panel.start();
    await form.fill({ duration: '30', vitals: { systolic: '128', diastolic: '82', pulse: '76' }, care: [{ code: 'bathing' }], observations: 'บันทึกตอนออฟไลน์' });
    const detail = await form.saveAndOpenVisit();
    const visitId = await detail.visitId();
    expect((await outboxRows(page)).filter((e) => e.table === 'visits').map((e) => e.recordId)).toEqual([visitId]);

    // Back online: the visit reaches the server by itself.
    await network.online();
    await until('the outbox sent after coming online', async () => (await outboxRows(page)).length, (n) => n === 0, { timeoutMs: 30_000 });
    const onServer = await server.db.query<{ id: string; data: { observations: string } }>("SELECT id, data FROM records WHERE type = 'visit' AND id = $1", [visitId]);
    expect(onServer.rows.map((r) => [r.id, r.data.observations])).toEqual([[visitId, 'บันทึกตอนออฟไลน์']]);
    expect((await rawGetAll(page, APP_DB, 'visits')).length).toBe(1);
    expect(network.unexpectedErrors()).toEqual([]);
  });

  it('a new build replaces the old one only as a whole, when the user says so', async () => {
    // Build B: the same app with another version string, so every chunk that holds it gets a new name.
    const work = await mkdtemp(path.join(tmpdir(), 'carerounds-shell-'));
    const buildB = path.join(work, 'b');
    const served = path.join(work, 'served');
    const { build } = await import('vite');
    await build({
      configFile: path.join(REPO_ROOT, 'vite.config.ts'),
      root: path.join(REPO_ROOT, 'renderer'),
      logLevel: 'error',
      build: { outDir: buildB, emptyOutDir: true },
      define: { __APP_VERSION__: JSON.stringify('9.9.9-shell-test') },
    });
    await cp(RENDERER_DIST, served, { recursive: true });
    const filesA = await filesOf(RENDERER_DIST);
    const filesB = await filesOf(buildB);
    const entryB = /src="\.\/(assets\/[^"]+\.js)"/.exec(await readFile(path.join(buildB, 'index.html'), 'utf8'))?.[1];
    expect(entryB).toBeDefined();
    const onlyB = filesB.filter((f) => !filesA.includes(f));
    expect(onlyB).toContain(entryB);

    const shellServer = await startE2eServer({ rendererDir: served });
    try {
      const context = await newIsolatedContext(browser);
      contexts.push(context);
      const app = await openApp(context, shellServer.url);
      const page = app.page;
      const versionA = await controlledVersion(page);
      const entryA = await entryScript(page);
      expect(await cachedUrls(page, `carerounds-shell-${versionA}`)).toEqual(filesA);
      const update = () => page.evaluate(async () => {
        const reg = await navigator.serviceWorker.getRegistration();
        await reg?.update().catch(() => undefined);
        // Settled: no worker installing any more (a failed install ends redundant).
        while (reg?.installing) await new Promise((r) => setTimeout(r, 20));
        return { waiting: reg?.waiting !== null && reg?.waiting !== undefined };
      });

      // Half-deployed: B's worker is there but one of B's files is not yet. B never installs; A stays whole.
      const late = onlyB.find((f) => f !== entryB && f.endsWith('.js')) ?? '';
      for (const f of [...filesB.filter((x) => x !== late), 'sw.js']) await cp(path.join(buildB, f), path.join(served, f));
      expect(await update()).toEqual({ waiting: false });
      expect(await shellCaches(page)).toEqual([`carerounds-shell-${versionA}`]);
      expect(await page.getByTestId('update-ready').count()).toBe(0);

      // Fully deployed, A's own files gone from the server: B precaches itself whole and waits; the page keeps
      // running A, whose cache is untouched, and is told that a new version is ready.
      await cp(path.join(buildB, late), path.join(served, late));
      for (const f of filesA.filter((x) => !filesB.includes(x))) await rm(path.join(served, f));
      expect(await update()).toEqual({ waiting: true });
      await page.getByTestId('update-ready').waitFor();
      const caches = await shellCaches(page);
      expect(caches).toHaveLength(2);
      const cacheB = caches.find((c) => c !== `carerounds-shell-${versionA}`) ?? '';
      expect(await cachedUrls(page, `carerounds-shell-${versionA}`)).toEqual(filesA);
      expect(await cachedUrls(page, cacheB)).toEqual(filesB);
      expect(await entryScript(page)).toBe(entryA);
      // A's files, gone from the server, are still served to the page that runs A: it never has to mix in B's.
      const goneA = filesA.find((f) => f.endsWith('.js') && !filesB.includes(f)) ?? '';
      expect(await page.evaluate(async (f) => (await fetch(`./${f}`)).status, goneA)).toBe(200);

      // The user's click: B takes over, the page reloads into B, and A's cache is gone.
      await Promise.all([page.waitForEvent('load'), page.getByTestId('update-reload').click()]);
      await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached', timeout: 30_000 });
      expect(await entryScript(page)).toBe(entryB);
      expect(await shellCaches(page)).toEqual([cacheB]);
      expect(await page.getByTestId('update-ready').count()).toBe(0);
      expect(app.errors).toEqual([]);
    } finally {
      await shellServer.close();
      await rm(work, { recursive: true, force: true });
    }
  });
});
