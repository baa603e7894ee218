/**
 * The Host over the preload's bridge. Main does the validation and the work; this only re-raises failures as
 * BridgeCallError, reading the code Electron's IPC wrapped into the message.
 */
import { BridgeCallError, parseBridgeError, type CareRoundsBridge, type CareRoundsBridgeEvents } from '../../shared/bridge';
import type { Host } from './host';

async function call<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const parsed = parseBridgeError(error);
    throw parsed === null
      ? new BridgeCallError('internal', undefined, { cause: error })
      : new BridgeCallError(parsed.code, parsed.field, { cause: error });
  }
}

export function createElectronHost(bridge: CareRoundsBridge & Partial<CareRoundsBridgeEvents>): Host {
  const onLockRequest = bridge.onLockRequest;
  return {
    // Suspend and lock-screen, forwarded by main (electron/lock.ts). A preload without it: none.
    ...(onLockRequest ? { onLockRequest: (listener: () => void) => onLockRequest(listener) } : {}),
    kind: 'electron',
    appVersion: () => call(() => bridge.getAppVersion()),
    saveFile: (args) => call(() => bridge.saveFile(args)),
    printToPdf: (args) => call(() => bridge.printToPdf(args)),
    // Main writes the file; the browser's renderer (fallback) is not needed here.
    saveWorkbook: (args) => call(() => bridge.saveWorkbook(args)),
    secrets: {
      get: (key) => call(() => bridge.secretGet({ key })),
      set: (key, value) => call(() => bridge.secretSet({ key, value })),
      delete: (key) => call(() => bridge.secretDelete({ key })),
    },
    syncServer: {
      get: () => call(() => bridge.syncServerGet()),
      set: (url) => call(() => bridge.syncServerSet({ url })),
      reloadAfterSet: true,
    },
    checkForUpdates: () => call(() => bridge.checkForUpdates()),
    // Main signs in and refreshes; the page never sees the refresh token or the device key.
    auth: {
      signIn: (args) => call(() => bridge.authSignIn(args)),
      refresh: () => call(() => bridge.authRefresh()),
      signOut: () => call(() => bridge.authSignOut()),
      confirmWiped: () => call(() => bridge.authConfirmWiped()),
    },
  };
}
