/**
 * rounds.today.open — a caregiver opens her day (#/today): from the hash change (the app reloaded and showing
 * the register, as after starting the app) to the day's round visits painted: every row in the DOM, then the
 * next frame (requestAnimationFrame, then a macrotask). `repeat_median` is the same open again without a
 * reload (register → today, the app warm). One warm-up, then the median of RUNS. `chunk_loaded_runs` counts
 * the runs where the on-demand pages' chunk (which holds this page) had been fetched before the hash change.
 *
 * The device: a caregiver's (her communities only, docs/domain.md §1): DEVICE residents with their ADL
 * assessments, visits and plans, with their read models (seed-browser.ts), its local user a caregiver, and a
 * year of her round visits: ROUNDS_PER_DAY a day over DAYS days, 3,000 rows stored as synced, of which the
 * ROUNDS_PER_DAY of today (Bangkok) are shown.
 *
 * `idb_floor_ms` is the floor under any version of this page: in the same page, one raw IndexedDB read of the
 * day's rows through the `[caregiverId+date]` index and of their residents and digests (median of 3).
 *
 * Each open is checked: the page shows today, its rows are exactly the day's round visits in route order
 * and the counts say so, so a faster but wrong page fails.
 */
import type { Page } from 'playwright-core';
import { addDays, dayOfWeek } from '../../../shared/dates/calendar';
import { todayBangkok } from '../../../shared/dates/thaiDate';
import { rawPutAllBulk } from '../../e2e/support/idb';
import { newIsolatedContext } from '../../e2e/support/chromium';
import { seedBrowserDb } from '../seed-browser';
import { median, round1, type BrowserBench } from '../support';

const RUNS = 7;
const REPEATS = 5;
const TARGET_MS = 100;
const ROUNDS_PER_DAY = 8;
const DAYS = 375;
const USER = 'local-user';
/** A caregiver covering two of the municipality's ten communities (VISITS_DEVICE is the whole municipality). */
const DEVICE = { residents: 2_000, visits: 40_000, plansShare: 0.3 } as const;

interface Sample {
  painted: number;
  seen: number;
  day: string;
  ids: string[];
  planned: number;
  /** The pages chunk had been fetched before the hash change. */
  chunkLoaded: boolean;
}

const mondayOf = (date: string): string => addDays(date, -((dayOfWeek(date) + 6) % 7));

/** A year of her round visits, ending a week after today, as stored after a pull (envelope, seq, bucket). */
function roundRows(residentIds: readonly string[], today: string): { rows: Record<string, unknown>[]; todays: string[] } {
  const rows: Record<string, unknown>[] = [];
  const todays: string[] = [];
  const at = new Date().toISOString();
  let k = 0;
  for (let d = -(DAYS - 7); d < 7; d++) {
    const date = addDays(today, d);
    // Route order reversed against insertion, so the page must sort.
    for (let i = ROUNDS_PER_DAY - 1; i >= 0; i--) {
      k += 1;
      const id = `0195f3a2-0000-7000-8000-${String(k).padStart(12, '0')}`;
      const past = date < today;
      rows.push({
        id,
        weekStart: mondayOf(date),
        residentId: residentIds[(k * 7) % residentIds.length],
        communityId: 'c-01',
        caregiverId: USER,
        date,
        minute: i === ROUNDS_PER_DAY - 1 ? null : 8 * 60 + i * 50,
        minutes: 45,
        fixed: i === 0,
        order: i,
        legKm: 0,
        activities: ['bathing', 'vital_signs', 'medication'],
        status: 'published',
        locked: false,
        outcome: past ? (k % 9 === 0 ? 'missed' : 'done') : null,
        missedReason: past && k % 9 === 0 ? 'not_home' : null,
        outcomeNote: '',
        visitId: null,
        createdAt: at,
        createdBy: 'planner',
        updatedAt: at,
        updatedBy: 'planner',
        deviceId: 'server',
        deletedAt: null,
        seq: k,
        hlc: {},
        schemaVersion: 1,
        bucket: `w:${USER}`,
      });
      if (date === today) todays.push(id);
    }
  }
  todays.reverse(); // inserted from the last of the route to the first
  return { rows, todays };
}

/** Changes the hash to #/today and resolves once `expected` rows are painted (see the module comment). */
function openToday(page: Page, expected: number): Promise<Sample> {
  return page.evaluate(
    (n) =>
      new Promise<Sample>((resolve, reject) => {
        // No named helper functions in here: tsx's keepNames would wrap them in a __name() the page lacks.
        const timer = setTimeout(() => {
          observer.disconnect();
          reject(new Error(`today's ${n} rows not shown within 60 s`));
        }, 60_000);
        const observer = new MutationObserver(() => {
          const root = document.querySelector('[data-testid="today-page"]');
          if (!root || root.querySelectorAll('[data-testid="today-row"]').length < n) return;
          observer.disconnect();
          clearTimeout(timer);
          const seen = performance.now() - start;
          requestAnimationFrame(() =>
            setTimeout(() =>
              resolve({
                painted: performance.now() - start,
                seen,
                day: root.getAttribute('data-day') ?? '',
                ids: [...root.querySelectorAll('[data-testid="today-row"]')].map((e) => e.getAttribute('data-round-id') ?? ''),
                planned: Number(root.querySelector('[data-testid="today-counts"]')?.getAttribute('data-planned') ?? '-1'),
                chunkLoaded,
              }),
            ),
          );
        });
        observer.observe(document.body, { childList: true, subtree: true, attributes: true });
        const chunkLoaded = performance.getEntriesByType('resource').some((e) => /\/pages-[^/]*\.js$/.test(e.name));
        const start = performance.now();
        window.location.hash = '#/today';
      }),
    expected,
  );
}

/** ms of the raw reads under the page: the day's rows by index, then their residents and digests (median of 3). */
async function rawFloor(page: Page, day: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    times.push(
      await page.evaluate(
        async ({ user, date }) => {
          const db = await new Promise<IDBDatabase>((resolve, reject) => {
            const req = indexedDB.open('carerounds');
            req.onsuccess = () => resolve(req.result);
            req.onerror = () => reject(new Error(String(req.error)));
          });
          try {
            const t0 = performance.now();
            const tx = db.transaction(['roundVisits', 'residents', 'residentDigests'], 'readonly');
            const rows = await new Promise<{ residentId: string }[]>((resolve, reject) => {
              const req = tx.objectStore('roundVisits').index('[caregiverId+date]').getAll(IDBKeyRange.only([user, date]));
              req.onsuccess = () => resolve(req.result as { residentId: string }[]);
              req.onerror = () => reject(new Error(String(req.error)));
            });
            await Promise.all(
              rows.flatMap((r) =>
                ['residents', 'residentDigests'].map(
                  (store) =>
                    new Promise<void>((resolve, reject) => {
                      const req = tx.objectStore(store).get(r.residentId);
                      req.onsuccess = () => resolve();
                      req.onerror = () => reject(new Error(String(req.error)));
                    }),
                ),
              ),
            );
            return performance.now() - t0;
          } finally {
            db.close();
          }
        },
        { user: USER, date: day },
      ),
    );
  }
  return median(times);
}

/** The `meta` row `user` (the local user) as stored, or null; and a writer that puts a row or deletes it. */
function metaUser(page: Page, put?: { row: unknown } | { remove: true }): Promise<unknown> {
  return page.evaluate(
    async (arg) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('carerounds');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(new Error(String(req.error)));
      });
      try {
        const tx = db.transaction('meta', arg ? 'readwrite' : 'readonly');
        const store = tx.objectStore('meta');
        const req = arg === null ? store.get('user') : 'row' in arg ? store.put(arg.row) : store.delete('user');
        const out = await new Promise<unknown>((resolve, reject) => {
          req.onsuccess = () => resolve(arg === null ? (req.result ?? null) : null);
          req.onerror = () => reject(new Error(String(req.error)));
        });
        await new Promise<void>((resolve) => (tx.oncomplete = () => resolve()));
        return out;
      } finally {
        db.close();
      }
    },
    put ?? null,
  );
}

async function onRegister(page: Page, reload: boolean, appUrl: string): Promise<void> {
  if (reload) await page.goto(appUrl, { waitUntil: 'load' });
  else await page.evaluate(() => (window.location.hash = '#/'));
  await page.waitForSelector('[data-testid="register-row"]', { timeout: 120_000 });
}

const bench: BrowserBench = {
  name: 'rounds.today.open',
  async run({ browser, baseUrl, log }) {
    const context = await newIsolatedContext(browser);
    try {
      const page = await context.newPage();
      const started = performance.now();
      const seed = await seedBrowserDb(page, { ...DEVICE, baseUrl });
      console.error(`[bench] rounds.today.open: seeded ${seed.residents} residents, ${seed.visits} visits, ${seed.carePlans} care plans in ${Math.round(performance.now() - started)} ms`);
      const appUrl = baseUrl;
      const today = todayBangkok();
      const active = seed.data.residents.filter((r) => r.data.status === 'active').map((r) => r.id);
      const { rows, todays } = roundRows(active, today);
      await onRegister(page, true, appUrl);
      // A caregiver's device: her own rounds only (her work bucket), a year of them.
      await metaUser(page, { row: { key: 'user', userId: USER, displayName: 'ผู้ดูแล', role: 'caregiver' } });
      await rawPutAllBulk(page, 'carerounds', { roundVisits: rows });

      const verify = (s: Sample, what: string): Sample => {
        if (s.day !== today) throw new Error(`${what}: the page shows ${s.day}, not ${today}`);
        if (JSON.stringify(s.ids) !== JSON.stringify(todays)) throw new Error(`${what}: rows ${s.ids.join(',')}; expected ${todays.join(',')}`);
        if (s.planned !== ROUNDS_PER_DAY) throw new Error(`${what}: ${s.planned} planned shown`);
        return s;
      };
      await onRegister(page, true, appUrl);
      const warm = verify(await openToday(page, ROUNDS_PER_DAY), 'warm-up');
      console.error(`[bench] rounds.today.open warm-up: painted at ${round1(warm.painted)} ms`);

      const samples: Sample[] = [];
      for (let i = 0; i < RUNS; i++) {
        await onRegister(page, true, appUrl);
        samples.push(verify(await openToday(page, ROUNDS_PER_DAY), `run ${i + 1}`));
      }
      const repeats: Sample[] = [];
      for (let i = 0; i < REPEATS; i++) {
        await onRegister(page, false, appUrl);
        repeats.push(verify(await openToday(page, ROUNDS_PER_DAY), `repeat ${i + 1}`));
      }
      const floor = await rawFloor(page, today);
      const painted = samples.map((s) => s.painted);
      console.error(`[bench] rounds.today.open samples (ms): ${painted.map(round1).join(', ')}; repeats: ${repeats.map((s) => round1(s.painted)).join(', ')}; raw reads: ${round1(floor)}`);
      log({
        bench: 'rounds.today.open',
        value: round1(median(painted)),
        unit: 'ms',
        target: TARGET_MS,
        n: samples.length,
        seen_median: round1(median(samples.map((s) => s.seen))),
        min: round1(Math.min(...painted)),
        max: round1(Math.max(...painted)),
        repeat_median: round1(median(repeats.map((s) => s.painted))),
        chunk_loaded_runs: samples.filter((s) => s.chunkLoaded).length,
        idb_floor_ms: round1(floor),
        rows: ROUNDS_PER_DAY,
        round_visits: rows.length,
        residents: seed.residents,
        device_visits: seed.visits,
      });
    } finally {
      await context.close();
    }
  },
};

export default bench;
