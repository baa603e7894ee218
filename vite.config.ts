import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, parseAst } from 'vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { build as esbuild } from 'esbuild';
import pkg from './package.json' with { type: 'json' };
import { shellManifest, WORKER_FILE, type BuiltFile } from './scripts/shell-manifest.mjs';
import { encodeThai } from './renderer/i18n/thaiAscii';

type AstNode = { type: string; start: number; end: number; [k: string]: unknown };
const isAstNode = (x: unknown): x is AstNode => typeof x === 'object' && x !== null && typeof (x as AstNode).type === 'string';

/** The calls of the function `name` in a module's syntax tree. */
function callsTo(name: string, node: unknown, out: AstNode[] = []): AstNode[] {
  if (Array.isArray(node)) for (const n of node) callsTo(name, n, out);
  else if (isAstNode(node)) {
    const callee = node.callee as AstNode | undefined;
    if (node.type === 'CallExpression' && callee?.type === 'Identifier' && callee.name === name) out.push(node);
    for (const [k, v] of Object.entries(node)) if (k !== 'type' && typeof v === 'object') callsTo(name, v, out);
  }
  return out;
}

/**
 * The message table a message module gives `define` (its one call of it, with one object), as its entries: the
 * key, the value's source and, for a plain string, its text. Anything else fails the build.
 */
function messageTable(ctx: { error(msg: string): never }, code: string, id: string, define: string): { object: AstNode; entries: { key: string; source: AstNode; text: string | null }[] } {
  const calls = callsTo(define, parseAst(code));
  const args = calls[0]?.arguments as AstNode[] | undefined;
  const object = args?.[0];
  if (calls.length !== 1 || args?.length !== 1 || object?.type !== 'ObjectExpression') return ctx.error(`${id} must call ${define} once, with an object`);
  const entries = (object.properties as AstNode[]).map((p) => {
    const key = p.key as AstNode | undefined;
    const value = p.value as AstNode | undefined;
    const name = key?.type === 'Literal' ? key.value : key?.type === 'Identifier' ? key.name : undefined;
    if (p.type !== 'Property' || p.kind !== 'init' || p.computed || p.method || typeof name !== 'string' || !value) return ctx.error(`${id} has a message that is not \`'key': value\``);
    const quasis = value.type === 'TemplateLiteral' && (value.expressions as unknown[]).length === 0 ? (value.quasis as { value: { cooked: string } }[]) : null;
    const text = value.type === 'Literal' && typeof value.value === 'string' ? value.value : quasis ? (quasis[0]?.value.cooked ?? null) : null;
    return { key: name, source: value, text };
  });
  return { object, entries };
}

/**
 * English messages without their keys (docs/architecture.md, "What loads first"): in each module of
 * renderer/i18n/messages/en/, the table given to `defineEnglish` is built as the list of its values in the order
 * of its sorted keys, and catalog.ts (`englishTable`) takes the keys from the Thai module, which has the same
 * keys (define.ts, catalog.test.ts). The keys ship once, with the Thai; the English chunk is ~9 KB gzipped
 * smaller. A module that does not give `defineEnglish` one object of literal keys fails the build.
 */
function englishValuesOnly(): Plugin {
  const MODULE = /[\\/]renderer[\\/]i18n[\\/]messages[\\/]en[\\/](?!index\.ts$)[^\\/]+\.ts$/;
  return {
    name: 'carerounds:english-values-only',
    enforce: 'post',
    transform(code, id) {
      if (!MODULE.test(id)) return null;
      const { object, entries } = messageTable(this, code, id, 'defineEnglish');
      // The default sort, as catalog.ts sorts the Thai keys.
      entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      return { code: `${code.slice(0, object.start)}[${entries.map((e) => code.slice(e.source.start, e.source.end)).join(',')}]${code.slice(object.end)}`, map: null };
    },
  };
}

/**
 * Thai messages one byte per letter (renderer/i18n/thaiAscii.ts, docs/architecture.md "What loads first"): each
 * plain string of a Thai message module's `defineMessages` table is built encoded, and catalog.ts decodes it
 * when it adds the module; a value computed in the module stays as it is.
 */
function thaiMessagesAscii(): Plugin {
  const MODULE = /[\\/]renderer[\\/]i18n[\\/]messages[\\/](?!pages\.ts$)[^\\/]+\.ts$/;
  return {
    name: 'carerounds:thai-messages-ascii',
    enforce: 'post',
    transform(code, id) {
      if (!MODULE.test(id)) return null;
      const { entries } = messageTable(this, code, id, 'defineMessages');
      let out = '';
      let at = 0;
      for (const e of entries) {
        if (e.text === null) continue;
        if (e.text.startsWith('~')) return this.error(`${id}: the message ${e.key} starts with ~, which marks an encoded message`);
        out += `${code.slice(at, e.source.start)}${JSON.stringify(encodeThai(e.text))}`;
        at = e.source.end;
      }
      return { code: out + code.slice(at), map: null };
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

/**
 * Where each module loaded on demand goes, beyond the first chunk and the profile's (docs/architecture.md,
 * "What loads first"). Every dynamically imported module is a root; a root named in OWN_CHUNKS gives its
 * chunk's name, any other root counts as `pages`. Once the module graph is known (buildEnd), each module gets
 * the roots that reach it by static imports:
 * - reached from the roots of one chunk only: that chunk (a page's own code, fetched when it is opened);
 * - otherwise: `pages`, the code the pages share.
 * A module's imports are reached from every root that reaches it, so a module of `pages` never imports from a
 * page's own chunk (what goes wrong when a group is given by file names: its shared dependencies follow it into
 * the group and `pages` imports them from there).
 */
const OWN_CHUNKS: readonly { name: string; root: RegExp; byBundler?: true }[] = [
  { name: 'alerts', root: /[\\/]renderer[\\/]features[\\/]alerts[\\/]AlertsPage\.tsx$/ },
  // The rounds pages (planner, coverage, route sheet, staff) in one chunk: they share most of their code, a care
  // manager uses them together, and one chunk compresses better than five (~3 KB gzipped less).
  { name: 'rounds', root: /[\\/]renderer[\\/]features[\\/]rounds[\\/]planner[\\/]PlannerPage\.tsx$/ },
  { name: 'rounds', root: /[\\/]renderer[\\/]features[\\/]rounds[\\/]coverage[\\/]CoveragePage\.tsx$/ },
  { name: 'rounds', root: /[\\/]renderer[\\/]features[\\/]rounds[\\/]sheet[\\/]RouteSheetPage\.tsx$/ },
  { name: 'rounds', root: /[\\/]renderer[\\/]features[\\/]staff[\\/](StaffPage|CaregiverPage)\.tsx$/ },
  { name: 'reports', root: /[\\/]renderer[\\/]features[\\/]reports[\\/]ReportsPage\.tsx$/ },
  { name: 'admin', root: /[\\/]renderer[\\/]features[\\/]admin[\\/]AdminPage\.tsx$/ },
  { name: 'settings', root: /[\\/]renderer[\\/]features[\\/]settings[\\/]SettingsPage\.tsx$/ },
  // The address picker's areas, fetched on its first search. A module importing nothing, so left to the bundler
  // (`areaData-….js`): as a group's chunk it would export a namespace object made with the bundler's runtime
  // helpers and import them, and the runtime would leave the first chunk for a chunk of its own.
  { name: 'areas', byBundler: true, root: /[\\/]renderer[\\/]features[\\/]residents[\\/]form[\\/]areaData\.ts$/ },
  // The demo data generator (the register's "load demo data").
  { name: 'demo', root: /[\\/]shared[\\/]demo[\\/]generate\.ts$/ },
  // The English messages, fetched when English is chosen (renderer/i18n/catalog.ts).
  { name: 'en', root: /[\\/]renderer[\\/]i18n[\\/]messages[\\/]en[\\/]index\.ts$/ },
];

const OWN_NAMES = new Set(OWN_CHUNKS.flatMap((c) => (c.byBundler ? [] : [c.name])));

function onDemandChunks(): { plugin: Plugin; chunkOf(id: string): string | null } {
  const chunks = new Map<string, string>();
  const plugin: Plugin = {
    name: 'carerounds:on-demand-chunks',
    buildEnd() {
      chunks.clear();
      const closure = (starts: readonly string[]): Set<string> => {
        const seen = new Set<string>();
        const stack = [...starts];
        while (stack.length > 0) {
          const id = stack.pop() as string;
          if (seen.has(id)) continue;
          seen.add(id);
          stack.push(...(this.getModuleInfo(id)?.importedIds ?? []));
        }
        return seen;
      };
      const ids = [...this.getModuleIds()];
      const initial = closure(ids.filter((id) => this.getModuleInfo(id)?.isEntry));
      const owners = new Map<string, Set<string>>();
      for (const root of ids.filter((id) => (this.getModuleInfo(id)?.dynamicImporters.length ?? 0) > 0)) {
        const own = OWN_CHUNKS.find((c) => c.root.test(root)) ?? { name: 'pages' };
        for (const id of closure([root])) {
          if (initial.has(id) || profile.has(id)) continue;
          let set = owners.get(id);
          if (!set) owners.set(id, (set = new Set()));
          set.add(own.name);
        }
      }
      for (const [id, names] of owners) {
        const [name] = names;
        chunks.set(id, names.size === 1 && name ? name : 'pages');
      }
      for (const c of OWN_CHUNKS) if (!ids.some((id) => c.root.test(id))) this.error(`on-demand chunks: no module is the root of ${c.name}`);
    },
  };
  return { plugin, chunkOf: (id) => chunks.get(id) ?? null };
}

const onDemand = onDemandChunks();

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
/**
 * CARE_ROUNDS_UNSEALED_BUILD=1: the variant whose records stay plain at rest, built only by the benchmark that
 * measures what sealing costs (test/bench/sync/initial.bench.ts), and only into its own folder, which nothing
 * packages or serves (electron-builder takes dist/renderer).
 */
const UNSEALED = process.env.CARE_ROUNDS_UNSEALED_BUILD === '1';

export default defineConfig(({ command }) => ({
  root: 'renderer',
  base: './',
  plugins: [react(), englishValuesOnly(), thaiMessagesAscii(), profile.plugin, onDemand.plugin, shellWorker()],
  // __SHELL_WORKER__: a build has the app-shell worker (shellWorker above); the dev server has none.
  define: { __APP_VERSION__: JSON.stringify(pkg.version), __SHELL_WORKER__: JSON.stringify(command === 'build'), __SEAL_RECORDS__: JSON.stringify(!UNSEALED) },
  // The planner's worker (renderer/features/rounds/planner/planWorker.ts) is an ES module worker.
  worker: { format: 'es' },
  build: {
    outDir: UNSEALED ? '../dist/renderer-unsealed' : '../dist/renderer',
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
            { name: 'app', tags: ['$initial'], priority: 5 },
            // The resident's profile with its timeline and the pages' Thai messages (see profileModules): what a
            // caregiver opens first from the register, so a chunk of its own, small to fetch and evaluate. The
            // messages stay together (Thai compresses better in one chunk: the total stays under 400 KB).
            { name: 'profile', test: (id: string) => profile.has(id), priority: 4 },
            // The code the on-demand pages share, together: a dozen small chunks would each compress alone and
            // repeat their imports (onDemandChunks).
            { name: 'pages', test: (id: string) => onDemand.chunkOf(id) === 'pages', priority: 3 },
            // The rarely used pages' own code, the areas, the demo generator and the English messages: each a chunk
            // fetched when first needed.
            { name: (id: string) => onDemand.chunkOf(id), debugName: 'own', test: (id: string) => OWN_NAMES.has(onDemand.chunkOf(id) ?? ''), priority: 1 },
          ],
        },
      },
    },
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
}));
