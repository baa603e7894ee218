/**
 * The preload's only job (docs/security.md §1, docs/architecture.md "Conventions" 3): expose one frozen `window.careRounds` whose members are
 * exactly the CareRoundsBridge functions, each a fixed-channel `ipcRenderer.invoke`. The page never receives
 * `ipcRenderer`, an event object or a way to name a channel.
 *
 * Imports only shared/bridge-channels.ts at runtime, keeping zod out of the preload bundle.
 */
import type { CareRoundsBridge, CareRoundsWindowApi, UpdateStatus } from '../shared/bridge';
import { BRIDGE_CHANNELS, BRIDGE_EVENTS, type BridgeChannel } from '../shared/bridge-channels';
import type { ContextBridgeLike, IpcRendererLike } from './electron-api';

export const BRIDGE_GLOBAL = 'careRounds';

export type Invoke = (channel: BridgeChannel, ...args: unknown[]) => Promise<unknown>;

export function buildBridge(invoke: Invoke): CareRoundsBridge {
  // Results come from our own main process; the casts only restate the handler return types.
  const bridge = {
    getAppVersion: () => invoke(BRIDGE_CHANNELS.getAppVersion) as Promise<string>,
    saveFile: (args) => invoke(BRIDGE_CHANNELS.saveFile, args) as Promise<{ saved: boolean }>,
    printToPdf: (args) => invoke(BRIDGE_CHANNELS.printToPdf, args) as Promise<{ saved: boolean }>,
    saveWorkbook: (args) => invoke(BRIDGE_CHANNELS.saveWorkbook, args) as Promise<{ saved: boolean }>,
    secretGet: (args) => invoke(BRIDGE_CHANNELS.secretGet, args) as Promise<string | null>,
    secretSet: async (args) => {
      await invoke(BRIDGE_CHANNELS.secretSet, args);
    },
    secretDelete: async (args) => {
      await invoke(BRIDGE_CHANNELS.secretDelete, args);
    },
    syncServerGet: () => invoke(BRIDGE_CHANNELS.syncServerGet) as Promise<string | null>,
    syncServerSet: (args) => invoke(BRIDGE_CHANNELS.syncServerSet, args) as Promise<{ enrolled: boolean }>,
    authSignIn: (args) => invoke(BRIDGE_CHANNELS.authSignIn, args) as ReturnType<CareRoundsBridge['authSignIn']>,
    authRefresh: () => invoke(BRIDGE_CHANNELS.authRefresh) as ReturnType<CareRoundsBridge['authRefresh']>,
    authSignOut: async () => {
      await invoke(BRIDGE_CHANNELS.authSignOut);
    },
    authConfirmWiped: async () => {
      await invoke(BRIDGE_CHANNELS.authConfirmWiped);
    },
    checkForUpdates: () => invoke(BRIDGE_CHANNELS.checkForUpdates) as Promise<UpdateStatus>,
  } satisfies CareRoundsBridge;
  return Object.freeze(bridge);
}

/** The bridge with its events: each listener is called with no argument (the IPC event never reaches the page). */
export function buildWindowApi(invoke: Invoke, ipcRenderer: Pick<IpcRendererLike, 'on' | 'removeListener'>): CareRoundsWindowApi {
  const api = {
    ...buildBridge(invoke),
    onLockRequest: (listener: () => void) => {
      const handler = () => listener();
      ipcRenderer.on(BRIDGE_EVENTS.lockRequest, handler);
      return () => {
        ipcRenderer.removeListener(BRIDGE_EVENTS.lockRequest, handler);
      };
    },
  } satisfies CareRoundsWindowApi;
  return Object.freeze(api);
}

export function exposeBridge(contextBridge: ContextBridgeLike, ipcRenderer: IpcRendererLike): void {
  const invoke: Invoke = (channel, ...args) => ipcRenderer.invoke(channel, ...args);
  contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, buildWindowApi(invoke, ipcRenderer));
}
