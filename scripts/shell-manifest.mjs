/**
 * The app shell's precache list and build version, computed at build time from the bundle (vite.config.ts
 * `shellWorker`) and baked into the service worker (renderer/sw/worker.ts; docs/architecture.md "The browser
 * version offline"). Plain JavaScript so vite.config.ts loads it without a TypeScript step; types in
 * shell-manifest.d.mts, the same shapes as renderer/sw/rules.ts (test/unit/shell-manifest.test.ts).
 *
 * Invariants:
 * - Every file the build emits is listed (chunks loaded on demand, the stylesheet, fonts, icons, index.html),
 *   except the worker itself, source maps and dotfiles; a build without index.html is refused.
 * - The version is a hash of the sorted list of (file, SHA-256 of its bytes): any changed byte anywhere in the
 *   shell is a new version, and the same files always give the same version.
 */

export const WORKER_FILE = 'sw.js';
export const SHELL_INDEX = 'index.html';

function isShellFile(fileName) {
  const base = fileName.split('/').pop() ?? '';
  return fileName !== WORKER_FILE && !fileName.endsWith('.map') && !base.startsWith('.');
}

/**
 * `files`: { fileName (relative to the output folder, '/' separators), sha256 (hex of the bytes) }.
 * `hash`: SHA-256 over UTF-8 text, hex (node:crypto at build time; injected so this stays pure).
 */
export function shellManifest(files, hash) {
  const entries = files
    .filter((f) => isShellFile(f.fileName))
    .map((f) => ({ url: f.fileName, sha256: f.sha256 }))
    .sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  for (let i = 1; i < entries.length; i += 1) {
    if (entries[i].url === entries[i - 1].url) throw new Error(`app shell: ${entries[i].url} is listed twice`);
  }
  if (!entries.some((e) => e.url === SHELL_INDEX)) throw new Error(`app shell: the build has no ${SHELL_INDEX}`);
  const version = hash(entries.map((e) => `${e.url} ${e.sha256}`).join('\n')).slice(0, 16);
  return { version, entries };
}
