/**
 * report.monthly.device — what the Reports page waits for on a full device (10,000 residents, 200,000 visits,
 * their ADL assessments and ~3,000 approved care plans: seed-browser.ts VISITS_DEVICE): one month's facts read
 * by renderer/db/reportFacts.ts readReportFacts (every resident fact, the month's visit facts, from their packs:
 * renderer/db/readModels/reportPacks.ts) and shared/reports/definitions.ts computeReport over them (NO_FILTER,
 * DEFAULT_FUND_SETTINGS). The seed stores the facts as the read models' middleware would have kept them.
 *
 * Timed in the page around both together, RUNS times after one warm-up run (cold JIT); median and p95. Printed
 * beside it, measured in the same page and run: the read alone, the compute alone, and a floor, raw
 * IndexedDB getAll of the same packs without Dexie (`idb_floor_ms`); and the machine's load average
 * (os.loadavg()), since a loaded machine moves every figure. (Read one row per fact, as before the packs, the
 * same month took 1,476 ms against 347 ms from the packs, in one run at load 9.7.)
 *
 * The seed's residents are created when it runs (their enrolment is today's date), so none is on the
 * register in the month measured and the register figures are 0: `compute_all_enrolled_ms` times
 * computeReport again over the same facts with every resident enrolled long before (not part of `value`).
 */
import * as os from 'node:os';
import { addMonths, monthBounds } from '../../../shared/dates/calendar';
import { DEFAULT_TODAY } from '../../../shared/demo/generate';
import { runAppModule, visitsDeviceContext, VISITS_DEVICE } from '../seed-browser';
import { median, percentile, round1, type BrowserBench } from '../support';

const RUNS = 7;
const TARGET_MS = 500;

const ENTRY = `
import { openStore } from '../../renderer/db/db';
import { readReportFacts } from '../../renderer/db/reportFacts';
import { computeReport, NO_FILTER } from '../../shared/reports/definitions';
import { DEFAULT_FUND_SETTINGS } from '../../shared/reports/fund';
(globalThis as unknown as { __reportBench: unknown }).__reportBench = { openStore, readReportFacts, computeReport, NO_FILTER, DEFAULT_FUND_SETTINGS };
`;

const bench: BrowserBench = {
  name: 'report.monthly.device',
  async run({ browser, baseUrl, log }) {
    const device = await visitsDeviceContext(browser, baseUrl);
    const page = await device.context.newPage();
    // The month before the generator's fixed date: a whole month of visits.
    const { first: from, last: to } = monthBounds(addMonths(DEFAULT_TODAY, -1));
    try {
      await page.goto(device.appUrl, { waitUntil: 'load' });
      await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached', timeout: 60_000 });
      await runAppModule(page, ENTRY);
      const load = os.loadavg();
      const result = await page.evaluate(
        async ({ from, to, runs }) => {
          type Facts = { residents: unknown[]; visits: unknown[] };
          type Api = {
            openStore(name: string): Promise<{ ok: true; db: { close(): void } } | { ok: false; code: string }>;
            readReportFacts(db: unknown, from: string, to: string): Promise<Facts>;
            computeReport(input: unknown): { register: { total: Record<string, { n: number }> } };
            NO_FILTER: unknown;
            DEFAULT_FUND_SETTINGS: unknown;
          };
          const api = (globalThis as unknown as { __reportBench: Api }).__reportBench;
          const opened = await api.openStore('carerounds');
          if (!opened.ok) throw new Error(`the app's database did not open: ${opened.code}`);
          // The floor: the same packs with raw IndexedDB (no Dexie, no middleware), on its own connection.
          const raw = await new Promise<IDBDatabase>((resolve, reject) => {
            const req = indexedDB.open('carerounds');
            req.onsuccess = () => resolve(req.result);
            req.onerror = () => reject(new Error(String(req.error)));
          });
          const total: number[] = [];
          const read: number[] = [];
          const compute: number[] = [];
          const floor: number[] = [];
          const computeEnrolled: number[] = [];
          let sizes = { residents: 0, visits: 0, rawFacts: 0, registerTotal: 0, registerTotalEnrolled: 0 };
          try {
            for (let run = 0; run <= runs; run++) {
              const tf = performance.now();
              // No named helper functions in here: tsx's keepNames would wrap them in a __name() the page lacks.
              // The floor: the packs readReportFacts reads (every resident pack, the month's visit packs).
              const rawFacts = await new Promise<number>((resolve, reject) => {
                const tx = raw.transaction(['reportResidentPacks', 'reportVisitPacks'], 'readonly');
                const a = tx.objectStore('reportResidentPacks').getAll();
                const b = tx.objectStore('reportVisitPacks').getAll(IDBKeyRange.bound(`${from.slice(0, 7)}|`, `${to.slice(0, 7)}|\uffff`));
                tx.oncomplete = () => resolve([...(a.result as { facts: unknown[] }[]), ...(b.result as { facts: unknown[] }[])].reduce((n, p) => n + p.facts.length, 0));
                tx.onerror = () => reject(new Error(String(tx.error)));
              });
              const floorMs = performance.now() - tf;
              const t0 = performance.now();
              const facts = await api.readReportFacts(opened.db, from, to);
              const t1 = performance.now();
              const figures = api.computeReport({ from, to, residents: facts.residents, visits: facts.visits, filter: api.NO_FILTER, fund: api.DEFAULT_FUND_SETTINGS });
              const t2 = performance.now();
              // The seed's residents were created when it ran (after the month), so none is on the register in
              // it; the same facts enrolled long before show the compute with every resident counted.
              const enrolled = facts.residents.map((r) => ({ ...(r as object), enrolledOn: '2000-01-01' }));
              const t3 = performance.now();
              const all = api.computeReport({ from, to, residents: enrolled, visits: facts.visits, filter: api.NO_FILTER, fund: api.DEFAULT_FUND_SETTINGS });
              const t4 = performance.now();
              sizes = { residents: facts.residents.length, visits: facts.visits.length, rawFacts, registerTotal: figures.register.total.total?.n ?? -1, registerTotalEnrolled: all.register.total.total?.n ?? -1 };
              if (run === 0) continue; // warm-up: cold JIT
              computeEnrolled.push(t4 - t3);
              total.push(t2 - t0);
              read.push(t1 - t0);
              compute.push(t2 - t1);
              floor.push(floorMs);
            }
          } finally {
            raw.close();
            opened.db.close();
          }
          return { total, read, compute, floor, computeEnrolled, sizes };
        },
        { from, to, runs: RUNS },
      );
      const { sizes } = result;
      if (sizes.residents < VISITS_DEVICE.residents * 0.9) throw new Error(`read ${sizes.residents} resident facts, expected about ${VISITS_DEVICE.residents}`);
      if (sizes.visits === 0) throw new Error(`no visit facts in ${from}..${to}: the data is not what this benchmark expects`);
      // The month's packs hold the month's facts and no other month's (the seed's month is a whole month).
      if (sizes.rawFacts !== sizes.residents + sizes.visits) throw new Error(`raw read ${sizes.rawFacts} packed facts, readReportFacts ${sizes.residents + sizes.visits}`);
      console.error(
        `[bench] report.monthly: total (ms) ${result.total.map(round1).join(', ')}; read ${result.read.map(round1).join(', ')}; compute ${result.compute.map(round1).join(', ')}; raw floor ${result.floor.map(round1).join(', ')}`,
      );
      console.error(
        `[bench] report.monthly: ${from}..${to}: ${sizes.residents} resident facts, ${sizes.visits} visit facts; register total ${sizes.registerTotal} (${sizes.registerTotalEnrolled} with every resident enrolled before the month, compute ${result.computeEnrolled.map(round1).join(', ')} ms)`,
      );
      log({
        bench: 'report.monthly.device',
        value: round1(median(result.total)),
        unit: 'ms',
        target: TARGET_MS,
        p95: round1(percentile(result.total, 95)),
        n: result.total.length,
        read_ms: round1(median(result.read)),
        compute_ms: round1(median(result.compute)),
        idb_floor_ms: round1(median(result.floor)),
        register_total: sizes.registerTotal,
        compute_all_enrolled_ms: round1(median(result.computeEnrolled)),
        residents: sizes.residents,
        visits_in_month: sizes.visits,
        month: from.slice(0, 7),
        loadavg_1m: round1(load[0] ?? 0),
        loadavg_5m: round1(load[1] ?? 0),
        cpus: os.cpus().length,
      });
    } finally {
      await page.close();
    }
  },
};

export default bench;
