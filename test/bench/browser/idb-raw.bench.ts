/**
 * Floor for the app's bulk load: raw IndexedDB put of 10,000 generated residents in one readwrite
 * transaction, no indexes, no Dexie. Timed inside the page from the first put to `complete`; the data
 * crosses into the page as one JSON string before the clock starts. Each run uses a fresh database, on a
 * same-origin page that does not boot the app (the app would open its own database meanwhile).
 */
import { generateDemoData } from '../../../shared/demo/generate';
import { newIsolatedContext } from '../../e2e/support/chromium';
import { median, round1, type BrowserBench } from '../support';

const RESIDENTS = 10_000;
const RUNS = 5;

const bench: BrowserBench = {
  name: 'idb.raw.put_10k_residents',
  async run({ browser, baseUrl, log }) {
    const data = generateDemoData({ residents: RESIDENTS, seed: 1 });
    const json = JSON.stringify(data.residents.map((r) => ({ id: r.id, ...r.data })));
    const context = await newIsolatedContext(browser);
    try {
      const page = await context.newPage();
      // An empty document at the app's origin (same IndexedDB origin), answered by Playwright, not the server.
      const blank = new URL('__bench__/blank.html', baseUrl).href;
      await page.route(blank, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>bench</title>' }));
      await page.goto(blank, { waitUntil: 'load' });
      // Ship the data once; each run parses its own copy from the page global before the clock starts.
      const shipStart = performance.now();
      await page.evaluate((text) => {
        (window as unknown as { __benchResidents: string }).__benchResidents = text;
      }, json);
      console.error(`[bench] idb.raw: shipped ${(json.length / 1e6).toFixed(1)} M chars in ${Math.round(performance.now() - shipStart)} ms`);
      const samples: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const result = await page.evaluate(
          async ({ name }) => {
            const text = (window as unknown as { __benchResidents: string }).__benchResidents;
            const records = JSON.parse(text) as { id: string }[];
            const db = await new Promise<IDBDatabase>((resolve, reject) => {
              const req = indexedDB.open(name, 1);
              req.onupgradeneeded = () => req.result.createObjectStore('residents', { keyPath: 'id' });
              req.onsuccess = () => resolve(req.result);
              req.onerror = () => reject(req.error ?? new Error('open failed'));
            });
            const t0 = performance.now();
            await new Promise<void>((resolve, reject) => {
              const tx = db.transaction('residents', 'readwrite');
              const store = tx.objectStore('residents');
              for (const r of records) store.put(r);
              tx.oncomplete = () => resolve();
              tx.onerror = () => reject(tx.error ?? new Error('transaction failed'));
              tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
            });
            const ms = performance.now() - t0;
            const count = await new Promise<number>((resolve, reject) => {
              const req = db.transaction('residents').objectStore('residents').count();
              req.onsuccess = () => resolve(req.result);
              req.onerror = () => reject(req.error ?? new Error('count failed'));
            });
            db.close();
            await new Promise<void>((resolve) => {
              const del = indexedDB.deleteDatabase(name);
              del.onsuccess = del.onerror = del.onblocked = () => resolve();
            });
            return { ms, count };
          },
          { name: `bench-raw-${run}` },
        );
        if (result.count !== RESIDENTS) throw new Error(`stored ${result.count} residents, expected ${RESIDENTS}`);
        samples.push(result.ms);
      }
      console.error(`[bench] idb.raw.put_10k_residents samples (ms): ${samples.map((s) => round1(s)).join(', ')}`);
      log({ bench: 'idb.raw.put_10k_residents', value: round1(median(samples)), unit: 'ms' });
    } finally {
      await context.close();
    }
  },
};

export default bench;
