/**
 * Main-process entry, bundled by scripts/build-electron.mjs into dist/electron/main.cjs. It only locates the
 * built files and hands the real Electron API to startApp; everything testable lives in app.ts and below.
 */
import * as path from 'node:path';
import { startApp } from './app';
import type { ElectronMainApi } from './electron-api';
import type { AutoUpdaterLike } from './updater';
import '../shared/zodEnglish';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- 'electron' is external to the bundle and may be absent at typecheck time
const electron: ElectronMainApi = require('electron');

// This file runs as dist/electron/main.cjs (inside app.asar when packaged).
const distDir = path.resolve(__dirname, '..');

const started = startApp(electron, {
  // Bundled into main.cjs by esbuild; required only when main asks for it (after ready), as electron-updater wants.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
  autoUpdater: () => (require('electron-updater') as { autoUpdater: AutoUpdaterLike }).autoUpdater,
  rendererDir: path.join(distDir, 'renderer'),
  preloadPath: path.join(distDir, 'electron', 'preload.cjs'),
  platform: process.platform,
  defaultSyncServer: process.env.CARE_ROUNDS_SERVER,
});

started.ready.catch((error: unknown) => {
  console.error('[carerounds] start-up failed', error);
  electron.app.quit();
});
