import { createBrowserHost } from './browser-host';
import { createElectronHost } from './electron-host';
import type { Host } from './host';

export type { Host, HostKind, HostSecrets } from './host';

/** Call once at start-up and pass the result down; the choice never changes while the page lives. */
export function createHost(): Host {
  const bridge = window.careRounds;
  return bridge === undefined ? createBrowserHost() : createElectronHost(bridge);
}
