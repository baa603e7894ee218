/**
 * What the renderer needs from wherever it runs (docs/architecture.md "Conventions" 4): one interface, an Electron implementation over
 * `window.careRounds` and a browser implementation, chosen once at start-up by createHost() in ./index.ts.
 * Both reject with BridgeCallError (shared/bridge.ts), so callers handle one error type with a stable code.
 */
import type { AuthSignInArgs, PrintToPdfArgs, SaveFileArgs, SaveFileResult, SaveWorkbookArgs, SyncServerSetResult, UpdateStatus } from '../../shared/bridge';
import type { HostAuthAnswer } from '../../shared/sync/deviceSession';

export type HostKind = 'electron' | 'browser';

export interface HostSecrets {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface Host {
  readonly kind: HostKind;
  appVersion(): Promise<string>;
  /** `saved: false` when the user cancelled (or, in a browser, when saving cannot be confirmed). */
  saveFile(args: SaveFileArgs): Promise<SaveFileResult>;
  printToPdf(args: PrintToPdfArgs): Promise<SaveFileResult>;
  /**
   * Saves a report as XLSX. Electron's main writes it; a browser has no writer of its own (the renderer ships
   * no spreadsheet library), so it asks `render` (the municipal server) for the file and downloads it.
   */
  saveWorkbook(args: SaveWorkbookArgs, render: (args: SaveWorkbookArgs) => Promise<Uint8Array>): Promise<SaveFileResult>;
  readonly secrets: HostSecrets;
  readonly syncServer: HostSyncServer;
  /** Electron: asks main to check the enrolled server's update feed. A browser is updated by the web server. */
  checkForUpdates(): Promise<UpdateStatus>;
  /**
   * Calls `onLock` when the system asks the app to lock (Electron: suspend or lock-screen, docs/security.md §3);
   * returns the unsubscribe. Absent where the host cannot tell (a browser).
   */
  onLockRequest?(onLock: () => void): () => void;
  readonly auth: HostAuth;
}

/**
 * Signing in to the sync server with a device-bound refresh token (docs/security.md §4). The host keeps the
 * refresh token and the device key and answers with the access token and user only. Electron: main does it
 * all. Browser: a non-extractable key in IndexedDB, the token in `secrets`. `origin` is the server's base URL.
 */
export interface HostAuth {
  signIn(args: AuthSignInArgs): Promise<HostAuthAnswer>;
  refresh(): Promise<HostAuthAnswer>;
  signOut(): Promise<void>;
  /** After obeying a wipe order: forgets the key and token and confirms the wipe to the server (best effort). */
  confirmWiped(): Promise<void>;
}

/**
 * The sync server the installation is enrolled with. In Electron main keeps it and allows exactly that origin
 * in the page's CSP, so after `set` the page must reload (`reloadAfterSet`). In a browser the page is served
 * by the server itself (same origin) or the saved address in IndexedDB is used: nothing is kept here.
 */
export interface HostSyncServer {
  get(): Promise<string | null>;
  /** `enrolled: false` when the user refused the new origin (Electron asks in a native dialog). */
  set(origin: string | null): Promise<SyncServerSetResult>;
  readonly reloadAfterSet: boolean;
}
