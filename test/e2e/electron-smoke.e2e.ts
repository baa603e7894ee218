// Launches the real Electron shell where its binary is installed (docs/security.md: sandbox enforcement is provable
// only there). Where it is not (this CI image cannot download it), the test logs why and passes: the shell's
// logic is covered with fakes in electron/**/*.test.ts.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BRIDGE_EVENT_METHODS, BRIDGE_METHODS } from '../../shared/bridge';
import { buildElectron } from '../../scripts/build-electron.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The installed Electron binary, or why there is none (the npm package exports the path under Node). */
function findElectron(): { binary: string } | { reason: string } {
  const require = createRequire(import.meta.url);
  let resolved: unknown;
  try {
    resolved = require('electron');
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
    if (code === 'MODULE_NOT_FOUND') return { reason: 'the optional "electron" package is not installed' };
    return { reason: (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error' };
  }
  if (typeof resolved !== 'string' || !existsSync(resolved)) return { reason: `no Electron binary at ${String(resolved)}` };
  return { binary: resolved };
}

describe('Electron shell', () => {
  it('opens one hardened window with exactly the bridge, and no Node in the page', async () => {
    const electron = findElectron();
    if (!('binary' in electron)) {
      console.log(`electron-smoke: not run, ${electron.reason}`);
      return;
    }

    // global-setup built dist/renderer; the main and preload bundles are built here.
    await buildElectron();
    const version = (JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

    const app = await _electron.launch({ executablePath: electron.binary, args: ['.'], cwd: ROOT });
    try {
      const page = await app.firstWindow();
      await page.waitForLoadState('domcontentloaded');

      expect(page.url()).toBe('carerounds://app/index.html');
      expect(await page.title()).toContain('CareRounds');
      expect(app.windows()).toHaveLength(1);

      const exposed = await page.evaluate(() => {
        const bridge: unknown = Reflect.get(window, 'careRounds');
        if (typeof bridge !== 'object' || bridge === null) return null;
        return {
          keys: Reflect.ownKeys(bridge).map(String).sort(),
          allFunctions: Object.values(bridge).every((v) => typeof v === 'function'),
          frozen: Object.isFrozen(bridge),
        };
      });
      expect(exposed).toEqual({ keys: [...BRIDGE_METHODS, ...BRIDGE_EVENT_METHODS].sort(), allFunctions: true, frozen: true });

      const globals = await page.evaluate(() => ({
        process: typeof Reflect.get(globalThis, 'process'),
        require: typeof Reflect.get(globalThis, 'require'),
        module: typeof Reflect.get(globalThis, 'module'),
        Buffer: typeof Reflect.get(globalThis, 'Buffer'),
      }));
      expect(globals).toEqual({ process: 'undefined', require: 'undefined', module: 'undefined', Buffer: 'undefined' });

      // The bridge reaches main and comes back through the sender and schema checks.
      const appVersion = await page.evaluate(async () => {
        const bridge: unknown = Reflect.get(window, 'careRounds');
        const fn: unknown = typeof bridge === 'object' && bridge !== null ? Reflect.get(bridge, 'getAppVersion') : null;
        return typeof fn === 'function' ? String(await fn()) : null;
      });
      expect(appVersion).toBe(version);

      // window.open is denied: the main process answers it before it returns (setWindowOpenHandler), so a
      // null here is the refusal itself, and no second window exists.
      const opened = await page.evaluate(() => window.open('https://evil.example/', '_blank') !== null);
      expect(opened).toBe(false);
      expect(app.windows()).toHaveLength(1);
    } finally {
      await app.close();
    }
  });
});
