/**
 * What the renderer needs from wherever it runs (STYLE.md 4): one interface, an Electron implementation over
 * `window.careRounds` and a browser implementation, chosen once at start-up by createHost() in ./index.ts.
 * Both reject with BridgeCallError (shared/bridge.ts), so callers handle one error type with a stable code.
 */
import type { PrintToPdfArgs, SaveFileArgs, SaveFileResult } from '../../shared/bridge';

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
  readonly secrets: HostSecrets;
}
