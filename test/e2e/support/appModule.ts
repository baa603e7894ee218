/**
 * Runs app modules (store code, queries) inside a page of the served app, on that page's real IndexedDB,
 * without a UI: `source` is TypeScript importing the app's modules (paths relative to `from`, a folder under
 * the repository root: test/e2e by default, test/bench for the benchmarks), bundled for the browser with
 * esbuild and evaluated through DevTools (which the page's CSP does not govern). The source publishes what
 * the caller needs on globalThis. Bundles are cached per folder and source for the process.
 */
import * as path from 'node:path';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from './build';

const bundles = new Map<string, Promise<string>>();

function bundle(source: string, from: string): Promise<string> {
  const key = `${from}\n${source}`;
  let code = bundles.get(key);
  if (!code) {
    code = build({
      stdin: { contents: source, resolveDir: path.join(REPO_ROOT, from), loader: 'ts', sourcefile: 'app-module-entry.ts' },
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
      define: { 'process.env.NODE_ENV': '"production"' },
    }).then((r) => {
      const text = r.outputFiles[0]?.text;
      if (text === undefined) throw new Error('esbuild produced no output');
      return text;
    });
    code.catch(() => bundles.delete(key));
    bundles.set(key, code);
  }
  return code;
}

export async function runAppModule(page: Page, source: string, from = 'test/e2e'): Promise<void> {
  const code = await bundle(source, from);
  // zod (whose config the bundle shares with the app through globalThis) must not compile parsers with new
  // Function: the page's CSP refuses that once the bundle runs, though zod's own check, made while DevTools
  // evaluates the bundle (exempt from CSP), finds eval allowed. The app's zod finds it refused and runs
  // jitless too. Set before the bundle's schemas are built (they read it then).
  await page.evaluate(() => {
    const g = globalThis as unknown as { __zod_globalConfig?: Record<string, unknown> };
    g.__zod_globalConfig ??= {};
    g.__zod_globalConfig.jitless = true;
  });
  await page.evaluate(code);
}
