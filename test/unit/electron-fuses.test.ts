// The fuses of the packaged app, read back from its Electron binary with `@electron/fuses read`
// (docs/security.md §2). Runs where the Electron binary exists and `npm run dist` built a package; elsewhere
// (this CI image cannot download Electron) it prints why and passes, like test/e2e/electron-smoke.e2e.ts:
// electron-builder-config.test.ts asserts the fuse map the package is built with.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { electronDist } from '../../scripts/dist.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

/** What electron-builder.yml's electronFuses set, in @electron/fuses' names. */
const EXPECTED: Record<string, 'Enabled' | 'Disabled'> = {
  RunAsNode: 'Disabled',
  EnableCookieEncryption: 'Enabled',
  EnableNodeOptionsEnvironmentVariable: 'Disabled',
  EnableNodeCliInspectArguments: 'Disabled',
  EnableEmbeddedAsarIntegrityValidation: 'Enabled',
  OnlyLoadAppFromAsar: 'Enabled',
  GrantFileProtocolExtraPrivileges: 'Disabled',
};

/** The packaged executables `npm run dist` leaves in release/ (unpacked folders), those that exist. */
function packagedApps(): string[] {
  return [path.join(ROOT, 'release', 'linux-unpacked', 'carerounds'), path.join(ROOT, 'release', 'win-unpacked', 'CareRounds.exe')].filter((p) => existsSync(p));
}

/** `@electron/fuses read --app <binary>` as fuse name → state. */
function readFuses(binary: string): Record<string, string> {
  const bin = path.join(path.dirname(require.resolve('@electron/fuses/package.json')), 'dist', 'bin.js');
  const out = execFileSync(process.execPath, [bin, 'read', '--app', binary], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return Object.fromEntries([...out.matchAll(/^\s+(\w+) is (\w+)/gm)].map((m) => [m[1] ?? '', m[2] ?? '']));
}

describe('fuses of the packaged app', () => {
  it('are set as electron-builder.yml says', () => {
    const electron = electronDist();
    if (!('dist' in electron)) {
      console.log(`electron-fuses: not run, ${electron.reason}`);
      return;
    }
    const apps = packagedApps();
    if (apps.length === 0) {
      console.log('electron-fuses: not run, no packaged app in release/ (run npm run dist first)');
      return;
    }
    for (const app of apps) expect(readFuses(app), app).toMatchObject(EXPECTED);
  });
});

describe('npm run dist', () => {
  it('finds the Electron binary only where the package has one, and says why not otherwise', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'carerounds-dist-'));
    try {
      expect(electronDist(root)).toEqual({ reason: 'the optional "electron" package is not installed' });
      const pkg = path.join(root, 'node_modules', 'electron');
      mkdirSync(path.join(pkg, 'dist'), { recursive: true });
      writeFileSync(path.join(pkg, 'package.json'), '{}');
      expect(electronDist(root)).toMatchObject({ reason: expect.stringContaining('path.txt') });
      writeFileSync(path.join(pkg, 'path.txt'), 'electron');
      expect(electronDist(root)).toMatchObject({ reason: expect.stringContaining('no Electron binary') });
      writeFileSync(path.join(pkg, 'dist', 'electron'), '');
      expect(electronDist(root)).toEqual({ dist: path.join(pkg, 'dist') });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('stops with the reason, building nothing, where there is no binary', () => {
    if ('dist' in electronDist()) {
      console.log('npm run dist refusal: not run, this machine has the Electron binary');
      return;
    }
    let stderr = '';
    let status = 0;
    try {
      execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'dist.mjs')], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      const e = error as { status: number; stderr: string };
      status = e.status;
      stderr = e.stderr;
    }
    expect(status).toBe(1);
    expect(stderr).toMatch(/cannot package, .*Nothing was built\./s);
  });
});
