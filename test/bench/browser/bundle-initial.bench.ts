/**
 * bundle.renderer.initial.gzip — the gzipped size (KB) of what the browser fetched before the register's
 * first rows were painted, on the full device (10,000 residents, 200,000 visits).
 *
 * Measured, not guessed from file names: the app is opened in a fresh page; an init script notes the time
 * the first register row is painted (as register.open.first_rows does); then every resource the page
 * fetched that STARTED before that time (the document and the Performance API's resource entries: scripts,
 * module preloads, dynamic imports, styles) is looked up in dist/renderer and gzipped on its own at level 9,
 * as `bundle.renderer.gzip` counts files. Resources from other origins (none expected) fail the run. The
 * files are listed in `files`, so a chunk that slips into the first paint shows by name.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { RENDERER_DIST } from '../../e2e/support/build';
import { visitsDeviceContext } from '../seed-browser';
import { round1, type BrowserBench } from '../support';

const TARGET_KB = 200;

interface Fetched {
  painted: number;
  urls: { url: string; start: number }[];
}

declare global {
  interface Window {
    __benchPaintedAt?: number;
  }
}

const bench: BrowserBench = {
  name: 'bundle.renderer.initial.gzip',
  async run({ browser, baseUrl, log }) {
    const device = await visitsDeviceContext(browser, baseUrl);
    const page = await device.context.newPage();
    try {
      await page.addInitScript(() => {
        const observer = new MutationObserver(() => {
          if (!document.querySelector('[data-testid="register-row"]')) return;
          observer.disconnect();
          requestAnimationFrame(() => setTimeout(() => (window.__benchPaintedAt = performance.now())));
        });
        observer.observe(document, { childList: true, subtree: true });
      });
      await page.goto(device.appUrl, { waitUntil: 'load' });
      await page.waitForFunction(() => window.__benchPaintedAt !== undefined, undefined, { timeout: 120_000, polling: 50 });
      const fetched: Fetched = await page.evaluate(() => {
        const painted = window.__benchPaintedAt ?? 0;
        const urls = [{ url: location.href, start: 0 }];
        for (const e of performance.getEntriesByType('resource')) urls.push({ url: e.name, start: e.startTime });
        return { painted, urls };
      });

      const origin = new URL(device.appUrl).origin;
      const files = new Map<string, number>();
      let after = 0;
      for (const { url, start } of fetched.urls) {
        const u = new URL(url);
        if (u.origin !== origin) throw new Error(`the app fetched ${url} from another origin`);
        if (start >= fetched.painted) {
          after++;
          continue;
        }
        const rel = decodeURIComponent(u.pathname).replace(/^\/+/, '') || 'index.html';
        const file = path.join(RENDERER_DIST, rel.endsWith('/') ? `${rel}index.html` : rel);
        if (!file.startsWith(RENDERER_DIST + path.sep)) throw new Error(`${url} is outside dist/renderer`);
        if (files.has(rel)) continue;
        files.set(rel, gzipSync(readFileSync(file), { level: 9 }).length);
      }
      const bytes = [...files.values()].reduce((a, b) => a + b, 0);
      console.error(`[bench] bundle.renderer.initial: ${[...files].map(([f, n]) => `${f} ${round1(n / 1024)} KB`).join(', ')}; ${after} fetched after the paint`);
      log({
        bench: 'bundle.renderer.initial.gzip',
        value: round1(bytes / 1024),
        unit: 'KB',
        target: TARGET_KB,
        files: [...files.keys()].join(' '),
        fetched_after_paint: after,
        painted_ms: round1(fetched.painted),
      });
    } finally {
      await page.close();
    }
  },
};

export default bench;
