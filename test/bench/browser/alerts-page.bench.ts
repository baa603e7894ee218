/**
 * alerts.page.open — the Alerts page opened cold on the full device (seed-browser.ts VISITS_DEVICE: 10,000
 * residents, 200,000 visits, ADL assessments, ~3,000 care plans, with their read models): a full load of
 * `#/alerts` (a new document: nothing cached by Dexie, the app's code run for the first time in it), timed
 * in the page from the navigation's start (performance.now() there counts from it) to the first alert rows
 * in the DOM, then the next frame (requestAnimationFrame, then a macrotask). One warm-up load, then the
 * median of RUNS.
 *
 * Checked, so a faster but wrong page fails: the count the page shows equals computeAlerts over every record
 * of the device (renderer/db/alerts.ts computeAlertsFromRecords, the reference, run once in the same page
 * with the same day), and it rendered rows.
 */
import type { Page } from 'playwright-core';
import { runAppModule, visitsDeviceContext } from '../seed-browser';
import { median, round1, type BrowserBench } from '../support';

const RUNS = 7;
const TARGET_MS = 500;

interface Sample {
  painted: number;
  seen: number;
  rows: number;
  count: number;
}

const ENTRY = `
import { openStore } from '../../renderer/db/db';
import { computeAlertsFromRecords } from '../../renderer/db/alerts';
import { todayBangkok } from '../../shared/dates/thaiDate';
(globalThis as unknown as { __alertsPageBench: unknown }).__alertsPageBench = { openStore, computeAlertsFromRecords, todayBangkok };
`;

/** Loads `#/alerts` in a new document and times it in the page (see the module comment). */
async function openCold(page: Page, appUrl: string): Promise<Sample> {
  await page.goto('about:blank');
  await page.goto(new URL('#/alerts', appUrl).href, { waitUntil: 'commit' });
  return page.evaluate(
    () =>
      new Promise<Sample>((resolve, reject) => {
        // No named helper functions in here: tsx's keepNames would wrap them in a __name() the page lacks.
        const timer = setTimeout(() => {
          observer.disconnect();
          reject(new Error('no alert rows within 120 s'));
        }, 120_000);
        // At 'commit' the app has not run yet, so watching the document from here sees its first rows.
        const observer = new MutationObserver(() => {
          if (document.querySelector('[data-testid="alert-item"]') === null) return;
          observer.disconnect();
          clearTimeout(timer);
          const seen = performance.now();
          requestAnimationFrame(() =>
            setTimeout(() =>
              resolve({
                painted: performance.now(),
                seen,
                rows: document.querySelectorAll('[data-testid="alert-item"]').length,
                count: Number(document.querySelector('[data-testid="alerts-count"]')?.getAttribute('data-count') ?? '-1'),
              }),
            ),
          );
        });
        observer.observe(document, { childList: true, subtree: true });
      }),
  );
}

const bench: BrowserBench = {
  name: 'alerts.page.open',
  async run({ browser, baseUrl, log }) {
    const device = await visitsDeviceContext(browser, baseUrl);
    const page = await device.context.newPage();
    try {
      const warm = await openCold(page, device.appUrl);
      console.error(`[bench] alerts.page.open warm-up: painted at ${round1(warm.painted)} ms, ${warm.rows} rows, ${warm.count} alerts`);
      const samples: Sample[] = [];
      for (let i = 0; i < RUNS; i++) samples.push(await openCold(page, device.appUrl));

      // The reference: computeAlerts over every record of the device, same day, in the same page.
      await runAppModule(page, ENTRY);
      const reference = await page.evaluate(async () => {
        type Api = {
          openStore(name: string): Promise<{ ok: true; db: { close(): void } } | { ok: false; code: string }>;
          computeAlertsFromRecords(db: unknown, today: string): Promise<unknown[]>;
          todayBangkok(): string;
        };
        const api = (globalThis as unknown as { __alertsPageBench: Api }).__alertsPageBench;
        const opened = await api.openStore('carerounds');
        if (!opened.ok) throw new Error(`the app's database did not open: ${opened.code}`);
        try {
          return (await api.computeAlertsFromRecords(opened.db, api.todayBangkok())).length;
        } finally {
          opened.db.close();
        }
      });
      for (const s of [warm, ...samples]) {
        if (s.count !== reference) throw new Error(`the page shows ${s.count} alerts; computeAlerts over every record gives ${reference}`);
        if (s.rows < 1) throw new Error('no alert rows rendered');
      }
      const painted = samples.map((s) => s.painted);
      console.error(`[bench] alerts.page.open samples (ms): ${painted.map(round1).join(', ')}`);
      log({
        bench: 'alerts.page.open',
        value: round1(median(painted)),
        unit: 'ms',
        target: TARGET_MS,
        n: samples.length,
        seen_median: round1(median(samples.map((s) => s.seen))),
        min: round1(Math.min(...painted)),
        max: round1(Math.max(...painted)),
        alerts: reference,
        rows_rendered: warm.rows,
        residents: device.seed.residents,
        device_visits: device.seed.visits,
        what: 'navigation start of a cold #/alerts load to the first alert rows painted',
      });
    } finally {
      await page.close();
    }
  },
};

export default bench;
