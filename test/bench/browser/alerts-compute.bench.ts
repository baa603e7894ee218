/**
 * alerts.compute.full — every alert over the whole device: shared/alerts.ts computeAlerts over the input
 * renderer/db/alerts.ts loadAlertInput read, on a device with 10,000 residents, 200,000 visits, their ADL
 * assessments and ~3,000 approved care plans (seed-browser.ts VISITS_DEVICE). Timed in the page around the
 * pure computation only: twice per load, the very first computation (cold JIT) left out; median.
 * computeAlerts is the reference the per-resident digests are checked against; the Alerts page itself reads
 * the digests (alerts-page.bench.ts, alerts.page.open). The load of every record it needs is printed, not
 * reported: no page waits for it any more.
 *
 * Both run the app's own modules in the app's page (runAppModule), on the device's own database; `today` is
 * the generator's fixed date, so the alerts are the same on every run (their count is printed).
 */
import { DEFAULT_TODAY } from '../../../shared/demo/generate';
import { runAppModule, visitsDeviceContext, VISITS_DEVICE } from '../seed-browser';
import { median, percentile, round1, type BrowserBench } from '../support';

/** Loads; each is computed over twice. Reading 200,000 visits takes seconds, so few. */
const RUNS = 3;
const TARGET_MS = 1_000;

const ENTRY = `
import { openStore } from '../../renderer/db/db';
import { loadAlertInput } from '../../renderer/db/alerts';
import { computeAlerts } from '../../shared/alerts';
(globalThis as unknown as { __alertsBench: unknown }).__alertsBench = { openStore, loadAlertInput, computeAlerts };
`;

const bench: BrowserBench = {
  name: 'alerts.compute.full',
  async run({ browser, baseUrl, log }) {
    const device = await visitsDeviceContext(browser, baseUrl);
    const page = await device.context.newPage();
    try {
      await page.goto(device.appUrl, { waitUntil: 'load' });
      await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached', timeout: 60_000 });
      await runAppModule(page, ENTRY);
      const result = await page.evaluate(
        async ({ today, runs }) => {
          type Input = { residents: unknown[]; visits: unknown[]; assessments: unknown[]; plans: unknown[] };
          type Api = {
            openStore(name: string): Promise<{ ok: true; db: { close(): void } } | { ok: false; code: string }>;
            loadAlertInput(db: unknown, today: string): Promise<Input>;
            computeAlerts(input: Input): { rule: string }[];
          };
          const api = (globalThis as unknown as { __alertsBench: Api }).__alertsBench;
          const opened = await api.openStore('carerounds');
          if (!opened.ok) throw new Error(`the app's database did not open: ${opened.code}`);
          const load: number[] = [];
          const compute: number[] = [];
          let alerts: { rule: string }[] = [];
          let sizes = { residents: 0, visits: 0, assessments: 0, plans: 0 };
          try {
            for (let run = 0; run < runs; run++) {
              const t0 = performance.now();
              const input = await api.loadAlertInput(opened.db, today);
              load.push(performance.now() - t0);
              sizes = { residents: input.residents.length, visits: input.visits.length, assessments: input.assessments.length, plans: input.plans.length };
              for (let c = 0; c < 2; c++) {
                const t1 = performance.now();
                alerts = api.computeAlerts(input);
                const ms = performance.now() - t1;
                if (run > 0 || c > 0) compute.push(ms); // the very first: cold JIT
              }
            }
          } finally {
            opened.db.close();
          }
          const byRule: Record<string, number> = {};
          for (const a of alerts) byRule[a.rule] = (byRule[a.rule] ?? 0) + 1;
          return { load, compute, count: alerts.length, byRule, sizes };
        },
        { today: DEFAULT_TODAY, runs: RUNS },
      );
      if (result.sizes.visits < VISITS_DEVICE.visits) throw new Error(`loaded ${result.sizes.visits} visits, expected at least ${VISITS_DEVICE.visits}`);
      if (result.count === 0) throw new Error('no alerts at all: the data or the rules are not what this benchmark expects');
      console.error(`[bench] alerts: compute (ms) ${result.compute.map(round1).join(', ')}; load (ms) ${result.load.map(round1).join(', ')}`);
      console.error(`[bench] alerts: ${result.count} alerts ${JSON.stringify(result.byRule)} over ${JSON.stringify(result.sizes)}`);
      log({
        bench: 'alerts.compute.full',
        value: round1(median(result.compute)),
        unit: 'ms',
        target: TARGET_MS,
        p95: round1(percentile(result.compute, 95)),
        n: result.compute.length,
        alerts: result.count,
        residents: result.sizes.residents,
        visits: result.sizes.visits,
        assessments: result.sizes.assessments,
        plans: result.sizes.plans,
      });
    } finally {
      await page.close();
    }
  },
};

export default bench;
