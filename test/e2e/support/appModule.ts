/**
 * Runs app modules (store code, queries) inside a page of the served app, on that page's real IndexedDB,
 * without a UI: `source` is TypeScript importing the app's modules (paths relative to test/e2e/), bundled for
 * the browser with esbuild and evaluated through DevTools (which the page's CSP does not govern). The source
 * publishes what the test needs on globalThis.
 */
import * as path from 'node:path';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from './build';

export async function runAppModule(page: Page, source: string): Promise<void> {
  const result = await build({
    stdin: { contents: source, resolveDir: path.join(REPO_ROOT, 'test/e2e'), loader: 'ts', sourcefile: 'e2e-entry.ts' },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const code = result.outputFiles[0]?.text;
  if (code === undefined) throw new Error('esbuild produced no output');
  // zod must not compile parsers with new Function once the page's CSP applies (see test/bench/seed-browser.ts).
  await page.evaluate(() => {
    const g = globalThis as unknown as { __zod_globalConfig?: Record<string, unknown> };
    g.__zod_globalConfig ??= {};
    g.__zod_globalConfig.jitless = true;
  });
  await page.evaluate(code);
}
