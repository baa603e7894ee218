/**
 * Preload entry, bundled by scripts/build-electron.mjs into one self-contained dist/electron/preload.cjs:
 * a sandboxed preload can require nothing but 'electron'.
 */
import type { ElectronPreloadApi } from './electron-api';
import { exposeBridge } from './bridge-preload';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- 'electron' is external to the bundle and may be absent at typecheck time
const electron: ElectronPreloadApi = require('electron');

exposeBridge(electron.contextBridge, electron.ipcRenderer);
