/**
 * register.open.first_rows — from navigation start to the first register row on screen, on the full device
 * (seed-browser.ts VISITS_DEVICE: 10,000 residents with their assessments, 200,000 visits, care plans).
 *
 * An init script (installed before any page script runs) watches the document with a MutationObserver;
 * when the first [data-testid=register-row] appears it notes performance.now() (relative to timeOrigin, the
 * start of the navigation) and the time after the next frame is painted (requestAnimationFrame, then a
 * macrotask), which is the figure. One warm-up load, then the median of 5 reloads. `from_head` counts the
 * reloads whose first row came from the kept head (renderer/db/registerHead.ts) rather than the full read;
 * `dcl_median` is DOMContentLoaded (the app's scripts fetched and run), the part before any app work. Each load's top row is
 * checked against shared/register.ts over the same records (Thai order), so a faster wrong list fails.
 *
 * `idb_getall_ms` is the floor under any version of this page that reads every resident record: one raw
 * IndexedDB getAll() of the residents store in the same page (median of 3).
 */
import type { Page } from 'playwright-core';
import { expectedRegister } from '../register-expect';
import { visitsDeviceContext } from '../seed-browser';
import { median, round1, type BrowserBench } from '../support';

const RELOADS = 5;
const TARGET_MS = 300;

interface FirstRow {
  seen: number;
  painted: number;
  id: string;
  /** Whether the full list was already read when the first row appeared (else it came from the kept head). */
  complete: boolean;
  /** DOMContentLoaded end: the app's module scripts fetched and run (performance navigation timing). */
  dcl: number;
}

declare global {
  interface Window {
    __benchFirstRow?: FirstRow;
  }
}

async function firstRow(page: Page): Promise<FirstRow> {
  const handle = await page.waitForFunction(() => window.__benchFirstRow ?? null, undefined, { timeout: 120_000, polling: 50 });
  const value = (await handle.jsonValue()) as FirstRow | null;
  if (!value) throw new Error('no first row recorded');
  return value;
}

const bench: BrowserBench = {
  name: 'register.open.first_rows',
  async run({ browser, baseUrl, log }) {
    const seeded = await visitsDeviceContext(browser, baseUrl);
    const expected = expectedRegister(seeded.seed.data).filter((e) => !e.archived);
    const top = expected[0]?.resident.id;
    if (!top) throw new Error('no expected first row');

    const page = await seeded.context.newPage();
    try {
      await page.addInitScript(() => {
        // No named helper functions in here: tsx's keepNames would wrap them in a __name() the page lacks.
        const observer = new MutationObserver(() => {
          const row = document.querySelector('[data-testid="register-row"]');
          if (!row) return;
          observer.disconnect();
          const seen = performance.now();
          const complete = document.querySelector('[data-testid="register-list"]')?.getAttribute('data-complete') === 'true';
          requestAnimationFrame(() =>
            setTimeout(() => {
              const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
              window.__benchFirstRow = { seen, painted: performance.now(), id: row.getAttribute('data-resident-id') ?? '', complete, dcl: nav ? nav.domContentLoadedEventEnd : -1 };
            }),
          );
        });
        observer.observe(document, { childList: true, subtree: true });
      });

      await page.goto(seeded.appUrl, { waitUntil: 'load' });
      const warm = await firstRow(page);
      console.error(`[bench] register.open warm-up load: first row painted at ${round1(warm.painted)} ms`);

      const samples: FirstRow[] = [];
      for (let i = 0; i < RELOADS; i++) {
        await page.reload({ waitUntil: 'load' });
        const s = await firstRow(page);
        if (s.id !== top) throw new Error(`reload ${i + 1}: first row is ${s.id}, the register's first resident is ${top}`);
        samples.push(s);
      }

      const getAll: number[] = [];
      for (let i = 0; i < 3; i++) {
        getAll.push(
          await page.evaluate(async () => {
            const db = await new Promise<IDBDatabase>((resolve, reject) => {
              const req = indexedDB.open('carerounds');
              req.onsuccess = () => resolve(req.result);
              req.onerror = () => reject(new Error(String(req.error)));
            });
            const t0 = performance.now();
            await new Promise<void>((resolve, reject) => {
              const req = db.transaction('residents', 'readonly').objectStore('residents').getAll();
              req.onsuccess = () => resolve();
              req.onerror = () => reject(new Error(String(req.error)));
            });
            const ms = performance.now() - t0;
            db.close();
            return ms;
          }),
        );
      }

      const painted = samples.map((s) => s.painted);
      console.error(`[bench] register.open.first_rows samples (ms): ${painted.map(round1).join(', ')}; raw getAll: ${getAll.map(round1).join(', ')}`);
      log({
        bench: 'register.open.first_rows',
        value: round1(median(painted)),
        unit: 'ms',
        target: TARGET_MS,
        n: samples.length,
        seen_median: round1(median(samples.map((s) => s.seen))),
        dcl_median: round1(median(samples.map((s) => s.dcl))),
        from_head: samples.filter((s) => !s.complete).length,
        min: round1(Math.min(...painted)),
        max: round1(Math.max(...painted)),
        idb_getall_ms: round1(median(getAll)),
        residents: seeded.seed.residents,
        visits: seeded.seed.visits,
      });
    } finally {
      await page.close();
    }
  },
};

export default bench;
