/**
 * What the renderer needs from wherever it runs (docs/architecture.md "Conventions" 4): one interface, an Electron implementation over
 * `window.careRounds` and a browser implementation, chosen once at start-up by createHost() in ./index.ts.
 * Both reject with BridgeCallError (shared/bridge.ts), so callers handle one error type with a stable code.
 */
import type { PrintToPdfArgs, SaveFileArgs, SaveFileResult, SaveWorkbookArgs } from '../../shared/bridge';

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
  /**
   * Calls `onLock` when the system asks the app to lock (Electron: suspend or lock-screen, docs/security.md §3);
   * returns the unsubscribe. Absent where the host cannot tell (a browser).
   */
  onLockRequest?(onLock: () => void): () => void;
}

/**
 * The sync server the installation is enrolled with. In Electron main keeps it and allows exactly that origin
 * in the page's CSP, so after `set` the page must reload (`reloadAfterSet`). In a browser the page is served
 * by the server itself (same origin) or the saved address in IndexedDB is used: nothing is kept here.
 */
export interface HostSyncServer {
  get(): Promise<string | null>;
  set(origin: string | null): Promise<void>;
  readonly reloadAfterSet: boolean;
}
