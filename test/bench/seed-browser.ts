/**
 * Fills the browser's own `carerounds` database with N generated residents (+ their ADL assessments) exactly
 * as the app's bulk path would have stored them, for benchmarks and e2e tests that need a big register. One
 * file on purpose: it is one procedure whose steps share the device's identity, clock and counters.
 *
 * How: the app opens once in the page and creates its schema, device row and seed communities itself. The
 * page then moves to a blank same-origin document (so no app connection is open), the browser's `meta` rows
 * are read, and in Node the app's own `bulkLoadResidents` (renderer/db/bulk.ts) runs over fake-indexeddb on
 * a database that has those same meta rows (same deviceId, clientId and user). Every row that load wrote —
 * residents, their register rows, assessments, outbox entries, `meta.mid`, `meta.hlc` and the register's head — is then put into
 * the browser's database with raw IndexedDB, in chunks. The result is what the browser would hold had the app bulk-loaded
 * the data itself: records with their envelopes and field clocks, one outbox entry per record with gap-free
 * mids, the counter and clock in meta, and the browser's device identity throughout. The read models come along:
 * the register rows the load wrote, the per-resident digests built in Node by the app's digestOf, and the
 * funding reports' facts by residentFactOf / visitFactOf (packed as
 * renderer/db/readModels/reportPacks.ts packs them), with their build marker, so the app opens them as its
 * own middleware would have left them.
 *
 * Visits and care plans (opts.visits, opts.plansShare) come from server/demoVisits.ts and are built by the
 * app's own WriteSession builders (records with envelopes and field clocks, by the device's user; plans
 * approved by it, the local default user being a care manager), but stored as already synced: seq 1..N and
 * no outbox entries, as a device holding 200,000 visits has them (it pushed them, or pulled them). The
 * outbox counter stays where the bulk load left it, so the next write continues the outbox's mids. They are not written to fake-indexeddb first: 200,000
 * rows there would take minutes, and the builders need only the session; without outbox entries the copy
 * into the browser moves half the bytes.
 *
 * Invariants: the target database must be the app's (created by the app, current schema) and hold no synced
 * records or outbox entries yet (mids continue from 0); otherwise seeding throws before writing anything.
 * The page is left on the blank document (the static server's 404 page, so the page logs one "Failed to load
 * resource: 404"): navigate to the app afterwards (e.g. `page.goto(baseUrl)`).
 */
// Installs fake-indexeddb as the global indexedDB of this Node process (Node has none of its own), before
// Dexie is loaded, so the app's store code runs on it here; the browser is not affected.
import 'fake-indexeddb/auto';
import { createServer } from 'node:http';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { newIsolatedContext } from '../e2e/support/chromium';
import { runAppModule as runAppModuleFrom } from '../e2e/support/appModule';
import type { DemoData } from '../../shared/demo/generate';
import type { MetaRow } from '../../renderer/db/meta';
import { builtMarker } from '../../renderer/db/readModels/marker';
import { packsOf, RESIDENT_KIND, VISIT_KIND } from '../../renderer/db/readModels/reportPacks';
import { alertRowOf } from '../../shared/alertRow';
import { digestOf, type DigestAssessment, type DigestPlanInput, type DigestVisit, type ResidentDigest } from '../../shared/digest';
import type { Resident } from '../../shared/resident';
import { residentFactOf, visitFactOf, type FactVisit, type FactAssessment, type FactPlan, type ResidentFact, type VisitFact } from '../../shared/reports/facts';

export interface SeedOptions {
  residents: number;
  seed?: number;
  /** YYYY-MM-DD, passed to generateDemoData (default: the generator's fixed date). */
  today?: string;
  /** The app's URL (a page not yet at the app's origin needs it). Default: the page's current origin. */
  baseUrl?: string;
  /** Records per transaction and per transferred body (a few MB each). */
  chunkSize?: number;
  dbName?: string;
  /** Visits in all (server/demoVisits.ts generateVisits); 0 = none. */
  visits?: number;
  /** One resident with a long timeline: resident `index` of the generated data gets `visits` of the total. */
  heavyVisits?: { index: number; visits: number };
  /** Share of active residents with an approved care plan (0–1); default 0. */
  plansShare?: number;
}

export interface SeedResult {
  residents: number;
  assessments: number;
  visits: number;
  carePlans: number;
  outbox: number;
  lastMid: number;
  /** The generated data (ids match the stored records). */
  data: DemoData;
  /** Wall time of the Node-side bulk load, of building the digests, and of the copy into the browser, in ms. */
  timings: { nodeBulkMs: number; digestMs: number; copyMs: number };
}

interface Dump {
  data: DemoData;
  stores: { residents: unknown[]; assessments: unknown[]; visits: unknown[]; carePlans: unknown[]; outbox: unknown[]; registerRows: unknown[]; residentDigests: unknown[]; alertRows: unknown[]; reportResidentPacks: unknown[]; reportVisitPacks: unknown[] };
  /** meta rows the load wrote (mid, hlc, the register's head). */
  meta: unknown[];
  lastMid: number;
  nodeBulkMs: number;
  digestMs: number;
}

function groupByResident<T extends { residentId: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(r.residentId);
    if (list) list.push(r);
    else out.set(r.residentId, [r]);
  }
  return out;
}

function digestsOf(residents: readonly Resident[], assessments: readonly DigestAssessment[], visits: readonly DigestVisit[], plans: readonly DigestPlanInput[]): ResidentDigest[] {
  const v = groupByResident(visits);
  const a = groupByResident(assessments);
  const p = groupByResident(plans);
  return residents.map((r) => digestOf(r, v.get(r.id) ?? [], [], a.get(r.id) ?? [], p.get(r.id) ?? [], []));
}

/** The funding reports' facts (renderer/db/readModels/reportRows.ts) of the seeded records: no visit has amendments. */
function reportFactsOf(residents: readonly Resident[], assessments: readonly FactAssessment[], visits: readonly FactVisit[], plans: readonly FactPlan[]): { residents: ResidentFact[]; visits: VisitFact[] } {
  const a = groupByResident(assessments);
  const p = groupByResident(plans);
  const rf: ResidentFact[] = [];
  for (const r of residents) {
    const f = residentFactOf(r, a.get(r.id) ?? [], p.get(r.id) ?? []);
    if (f !== null) rf.push(f);
  }
  const vf: VisitFact[] = [];
  for (const v of visits) {
    const f = visitFactOf(v, []);
    if (f !== null) vf.push(f);
  }
  return { residents: rf, visits: vf };
}

const DB_NAME = 'carerounds';
const SEED_BLANK_PATH = '__seed__/blank.html';
const SEED_DATA_PATH = '__seed__/data/';

interface MetaRowLike {
  key: string;
  [k: string]: unknown;
}

function isMetaRow(x: unknown): x is MetaRowLike {
  return typeof x === 'object' && x !== null && typeof (x as { key?: unknown }).key === 'string';
}

/** Generated data per (size, seed, date), kept per process: every seed of a run reuses it. */
const generated = new Map<string, DemoData>();

let fakeIdbCounter = 0;

type GenOpts = { residents: number; seed?: number; today?: string; visits?: number; heavyVisits?: { index: number; visits: number }; plansShare?: number };

async function buildDump(opts: GenOpts, browserMeta: readonly MetaRowLike[]): Promise<Dump> {
  const { default: Dexie } = await import('dexie');
  // Dexie resolves indexedDB when it is first loaded; if something loaded it before fake-indexeddb, point it there.
  if (!Dexie.dependencies.indexedDB) {
    Dexie.dependencies.indexedDB = globalThis.indexedDB;
    Dexie.dependencies.IDBKeyRange = globalThis.IDBKeyRange;
  }
  const { openStore } = await import('../../renderer/db/db');
  const { bulkLoadResidents } = await import('../../renderer/db/bulk');
  const { getLocalUser } = await import('../../renderer/db/meta');
  const { runWrite } = await import('../../renderer/db/repository');
  const { generatePlans, generateVisits } = await import('../../server/demoVisits');
  const { DEFAULT_TODAY } = await import('../../shared/demo/generate');

  const data = await generatedData(opts);

  const name = `seed-browser-${process.pid}-${fakeIdbCounter++}`;
  const opened = await openStore(name);
  if (!opened.ok) throw new Error(`fake-indexeddb store did not open: ${opened.code} ${opened.detail}`);
  const db = opened.db;
  try {
    // The browser's device (and user, if set) replace the ones openStore made, so every record, entry and
    // clock carries the browser's identity.
    // Rows read back from the app's own meta store: MetaRow-shaped by construction.
    await db.meta.bulkPut(browserMeta as unknown as MetaRow[]);
    const user = await getLocalUser(db);
    const started = performance.now();
    const result = await bulkLoadResidents(
      db,
      data.residents.map((r) => ({ ...r.data, id: r.id })),
      data.assessments.map((a) => ({ ...a.data, id: a.id })),
      { userId: user.userId },
    );
    // Visits and plans: staged by the app's builders in one session (which stores the counter and clock),
    // their rows kept here rather than written to fake-indexeddb (see the module comment).
    const today = opts.today ?? DEFAULT_TODAY;
    const visitRows: unknown[] = [];
    const planRows: unknown[] = [];
    let synced = 0;
    if ((opts.visits ?? 0) > 0 || (opts.plansShare ?? 0) > 0) {
      const visits = (opts.visits ?? 0) > 0 ? generateVisits(data.residents, { total: opts.visits ?? 0, today, caregiverIds: [user.userId], ...(opts.heavyVisits ? { heavy: opts.heavyVisits } : {}) }) : [];
      const plans = (opts.plansShare ?? 0) > 0 ? generatePlans(data.residents, { today, caregiverIds: [user.userId], approverId: user.userId, share: opts.plansShare ?? 0 }) : [];
      await runWrite(db, ['visits', 'carePlans'], { userId: user.userId }, (s) => {
        for (const v of visits) {
          visitRows.push({ ...s.buildCreate('visits', v.data, v.id).record, seq: ++synced });
        }
        for (const p of plans) {
          planRows.push({ ...s.buildCreate('carePlans', p.data, p.id).record, seq: ++synced });
        }
        return Promise.resolve();
      });
    }
    const nodeBulkMs = performance.now() - started;
    const [residents, assessments, bulkOutbox, registerRows, meta] = await Promise.all([
      db.residents.toArray(),
      db.assessments.toArray(),
      db.outbox.orderBy('mid').toArray(),
      // The register's projection, which the app's store middleware wrote with the residents (raw
      // IndexedDB in the browser bypasses that middleware, so it is copied like the other stores).
      db.registerRows.toArray(),
      db.meta.toArray(),
    ]);
    if (bulkOutbox.length !== residents.length + assessments.length) {
      throw new Error(`bulk load wrote ${bulkOutbox.length} outbox entries for ${residents.length + assessments.length} records`);
    }
    const lastMid = result.lastMid;
    const outbox = bulkOutbox;
    // The per-resident digests, as the app's read-model middleware would have kept them while the rows were
    // written (the visits and plans never went through fake-indexeddb, and raw IndexedDB in the browser
    // bypasses the middleware): the app's own digestOf over each resident's rows, their alert rows
    // (alertRowOf, written with the digests), and the build marker.
    const digestStart = performance.now();
    const residentDigests = digestsOf(residents, assessments, visitRows as DigestVisit[], planRows as DigestPlanInput[]);
    // And the report facts, as the middleware would have kept them (residentFactOf / visitFactOf), packed.
    const facts = reportFactsOf(residents, assessments, visitRows as FactVisit[], planRows as FactPlan[]);
    const digestMs = performance.now() - digestStart;
    return {
      data,
      stores: { residents, assessments, visits: visitRows, carePlans: planRows, outbox, registerRows, residentDigests, alertRows: residentDigests.map(alertRowOf), reportResidentPacks: packsOf(facts.residents, RESIDENT_KIND), reportVisitPacks: packsOf(facts.visits, VISIT_KIND) },
      // The counter as the bulk load left it: the builders counted the synced records' (pushed) entries too.
      meta: [...meta.filter((row) => row.key === 'mid' || row.key === 'hlc' || row.key === 'registerHead').map((row) => (row.key === 'mid' ? { key: 'mid', value: lastMid } : row)), builtMarker(new Date())],
      lastMid,
      nodeBulkMs,
      digestMs,
    };
  } finally {
    db.close();
    await Dexie.delete(name);
  }
}

async function generatedData(opts: { residents: number; seed?: number; today?: string }): Promise<DemoData> {
  const key = JSON.stringify([opts.residents, opts.seed ?? null, opts.today ?? null]);
  const cached = generated.get(key);
  if (cached) return cached;
  const { generateDemoData } = await import('../../shared/demo/generate');
  const gen: { residents: number; seed?: number; today?: string } = { residents: opts.residents };
  if (opts.seed !== undefined) gen.seed = opts.seed;
  if (opts.today !== undefined) gen.today = opts.today;
  const data = generateDemoData(gen);
  generated.set(key, data);
  return data;
}

/** Raw IndexedDB in the page: store names, counts and all meta rows of an existing database. */
function inspect(page: Page, dbName: string): Promise<{ exists: boolean; stores: string[]; counts: Record<string, number>; meta: unknown[] }> {
  return page.evaluate(async (name) => {
    const listed = (await indexedDB.databases()).some((d) => d.name === name);
    if (!listed) return { exists: false, stores: [], counts: {}, meta: [] };
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name); // no version: never upgrades
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(new Error(String(req.error)));
    });
    try {
      const stores = Array.from(db.objectStoreNames).sort();
      const counted = stores.filter((s) => s !== 'meta');
      const tx = db.transaction(stores, 'readonly');
      // No named helper functions in here: tsx's keepNames would wrap them in a __name() the page lacks.
      const requests: [string, IDBRequest][] = counted.map((s) => [s, tx.objectStore(s).count()]);
      if (stores.includes('meta')) requests.push(['meta', tx.objectStore('meta').getAll()]);
      const results = await Promise.all(
        requests.map(
          ([, req]) =>
            new Promise<unknown>((resolve, reject) => {
              req.onsuccess = () => resolve(req.result);
              req.onerror = () => reject(new Error(String(req.error)));
            }),
        ),
      );
      const counts: Record<string, number> = {};
      let meta: unknown[] = [];
      requests.forEach(([s], i) => {
        const value = results[i];
        if (s === 'meta') meta = Array.isArray(value) ? value : [];
        else counts[s] = typeof value === 'number' ? value : -1;
      });
      return { exists: true, stores, counts, meta };
    } finally {
      db.close();
    }
  }, dbName);
}

/**
 * Fetches each chunk from its URL (a loopback server of this process: a page.evaluate argument or a routed
 * response crosses the DevTools pipe, which is slow for tens of MB) and puts its rows into its store, one
 * transaction per chunk. Relaxed durability: this is test setup, not a user write.
 */
function putChunks(page: Page, dbName: string, chunks: readonly { store: string; url: string }[]): Promise<number> {
  return page.evaluate(
    async ({ name, list }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open(name);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(new Error(String(req.error)));
      });
      let written = 0;
      try {
        // The next chunk downloads and parses while the current one is written.
        let next: Promise<unknown[]> | null = null;
        for (let i = 0; i < list.length; i++) {
          const chunk = list[i];
          if (!chunk) continue;
          const rows = await (next ??
            fetch(chunk.url).then((res) => {
              if (!res.ok) throw new Error(`${chunk.url}: HTTP ${res.status}`);
              return res.json() as Promise<unknown[]>;
            }));
          const following = list[i + 1];
          next = following
            ? fetch(following.url).then((res) => {
                if (!res.ok) throw new Error(`${following.url}: HTTP ${res.status}`);
                return res.json() as Promise<unknown[]>;
              })
            : null;
          await new Promise<void>((resolve, reject) => {
            const tx = db.transaction(chunk.store, 'readwrite', { durability: 'relaxed' });
            const os = tx.objectStore(chunk.store);
            for (const row of rows) os.put(row);
            tx.oncomplete = () => resolve();
            tx.onerror = () => reject(new Error(String(tx.error)));
            tx.onabort = () => reject(new Error(String(tx.error ?? 'transaction aborted')));
          });
          written += rows.length;
        }
      } finally {
        db.close();
      }
      return written;
    },
    { name: dbName, list: chunks },
  );
}

/**
 * Serves chunk i as JSON at /i on a loopback port. Each body is serialised when asked for, so only the
 * chunks in flight exist as strings.
 */
async function serveChunks(chunks: readonly (readonly unknown[])[]): Promise<{ urlOf(i: number): string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const i = Number((req.url ?? '').slice(1));
    const rows = Number.isInteger(i) ? chunks[i] : undefined;
    if (req.method !== 'GET' || rows === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(rows));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('seed server has no port');
  return {
    urlOf: (i) => `http://127.0.0.1:${address.port}/${i}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function originOf(page: Page, baseUrl: string | undefined): string {
  const from = baseUrl ?? page.url();
  const url = new URL(from);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`seedBrowserDb: the page is at ${from}; pass opts.baseUrl (the app's URL)`);
  }
  return baseUrl ?? `${url.origin}/`;
}

/** See the module comment. Resolves once every row is stored; the page is then on a blank same-origin page. */
export async function seedBrowserDb(page: Page, opts: SeedOptions): Promise<SeedResult> {
  const appUrl = originOf(page, opts.baseUrl);
  const dbName = opts.dbName ?? DB_NAME;
  const chunkSize = Math.max(1, opts.chunkSize ?? 2000);

  // 1. The app creates its database (schema, device, communities) with its own code.
  await page.goto(appUrl, { waitUntil: 'load' });
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached', timeout: 30_000 });

  // 2. Leave the app (its connection closes with the document) for an empty same-origin page.
  // The server's own 404 document: a loopback page of the app's origin that does not boot the app. (A page
  // answered by page.route counts as a public address, and Chromium's Local Network Access then refuses its
  // fetches to loopback.)
  const blank = new URL(SEED_BLANK_PATH, appUrl).href;
  await page.goto(blank, { waitUntil: 'load' });

  const before = await inspect(page, dbName);
  if (!before.exists) throw new Error(`seedBrowserDb: the app did not create database ${dbName}`);
  for (const store of ['residents', 'assessments', 'visits', 'carePlans', 'outbox', 'registerRows', 'residentDigests', 'alertRows', 'reportResidentPacks', 'reportVisitPacks']) {
    if (!before.stores.includes(store)) throw new Error(`seedBrowserDb: ${dbName} has no ${store} store (stores: ${before.stores.join(', ')})`);
    if ((before.counts[store] ?? 0) !== 0) throw new Error(`seedBrowserDb: ${dbName}.${store} already holds ${before.counts[store]} rows`);
  }
  const browserMeta = before.meta.filter(isMetaRow).filter((row) => row.key === 'device' || row.key === 'user');
  if (!browserMeta.some((row) => row.key === 'device')) throw new Error('seedBrowserDb: the app wrote no device row');
  if (before.meta.filter(isMetaRow).some((row) => row.key === 'mid')) throw new Error('seedBrowserDb: the outbox counter is already set');

  // 3. The app's bulk load in Node, as this browser's device.
  const gen: GenOpts = { residents: opts.residents };
  if (opts.seed !== undefined) gen.seed = opts.seed;
  if (opts.today !== undefined) gen.today = opts.today;
  if (opts.visits !== undefined) gen.visits = opts.visits;
  if (opts.heavyVisits !== undefined) gen.heavyVisits = opts.heavyVisits;
  if (opts.plansShare !== undefined) gen.plansShare = opts.plansShare;
  const dump = await buildDump(gen, browserMeta);

  // 4. Copy: records and entries first, the counter and clock last (an interrupted seed has no meta.mid).
  const copyStart = performance.now();
  const chunks: { store: string; rows: readonly unknown[] }[] = [];
  for (const [store, rows] of Object.entries(dump.stores)) {
    for (let i = 0; i < rows.length; i += chunkSize) chunks.push({ store, rows: rows.slice(i, i + chunkSize) });
  }
  chunks.push({ store: 'meta', rows: dump.meta });
  const server = await serveChunks(chunks.map((c) => c.rows));
  // The page asks its own origin; the route sends the request on to the loopback server unchanged in the
  // page's eyes (same-origin, so neither CORS nor Local Network Access applies), and the body never crosses
  // the DevTools pipe.
  const dataPrefix = new URL(SEED_DATA_PATH, appUrl).href;
  const dataRoute = `${dataPrefix}**`;
  await page.route(dataRoute, (route) => route.continue({ url: server.urlOf(Number(route.request().url().slice(dataPrefix.length))) }));
  try {
    await putChunks(
      page,
      dbName,
      chunks.map((c, i) => ({ store: c.store, url: `${dataPrefix}${i}` })),
    );
  } finally {
    await page.unroute(dataRoute);
    await server.close();
  }
  const copyMs = performance.now() - copyStart;

  const after = await inspect(page, dbName);
  const expect = {
    residents: dump.stores.residents.length,
    assessments: dump.stores.assessments.length,
    visits: dump.stores.visits.length,
    carePlans: dump.stores.carePlans.length,
    outbox: dump.stores.outbox.length,
  };
  for (const [store, n] of Object.entries({ ...expect, registerRows: dump.stores.residents.length, residentDigests: dump.stores.residents.length, alertRows: dump.stores.residents.length })) {
    if (after.counts[store] !== n) throw new Error(`seedBrowserDb: ${store} holds ${after.counts[store]} rows after seeding, expected ${n}`);
  }
  return { ...expect, lastMid: dump.lastMid, data: dump.data, timings: { nodeBulkMs: dump.nodeBulkMs, digestMs: dump.digestMs, copyMs } };
}

// ---------------------------------------------------------------------------------------------------------
// The visits device: 10,000 residents, 200,000 visits, plans

/** The device of the visit, profile and alert benchmarks: 10,000 residents, 200,000 visits. */
export const VISITS_DEVICE = {
  residents: 10_000,
  visits: 200_000,
  /** Resident 0 of the generated data has a long timeline (resident.open.500_visits). */
  heavyVisits: { index: 0, visits: 500 },
  plansShare: 0.3,
} as const;

export interface VisitsDeviceContext {
  context: BrowserContext;
  seed: SeedResult;
  appUrl: string;
}

const visitsDevices = new WeakMap<Browser, Map<string, Promise<VisitsDeviceContext>>>();

async function createVisitsDevice(browser: Browser, appUrl: string): Promise<VisitsDeviceContext> {
  const context = await newIsolatedContext(browser);
  try {
    const page = await context.newPage();
    const started = performance.now();
    const seed = await seedBrowserDb(page, { ...VISITS_DEVICE, baseUrl: appUrl });
    console.error(
      `[bench] seeded ${seed.residents} residents, ${seed.assessments} assessments, ${seed.visits} visits, ${seed.carePlans} care plans, ` +
        `${seed.outbox} outbox entries in ${Math.round(performance.now() - started)} ms (Node ${Math.round(seed.timings.nodeBulkMs)} ms, digests ${Math.round(seed.timings.digestMs)} ms, copy ${Math.round(seed.timings.copyMs)} ms)`,
    );
    await page.close();
    return { context, seed, appUrl };
  } catch (err) {
    await context.close();
    throw err;
  }
}

/**
 * One browser context per run holding VISITS_DEVICE (seeding takes a minute or two, so the visit benchmarks
 * share it; it closes with the browser). Benchmarks that write (visit.save) add a few dozen visits; readers
 * report the counts they saw.
 */
export function visitsDeviceContext(browser: Browser, appUrl: string): Promise<VisitsDeviceContext> {
  let byUrl = visitsDevices.get(browser);
  if (!byUrl) {
    byUrl = new Map();
    visitsDevices.set(browser, byUrl);
  }
  let ctx = byUrl.get(appUrl);
  if (!ctx) {
    ctx = createVisitsDevice(browser, appUrl);
    byUrl.set(appUrl, ctx);
    const map = byUrl;
    ctx.catch(() => map.delete(appUrl)); // a failed seed is retried by the next benchmark
  }
  return ctx;
}

// ---------------------------------------------------------------------------------------------------------
// The app's own modules inside a page

/**
 * Runs `source` (TypeScript importing the app's modules, paths relative to test/bench/) in `page`, so a
 * benchmark can call the app's store code (Dexie and all) on the page's own database without a UI.
 */
export function runAppModule(page: Page, source: string): Promise<void> {
  return runAppModuleFrom(page, source, 'test/bench');
}
