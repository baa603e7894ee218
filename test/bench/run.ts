/**
 * `npm run bench` (node --import tsx test/bench/run.ts [--no-build] [name filter...]).
 *
 * Output contract: every result is ONE JSON line on stdout (`{"bench":…,"value":…,"unit":…}`); everything
 * else goes to stderr. Exit code 1 when the build or any benchmark throws.
 *
 * Steps: first the Node-only benchmarks of test/bench/rounds, test/bench/reports and test/bench/sync
 * (report.fiscal_year.server, audit.query.1m) whose name matches a filter (all when none is
 * given); then, only when a browser benchmark, a sync benchmark or the bundle size is wanted: build the
 * renderer (skipped with --no-build or E2E_SKIP_BUILD=1), measure the gzipped bundle, serve dist/renderer,
 * launch Chromium, and run every test/bench/browser/*.bench.ts whose name matches, then the sync benchmarks of
 * test/bench/sync (server on PostgreSQL, see test/bench/sync/fixture.ts) whose name matches.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildRenderer, REPO_ROOT } from '../e2e/support/build';
import { launchChromium } from '../e2e/support/chromium';
import { startStaticServer } from '../../scripts/static-server.mjs';
import * as reports from './reports/index';
import * as rounds from './rounds/index';
import { round1, type BenchLine, type BrowserBench, type NodeBench } from './support';
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

/** Runs each bench, counting the ones that throw. */
async function runEach<C>(benches: readonly { name: string; run(ctx: C): Promise<void> }[], ctx: C): Promise<number> {
  let failures = 0;
  for (const bench of benches) {
    const started = performance.now();
    say(`${bench.name}: running`);
    try {
      await bench.run(ctx);
      say(`${bench.name}: done in ${Math.round(performance.now() - started)} ms`);
    } catch (e) {
      failures++;
      say(`${bench.name}: FAILED: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }
  return failures;
}

async function main(argv: readonly string[]): Promise<number> {
  const noBuild = argv.includes('--no-build') || process.env.E2E_SKIP_BUILD === '1';
  const filters = argv.filter((a) => !a.startsWith('--'));
  const wants = (name: string) => filters.length === 0 || filters.some((f) => name.includes(f));
  // A bench logs several figures (sync.initial → sync.initial.total, …): a filter naming one selects it.
  const selected = <B extends { name: string }>(list: readonly B[]): B[] =>
    list.filter((b) => filters.length === 0 || filters.some((f) => b.name.includes(f) || f.startsWith(`${b.name}.`)));

  const nodeBenches: readonly NodeBench[] = selected([...rounds.roundsBenches, ...reports.reportsBenches, ...sync.syncNodeBenches]);
  let failures = await runEach(nodeBenches, { log });

  const benches = await loadBrowserBenches(filters);
  const syncBenches = selected(sync.syncBenches);
  benches.push(...syncBenches);
  if (benches.length === 0 && !wants('bundle.renderer.gzip')) return failures === 0 ? 0 : 1;

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

  if (benches.length === 0) return failures === 0 ? 0 : 1;

  const server = await startStaticServer({ root: dist, port: 0, host: '127.0.0.1' });
  const browser = await launchChromium();
  try {
    failures += await runEach(benches, { browser, baseUrl: server.url, log });
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
