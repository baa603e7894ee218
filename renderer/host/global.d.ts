// The one declaration of what the Electron preload exposes (absent in a plain browser), and the version
// string vite injects (`define: { __APP_VERSION__: JSON.stringify(version) }` in vite.config.ts), and whether
// the build has the app-shell service worker (`__SHELL_WORKER__`, false on the dev server).
import type { CareRoundsBridge, CareRoundsBridgeEvents } from '../../shared/bridge';

declare global {
  interface Window {
    careRounds?: CareRoundsBridge & Partial<CareRoundsBridgeEvents>;
  }
  const __APP_VERSION__: string;
  const __SHELL_WORKER__: boolean;
  /** False only in the benchmark's unsealed build (renderer/app/sealing.ts). */
  const __SEAL_RECORDS__: boolean;
}

export {};
