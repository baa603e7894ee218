/**
 * Bundles the main process and the preload with esbuild (`npm run build:electron`).
 *
 * dist/electron/main.cjs    electron/main.ts and everything it imports (zod, shared/) in one file
 * dist/electron/preload.cjs electron/preload.ts, self-contained: a sandboxed preload can require only 'electron'
 *
 * The packaged app ships no node_modules (electron-builder.yml), so anything left external would be missing at
 * runtime; the check below fails the build if either bundle requires more than Electron and Node built-ins.
 */
import { build } from 'esbuild';
import { readFile, stat } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(ROOT, 'dist', 'electron');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['electron'],
  sourcemap: false,
  minify: false,
  legalComments: 'none',
  logLevel: 'warning',
  absWorkingDir: ROOT,
  define: { 'process.env.NODE_ENV': '"production"' },
};

const PRELOAD_MAX_BYTES = 16 * 1024;
const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** The modules a bundle still requires at runtime. */
async function requiredModules(file) {
  const text = await readFile(file, 'utf8');
  return [...text.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
}

async function assertSelfContained(file, allowed) {
  const extra = (await requiredModules(file)).filter((m) => !allowed(m));
  if (extra.length > 0) {
    throw new Error(`${path.relative(ROOT, file)} requires modules that will not exist at runtime: ${[...new Set(extra)].join(', ')}`);
  }
}

export async function buildElectron() {
  const main = path.join(OUT_DIR, 'main.cjs');
  const preload = path.join(OUT_DIR, 'preload.cjs');
  await Promise.all([
    build({ ...common, entryPoints: ['electron/main.ts'], outfile: main }),
    build({ ...common, entryPoints: ['electron/preload.ts'], outfile: preload }),
  ]);
  await assertSelfContained(main, (m) => m === 'electron' || NODE_BUILTINS.has(m));
  // Sandboxed preloads get a require() that knows 'electron' and a handful of polyfills; allow only 'electron'.
  await assertSelfContained(preload, (m) => m === 'electron');
  // The preload needs only the channel names; a big bundle means zod or shared logic leaked into it.
  const preloadBytes = (await stat(preload)).size;
  if (preloadBytes > PRELOAD_MAX_BYTES) {
    throw new Error(`dist/electron/preload.cjs is ${preloadBytes} bytes; keep it to the bridge (limit ${PRELOAD_MAX_BYTES})`);
  }
  return { main, preload };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { main, preload } = await buildElectron();
  console.log(`built ${path.relative(ROOT, main)} and ${path.relative(ROOT, preload)}`);
}
