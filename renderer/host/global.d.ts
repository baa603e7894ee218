// The one declaration of what the Electron preload exposes (absent in a plain browser), and the version
// string vite injects (`define: { __APP_VERSION__: JSON.stringify(version) }` in vite.config.ts).
import type { CareRoundsBridge } from '../../shared/bridge';

declare global {
  interface Window {
    careRounds?: CareRoundsBridge;
  }
  const __APP_VERSION__: string;
}

export {};
