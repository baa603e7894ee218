// The app shell's precache list and version (scripts/shell-manifest.mjs), as vite.config.ts builds them into
// the service worker: every file but the worker itself, in a stable order, with a version that changes with
// any byte of the shell and with nothing else.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SHELL_INDEX as WORKER_SHELL_INDEX } from '../../renderer/sw/rules';
import { SHELL_INDEX, shellManifest, WORKER_FILE, type BuiltFile } from '../../scripts/shell-manifest.mjs';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const file = (fileName: string, content = fileName): BuiltFile => ({ fileName, sha256: sha256(content) });

const BUILD = [
  file('index.html'),
  file('assets/index-abc123.js'),
  file('assets/pages-def456.js'),
  file('assets/style-0a1b2c.css'),
  file('assets/sarabun-9f8e7d.woff2'),
  file('favicon.png'),
];

describe('shellManifest', () => {
  it('lists every file of the build, sorted, with its digest, and not the worker, source maps or dotfiles', () => {
    const m = shellManifest([...BUILD, file(WORKER_FILE), file('assets/index-abc123.js.map'), file('.DS_Store')], sha256);
    expect(m.entries.map((e) => e.url)).toEqual(['assets/index-abc123.js', 'assets/pages-def456.js', 'assets/sarabun-9f8e7d.woff2', 'assets/style-0a1b2c.css', 'favicon.png', 'index.html']);
    expect(m.entries.find((e) => e.url === 'index.html')?.sha256).toBe(sha256('index.html'));
    expect(m.version).toMatch(/^[0-9a-f]{16}$/);
  });

  it('gives the same version for the same files in any order, and a new one for any changed byte or file', () => {
    const v = shellManifest(BUILD, sha256).version;
    expect(shellManifest([...BUILD].reverse(), sha256).version).toBe(v);
    expect(shellManifest([...BUILD, file(WORKER_FILE, 'another worker')], sha256).version).toBe(v);
    expect(shellManifest(BUILD.map((f) => (f.fileName === 'index.html' ? file('index.html', 'changed') : f)), sha256).version).not.toBe(v);
    expect(shellManifest([...BUILD, file('assets/extra-111111.js')], sha256).version).not.toBe(v);
    expect(shellManifest(BUILD.filter((f) => f.fileName !== 'favicon.png'), sha256).version).not.toBe(v);
  });

  it('refuses a build without index.html or with a file listed twice', () => {
    expect(() => shellManifest(BUILD.filter((f) => f.fileName !== 'index.html'), sha256)).toThrow(/no index\.html/);
    expect(() => shellManifest([...BUILD, file('favicon.png', 'public copy')], sha256)).toThrow(/favicon\.png is listed twice/);
  });

  it('names the page the worker falls back to', () => {
    expect(SHELL_INDEX).toBe(WORKER_SHELL_INDEX);
  });
});
