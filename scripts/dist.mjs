/**
 * `npm run dist`: builds the installers (electron-builder.yml: NSIS on Windows, AppImage and deb on Linux)
 * for the platform it runs on, or for the targets given after `--` (e.g. `npm run dist -- --linux`).
 *
 * electron-builder packs the Electron binary from node_modules/electron/dist (`electronDist`) and never
 * downloads one: where the optional `electron` package has no binary (it could not be downloaded), this stops
 * at once with a message saying so, instead of failing half-way in electron-builder.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** node_modules/electron/dist when it holds the binary the package names, else the reason it does not. */
export function electronDist(root = ROOT) {
  const pkgDir = path.join(root, 'node_modules', 'electron');
  if (!existsSync(path.join(pkgDir, 'package.json'))) return { reason: 'the optional "electron" package is not installed' };
  let relative;
  try {
    relative = readFileSync(path.join(pkgDir, 'path.txt'), 'utf8').trim();
  } catch {
    return { reason: 'the "electron" package has no binary (node_modules/electron/path.txt is missing: its download failed)' };
  }
  const dist = path.join(pkgDir, 'dist');
  if (!existsSync(path.join(dist, relative))) return { reason: `no Electron binary at ${path.join(dist, relative)}` };
  return { dist };
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const electron = electronDist();
  if (!('dist' in electron)) {
    console.error(
      `npm run dist: cannot package, ${electron.reason}.\n` +
        'Install Electron on a machine that can download it (npm install, with network access to its GitHub\n' +
        'releases), then run npm run dist again. Nothing was built.',
    );
    process.exit(1);
  }
  // The unsealed renderer exists only to measure what sealing costs (vite.config.ts): never package it.
  if (process.env.CARE_ROUNDS_UNSEALED_BUILD) {
    console.error('npm run dist: CARE_ROUNDS_UNSEALED_BUILD is set; unset it: a package always seals records at rest. Nothing was built.');
    process.exit(1);
  }
  run('npm', ['run', 'build']);
  run('npx', ['electron-builder', '--config', 'electron-builder.yml', `--config.electronDist=${electron.dist}`, ...process.argv.slice(2)]);
}
