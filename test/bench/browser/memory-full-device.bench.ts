/**
 * memory.renderer.full_device — MB of JavaScript heap in a care manager's window on the full device
 * (seed-browser.ts VISITS_DEVICE: 10,000 residents, 200,000 visits) once the register, the Alerts page and a
 * profile have been opened, one after another, as she would: the register (its rows on screen and its search
 * index built), then Alerts (its count shown), then the resident with 500 visits (timeline and charts shown).
 *
 * Heap: after each step, DevTools `HeapProfiler.collectGarbage` (a full collection), then
 * `Runtime.getHeapUsage` `usedSize`: the live JS heap of the page, garbage excluded. The figure is the
 * largest of the three steps (`after_register`, `after_alerts`, `after_profile` are printed too), so a page
 * that holds a lot while open counts even if its memory is freed when it closes.
 */
import type { CDPSession, Page } from 'playwright-core';
import { visitsDeviceContext, VISITS_DEVICE } from '../seed-browser';
import { round1, type BrowserBench } from '../support';

const TARGET_MB = 350;

async function heapMb(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = await cdp.send('Runtime.getHeapUsage');
  return usage.usedSize / (1024 * 1024);
}

/** Waits until the page has been idle (three idle periods of 40 ms or more in a row, at most `maxMs`). */
function settle(page: Page, maxMs: number): Promise<void> {
  return page.evaluate(async (max) => {
    const until = performance.now() + max;
    let calm = 0;
    while (calm < 3 && performance.now() < until) {
      const idle = await new Promise<number>((resolve) => requestIdleCallback((d) => resolve(d.didTimeout ? 0 : d.timeRemaining()), { timeout: 1000 }));
      calm = idle >= 40 ? calm + 1 : 0;
    }
  }, maxMs);
}

const bench: BrowserBench = {
  name: 'memory.renderer.full_device',
  async run({ browser, baseUrl, log }) {
    const device = await visitsDeviceContext(browser, baseUrl);
    const heavy = device.seed.data.residents[VISITS_DEVICE.heavyVisits.index];
    if (!heavy) throw new Error('the seeded device has no heavy resident');
    const page = await device.context.newPage();
    const cdp = await device.context.newCDPSession(page);
    try {
      await page.goto(device.appUrl, { waitUntil: 'load' });
      await page.waitForSelector('[data-testid="register-row"]', { timeout: 120_000 });
      await settle(page, 20_000);
      const afterRegister = await heapMb(cdp);

      await page.evaluate(() => (window.location.hash = '#/alerts'));
      await page.waitForSelector('[data-testid="alerts-count"]', { timeout: 300_000 });
      await settle(page, 20_000);
      const afterAlerts = await heapMb(cdp);
      const alerts = Number((await page.getAttribute('[data-testid="alerts-count"]', 'data-count')) ?? '-1');

      await page.evaluate((id) => (window.location.hash = `#/residents/${encodeURIComponent(id)}`), heavy.id);
      await page.waitForSelector(`[data-testid="resident-profile"][data-resident-id="${heavy.id}"] [data-testid="chart-bp"] svg`, { timeout: 120_000 });
      await settle(page, 20_000);
      const afterProfile = await heapMb(cdp);

      console.error(`[bench] memory.renderer.full_device: register ${round1(afterRegister)} MB, alerts ${round1(afterAlerts)} MB (${alerts} alerts), profile ${round1(afterProfile)} MB`);
      log({
        bench: 'memory.renderer.full_device',
        value: round1(Math.max(afterRegister, afterAlerts, afterProfile)),
        unit: 'MB',
        target: TARGET_MB,
        after_register: round1(afterRegister),
        after_alerts: round1(afterAlerts),
        after_profile: round1(afterProfile),
        measured: 'HeapProfiler.collectGarbage then Runtime.getHeapUsage usedSize',
        alerts,
        residents: device.seed.residents,
        visits: device.seed.visits,
      });
    } finally {
      await cdp.detach().catch(() => undefined);
      await page.close();
    }
  },
};

export default bench;
