import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { build as esbuild } from 'esbuild';
import pkg from './package.json' with { type: 'json' };
import { shellManifest, WORKER_FILE, type BuiltFile } from './scripts/shell-manifest.mjs';

/**
 * thai-address-universal loads its English area names (a 36 KB gzipped chunk) only when asked for English,
 * and its area codes (a 17 KB chunk) only in its "geo mode" (setGeoMode, getByGeocode). The address picker
 * searches and shows the data's Thai names only (addressSearch.ts) and never turns geo mode on, so both
 * chunks are replaced by modules that refuse to load instead of being shipped. (A feature that needs the
 * official area codes turns geo mode on and removes the `geo` stub here.)
 */
function withoutUnusedAddressData(): Plugin {
  const STUBS: Record<string, { pattern: RegExp; what: string }> = {
    '\0carerounds:no-english-address-data': { pattern: /[\\/]?en_db-[\w-]+\.js$/, what: 'English address names are' },
    '\0carerounds:no-address-codes': { pattern: /[\\/]?geo-[\w-]+\.js$/, what: 'Area codes (geo mode) are' },
  };
  return {
    name: 'carerounds:no-unused-address-data',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer || !/thai-address-universal/.test(importer)) return null;
      return Object.entries(STUBS).find(([, stub]) => stub.pattern.test(source))?.[0] ?? null;
    },
    load(id) {
      const stub = STUBS[id];
      return stub ? `throw new Error(${JSON.stringify(`${stub.what} not part of this build`)});` : null;
    },
  };
}

/**
 * The modules the resident's profile needs beyond the first chunk, found from the profile page and the Thai
 * messages of on-demand pages (messages/pages.ts, which every lazy part waits for) by following static imports
 * once the module graph is known (buildEnd, before chunking). The `profile` chunk group below takes them, so
 * opening a resident fetches that chunk only, not every on-demand page (docs/architecture.md, "What loads
 * first"). Modules of the first chunk keep going there (higher priority); another page importing one of these
 * modules imports it from the profile chunk.
 */
function profileModules(): { plugin: Plugin; has(id: string): boolean } {
  const ROOTS = [/[\\/]renderer[\\/]features[\\/]residents[\\/]profile[\\/]ProfilePage\.tsx$/, /[\\/]renderer[\\/]i18n[\\/]messages[\\/]pages\.ts$/];
  const found = new Set<string>();
  const plugin: Plugin = {
    name: 'carerounds:profile-modules',
    buildEnd() {
      found.clear();
      const stack = [...this.getModuleIds()].filter((id) => ROOTS.some((r) => r.test(id)));
      if (stack.length !== ROOTS.length) this.error(`profile chunk: found ${stack.length} of ${ROOTS.length} root modules`);
      while (stack.length > 0) {
        const id = stack.pop() as string;
        if (found.has(id)) continue;
        found.add(id);
        stack.push(...(this.getModuleInfo(id)?.importedIds ?? []));
      }
    },
  };
  return { plugin, has: (id) => found.has(id) };
}

const profile = profileModules();

const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

async function filesUnder(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name), `${prefix}${e.name}/`) : Promise.resolve(e.isFile() ? [`${prefix}${e.name}`] : []))),
  );
  return nested.flat();
}

/**
 * The app-shell service worker of the browser version (docs/architecture.md "The browser version offline"):
 * once the bundle is complete, every emitted file and every file of the public folder (the favicon) is listed
 * with its SHA-256 (scripts/shell-manifest.mjs gives the list and the version), and renderer/sw/worker.ts is
 * bundled with that manifest baked in, unminified so it can be read, and written as `sw.js` at the root of the
 * build (not an emitted chunk: the app's chunk groups must not take its modules).
 * Build only: the dev server has no worker.
 */
function shellWorker(): Plugin {
  const WORKER_SOURCE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'renderer/sw/worker.ts');
  let publicDir = '';
  return {
    name: 'carerounds:shell-worker',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      publicDir = config.publicDir;
    },
    // After the files are written: Vite still rewrites chunks (preload lists) in its own generateBundle, so
    // the bytes are read back from the output folder, exactly as the server will send them.
    async writeBundle(options, bundle) {
      const outDir = options.dir;
      if (outDir === undefined) return this.error('shell worker: the build has no output folder');
      const files: BuiltFile[] = await Promise.all(
        Object.keys(bundle).map(async (fileName) => ({ fileName, sha256: sha256(await readFile(path.join(outDir, fileName))) })),
      );
      const publicFiles = publicDir ? await filesUnder(publicDir).catch(() => []) : [];
      for (const name of publicFiles) files.push({ fileName: name, sha256: sha256(await readFile(path.join(publicDir, name))) });
      const manifest = shellManifest(files, sha256);
      const result = await esbuild({
        entryPoints: [WORKER_SOURCE],
        bundle: true,
        write: false,
        format: 'iife',
        platform: 'browser',
        target: 'chrome120',
        legalComments: 'none',
        define: { __SHELL_MANIFEST__: JSON.stringify(manifest) },
      });
      const code = result.outputFiles[0]?.text;
      if (code === undefined) return this.error('shell worker: esbuild produced no output');
      await writeFile(path.join(outDir, WORKER_FILE), `// CareRounds app shell ${manifest.version}\n${code}`);
    },
  };
}

// The renderer is one static bundle served from carerounds://app in Electron and from any static
// server in a browser, so every asset URL is relative.
export default defineConfig(({ command }) => ({
  root: 'renderer',
  base: './',
  plugins: [react(), withoutUnusedAddressData(), profile.plugin, shellWorker()],
  // __SHELL_WORKER__: a build has the app-shell worker (shellWorker above); the dev server has none.
  define: { __APP_VERSION__: JSON.stringify(pkg.version), __SHELL_WORKER__: JSON.stringify(command === 'build') },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
    // One stylesheet (the pages' few rules with the first page's) and no modulepreload polyfill (Chromium has
    // it): what lets the profile's own chunk (below) stay within the 400 KB total (docs/architecture.md).
    cssCodeSplit: false,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // Everything the register needs before it paints, in one chunk (one request, one gzip context).
            { name: 'app', tags: ['$initial'], priority: 3 },
            // The resident's profile with its timeline and the pages' Thai messages (see profileModules): what a
            // caregiver opens first from the register, so a chunk of its own, small to fetch and evaluate. The
            // messages stay together (Thai compresses better in one chunk: the total stays under 400 KB).
            { name: 'profile', test: (id: string) => profile.has(id), priority: 2 },
            // The pages loaded on demand (renderer/app/pages.ts), together: a dozen small chunks would each
            // compress alone and repeat their imports. The address data, the demo generator and the English
            // messages (loaded when English is chosen, renderer/i18n/catalog.ts) stay apart.
            { name: 'pages', test: /[\\/](renderer|shared)[\\/](?!i18n[\\/]messages[\\/]en[\\/])|node_modules[\\/](react-hook-form|@hookform)/, priority: 1 },
          ],
        },
      },
    },
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
}));
