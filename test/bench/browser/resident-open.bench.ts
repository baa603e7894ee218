/**
 * resident.open.500_visits — from navigating to a resident with 500 visits (from the register, as a click on
 * the row does: the hash changes) to the resident's newest visits painted: the `timeline` section showing
 * its first items, then the next frame (requestAnimationFrame, then a macrotask). The profile paints them
 * from a bounded read before the charts (renderer/features/timeline/queries.ts); `charts_median` is the same
 * clock to the complete timeline painted: every visit counted (`data-complete`) and the blood-pressure chart
 * drawn. On the full device: 10,000 residents, 200,000 visits, ADL assessments and care plans
 * (seed-browser.ts VISITS_DEVICE, whose resident 0 has the 500 visits).
 *
 * Each sample starts from a reloaded app on the register (its rows shown), so no query result of an earlier
 * open is cached by Dexie and the profile's code is run for the first time in that document: the figure is
 * the first open after the app starts, the slow case. One warm-up, then the median of RUNS.
 * `repeat_median` is the same open again without a reload (register → resident, the app already warm).
 *
 * `idb_visits_getall_ms` is the floor under any version of this page that shows every visit in its charts:
 * one raw IndexedDB getAll() of the resident's visits over the same index, in the same page (median of 3).
 *
 * Each open is checked: the page shows that resident; its first item is no older than the newest visit stored (raw
 * IndexedDB over the same index the app reads); once complete, the timeline counts every visit
 * (`data-count` ≥ the visits stored) and the BP chart has one point per stored visit with a blood pressure,
 * so a faster but wrong or incomplete page fails.
 */
import type { Page } from 'playwright-core';
import { visitsDeviceContext, VISITS_DEVICE } from '../seed-browser';
import { median, round1, type BrowserBench } from '../support';

const RUNS = 7;
const REPEATS = 5;
const TARGET_MS = 100;

interface Sample {
  /** ms from the navigation to the newest visits painted. */
  painted: number;
  /** ms to the first frame with the first items in the DOM (before the paint). */
  seen: number;
  /** ms to the complete timeline (all visits counted, BP chart drawn) painted. */
  complete: number;
  residentId: string;
  /** data-at of the first item painted. */
  firstAt: string;
  items: number;
  count: number;
  bpPoints: number;
}

/** Raw IndexedDB: the resident's visits, those the BP chart should plot (done, with a BP, not voided), the newest startedAt. */
function storedVisits(page: Page, residentId: string): Promise<{ all: number; withBp: number; newestAt: string }> {
  return page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('carerounds');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(new Error(String(req.error)));
    });
    try {
      const rows = await new Promise<unknown[]>((resolve, reject) => {
        const range = IDBKeyRange.bound([id, ''], [id, '\uffff']);
        const req = db.transaction('visits', 'readonly').objectStore('visits').index('[residentId+startedAt]').getAll(range);
        req.onsuccess = () => resolve(req.result as unknown[]);
        req.onerror = () => reject(new Error(String(req.error)));
      });
      const visits = rows as { deletedAt: string | null; outcome: string; startedAt: string; vitals: { systolic: number | null } }[];
      const live = visits.filter((v) => v.deletedAt === null);
      return {
        all: live.length,
        withBp: live.filter((v) => v.outcome === 'done' && v.vitals.systolic !== null).length,
        newestAt: live.reduce((m, v) => (v.startedAt > m ? v.startedAt : m), ''),
      };
    } finally {
      db.close();
    }
  }, residentId);
}

/** Changes the hash to the resident and resolves when the timeline is complete (see the module comment). */
function openResident(page: Page, residentId: string): Promise<Sample> {
  return page.evaluate(
    (id) =>
      new Promise<Sample>((resolve, reject) => {
        // No named helper functions in here: tsx's keepNames would wrap them in a __name() the page lacks.
        const timer = setTimeout(() => {
          observer.disconnect();
          reject(new Error(`timeline of ${id} not complete within 60 s`));
        }, 60_000);
        let first: { seen: number; painted: number | null; firstAt: string; items: number } | null = null;
        const observer = new MutationObserver(() => {
          const profile = document.querySelector('[data-testid="resident-profile"]');
          const timeline = document.querySelector('[data-testid="timeline"]');
          if (profile?.getAttribute('data-resident-id') !== id || !timeline) return;
          const item = timeline.querySelector('[data-testid="timeline-item"]');
          if (!item) return;
          if (first === null) {
            const f = { seen: performance.now() - start, painted: null as number | null, firstAt: item.getAttribute('data-at') ?? '', items: timeline.querySelectorAll('[data-testid="timeline-item"]').length };
            first = f;
            requestAnimationFrame(() => setTimeout(() => (f.painted = performance.now() - start)));
          }
          if (timeline.getAttribute('data-complete') !== 'true' || !timeline.querySelector('[data-testid="chart-bp"] svg')) return;
          observer.disconnect();
          clearTimeout(timer);
          const head = first;
          requestAnimationFrame(() =>
            setTimeout(() => {
              const complete = performance.now() - start;
              resolve({
                painted: head.painted ?? complete,
                seen: head.seen,
                complete,
                residentId: id,
                firstAt: head.firstAt,
                items: head.items,
                count: Number(timeline.getAttribute('data-count') ?? '0'),
                bpPoints: Number(timeline.querySelector('[data-testid="chart-bp"]')?.getAttribute('data-points') ?? '0'),
              });
            }),
          );
        });
        observer.observe(document.body, { childList: true, subtree: true, attributes: true });
        const start = performance.now();
        window.location.hash = `#/residents/${encodeURIComponent(id)}`;
      }),
    residentId,
  );
}

/** ms of one raw getAll() of the resident's visits (the index the app reads), median of 3. */
async function rawVisitsGetAll(page: Page, residentId: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    times.push(
      await page.evaluate(async (id) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const req = indexedDB.open('carerounds');
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(new Error(String(req.error)));
        });
        try {
          const t0 = performance.now();
          await new Promise<void>((resolve, reject) => {
            const req = db.transaction('visits', 'readonly').objectStore('visits').index('[residentId+startedAt]').getAll(IDBKeyRange.bound([id, ''], [id, '\uffff']));
            req.onsuccess = () => resolve();
            req.onerror = () => reject(new Error(String(req.error)));
          });
          return performance.now() - t0;
        } finally {
          db.close();
        }
      }, residentId),
    );
  }
  return median(times);
}

async function onRegister(page: Page, reload: boolean, appUrl: string): Promise<void> {
  if (reload) await page.goto(appUrl, { waitUntil: 'load' });
  else await page.evaluate(() => (window.location.hash = '#/'));
  await page.waitForSelector('[data-testid="register-row"]', { timeout: 120_000 });
}

const bench: BrowserBench = {
  name: 'resident.open.500_visits',
  async run({ browser, baseUrl, log }) {
    const device = await visitsDeviceContext(browser, baseUrl);
    const heavy = device.seed.data.residents[VISITS_DEVICE.heavyVisits.index];
    if (!heavy) throw new Error('the seeded device has no heavy resident');
    const page = await device.context.newPage();
    try {
      await onRegister(page, true, device.appUrl);
      const stored = await storedVisits(page, heavy.id);
      if (stored.all < VISITS_DEVICE.heavyVisits.visits) throw new Error(`resident ${heavy.id} has ${stored.all} visits stored, expected ${VISITS_DEVICE.heavyVisits.visits}`);
      const verify = (s: Sample, what: string): Sample => {
        if (s.residentId !== heavy.id) throw new Error(`${what}: opened ${s.residentId}`);
        if (s.count < stored.all) throw new Error(`${what}: the timeline counts ${s.count} entries for ${stored.all} visits`);
        if (s.bpPoints !== stored.withBp) throw new Error(`${what}: the BP chart has ${s.bpPoints} points, ${stored.withBp} visits have a BP`);
        // The first item is the newest visit, or something newer still (an assessment, a plan event).
        if (!(Date.parse(s.firstAt) >= Date.parse(stored.newestAt))) throw new Error(`${what}: the first item painted is at ${s.firstAt}, the newest visit at ${stored.newestAt}`);
        if (s.items < 1 || s.items > 100) throw new Error(`${what}: ${s.items} rows rendered (expected the first page only)`);
        return s;
      };

      const warm = verify(await openResident(page, heavy.id), 'warm-up');
      console.error(`[bench] resident.open warm-up: painted at ${round1(warm.painted)} ms, ${warm.items} rows of ${warm.count}`);

      const samples: Sample[] = [];
      for (let i = 0; i < RUNS; i++) {
        await onRegister(page, true, device.appUrl);
        samples.push(verify(await openResident(page, heavy.id), `run ${i + 1}`));
      }
      const repeats: Sample[] = [];
      for (let i = 0; i < REPEATS; i++) {
        await onRegister(page, false, device.appUrl);
        repeats.push(verify(await openResident(page, heavy.id), `repeat ${i + 1}`));
      }

      const floor = await rawVisitsGetAll(page, heavy.id);
      const painted = samples.map((s) => s.painted);
      console.error(`[bench] resident.open.500_visits samples (ms): ${painted.map(round1).join(', ')}; repeats: ${repeats.map((s) => round1(s.painted)).join(', ')}; raw getAll: ${round1(floor)}`);
      log({
        bench: 'resident.open.500_visits',
        value: round1(median(painted)),
        unit: 'ms',
        target: TARGET_MS,
        n: samples.length,
        seen_median: round1(median(samples.map((s) => s.seen))),
        charts_median: round1(median(samples.map((s) => s.complete))),
        min: round1(Math.min(...painted)),
        max: round1(Math.max(...painted)),
        repeat_median: round1(median(repeats.map((s) => s.painted))),
        idb_visits_getall_ms: round1(floor),
        visits: stored.all,
        timeline_entries: warm.count,
        rows_rendered: warm.items,
        residents: device.seed.residents,
        device_visits: device.seed.visits,
      });
    } finally {
      await page.close();
    }
  },
};

export default bench;
