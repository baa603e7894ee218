/**
 * `npm run bench` (node --import tsx test/bench/run.ts [--no-build] [name filter...]).
 *
 * Output contract: every result is ONE JSON line on stdout (`{"bench":…,"value":…,"unit":…}`); everything
 * else goes to stderr. Exit code 1 when the build or any benchmark throws.
 *
 * Steps: build the renderer (skipped with --no-build or E2E_SKIP_BUILD=1), measure the gzipped bundle,
 * serve dist/renderer, launch Chromium, and run every test/bench/browser/*.bench.ts whose name matches a
 * filter (all when none is given), then the sync benchmarks of test/bench/sync (server on PostgreSQL, see
 * test/bench/sync/fixture.ts) whose name matches.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildRenderer, REPO_ROOT } from '../e2e/support/build';
import { launchChromium } from '../e2e/support/chromium';
import { startStaticServer } from '../../scripts/static-server.mjs';
import { round1, type BenchLine, type BrowserBench } from './support';
import * as sync from './sync/index';
// The page objects some benchmarks drive read every message synchronously, as the test suites do.
import '../setup/english-messages';

const BROWSER_DIR = path.join(REPO_ROOT, 'test/bench/browser');
const BUNDLE_TARGET_KB = 400;

const log = (line: BenchLine): void => console.log(JSON.stringify(line));
const say = (msg: string): void => console.error(`[bench] ${msg}`);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

/** Total of each .js/.css file gzipped on its own at level 9 (what a server would send), in KB. */
function gzipBundleKb(distDir: string): number {
  let bytes = 0;
  for (const file of filesUnder(distDir)) {
    if (!/\.(js|css)$/.test(file)) continue;
    bytes += gzipSync(readFileSync(file), { level: 9 }).length;
  }
  return bytes / 1024;
}

function isBrowserBench(x: unknown): x is BrowserBench {
  if (typeof x !== 'object' || x === null) return false;
  const o = x as Record<string, unknown>;
  return typeof o.name === 'string' && typeof o.run === 'function';
}

async function loadBrowserBenches(filters: readonly string[]): Promise<BrowserBench[]> {
  const files = readdirSync(BROWSER_DIR)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort();
  const benches: BrowserBench[] = [];
  for (const file of files) {
    const mod: Record<string, unknown> = await import(pathToFileURL(path.join(BROWSER_DIR, file)).href);
    const bench = mod.default ?? mod.bench;
    if (!isBrowserBench(bench)) throw new Error(`${file}: export default { name, run(ctx) }`);
    if (filters.length === 0 || filters.some((f) => bench.name.includes(f))) benches.push(bench);
  }
  return benches;
}

async function main(argv: readonly string[]): Promise<number> {
  const noBuild = argv.includes('--no-build') || process.env.E2E_SKIP_BUILD === '1';
  const filters = argv.filter((a) => !a.startsWith('--'));
  const wants = (name: string) => filters.length === 0 || filters.some((f) => name.includes(f));
  let failures = 0;

  let dist: string;
  try {
    say(noBuild ? 'using existing dist/renderer' : 'building the renderer (vite build)');
    dist = await buildRenderer({ skip: noBuild });
  } catch (e) {
    say(`renderer build failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return 1;
  }

  if (wants('bundle.renderer.gzip')) {
    log({ bench: 'bundle.renderer.gzip', value: round1(gzipBundleKb(dist)), unit: 'KB', target: BUNDLE_TARGET_KB });
  }

  const benches = await loadBrowserBenches(filters);
  // A sync bench logs several figures (sync.initial → sync.initial.total, …): a filter naming one selects it.
  const syncBenches = sync.syncBenches.filter((b) => filters.length === 0 || filters.some((f) => b.name.includes(f) || f.startsWith(`${b.name}.`)));
  benches.push(...syncBenches);
  if (benches.length === 0) return failures;

  const server = await startStaticServer({ root: dist, port: 0, host: '127.0.0.1' });
  const browser = await launchChromium();
  try {
    for (const bench of benches) {
      const started = performance.now();
      say(`${bench.name}: running`);
      try {
        await bench.run({ browser, baseUrl: server.url, log });
        say(`${bench.name}: done in ${Math.round(performance.now() - started)} ms`);
      } catch (e) {
        failures++;
        say(`${bench.name}: FAILED: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      }
    }
  } finally {
    if (syncBenches.length > 0) {
      try {
        await sync.closeSyncFixture();
      } catch (e) {
        say(`sync fixture cleanup failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    await browser.close();
    await server.close();
  }
  return failures === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    say(`fatal: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exitCode = 1;
  },
);
