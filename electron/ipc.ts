/**
 * Main-side IPC for the bridge (docs/security.md §1, docs/architecture.md "Conventions" 3).
 *
 * Invariants, for every channel in BRIDGE_CHANNELS:
 * - The sender must be the top frame of its webContents, showing a `carerounds://app` page; otherwise the call
 *   fails with `forbidden_sender` and the handler does not run.
 * - The argument is `unknown` until the shared zod schema parses it; a failure is `invalid_argument` naming
 *   the field, and the handler does not run.
 * - A handler failure that is not a BridgeCallError becomes `internal`: no message or stack reaches the renderer.
 */
import {
  BRIDGE_CHANNELS,
  BRIDGE_METHODS,
  BridgeCallError,
  bridgeArgSchemas,
  type BridgeArg,
  type BridgeMethod,
  type BridgeReturn,
} from '../shared/bridge';
import type { IpcMainInvokeEventLike, IpcMainLike, WebContentsLike, WebFrameLike } from './electron-api';
import { APP_ORIGIN, isAppUrl } from './protocol';

export interface HandlerContext {
  /** The webContents that made the call (checked to be ours): the page to print, the dialog's parent. */
  sender: WebContentsLike;
}

export type BridgeHandlers = {
  [K in BridgeMethod]: (arg: BridgeArg<K>, ctx: HandlerContext) => Promise<BridgeReturn<K>> | BridgeReturn<K>;
};

export interface RegisterOptions {
  /** Where unexpected handler failures go; the renderer only ever sees `internal`. */
  logError?: (channel: string, error: unknown) => void;
}

function isSameFrame(a: WebFrameLike, b: WebFrameLike): boolean {
  if (a === b) return true;
  // Electron caches one WebFrameMain per frame, so identity normally decides; ids are the fallback.
  return a.processId !== undefined && a.processId === b.processId && a.routingId !== undefined && a.routingId === b.routingId;
}

export function isTrustedSender(event: IpcMainInvokeEventLike): boolean {
  const frame = event.senderFrame;
  if (frame === null || frame === undefined) return false;
  if (frame.parent !== null || !isSameFrame(frame, event.sender.mainFrame)) return false;
  // Chromium's own origin, where Electron provides it, must agree with the URL.
  if (frame.origin !== undefined && frame.origin !== APP_ORIGIN) return false;
  return isAppUrl(frame.url);
}

function fieldOf(path: readonly PropertyKey[]): string {
  return path.length === 0 ? 'args' : path.map(String).join('.');
}

function register<K extends BridgeMethod>(
  ipcMain: IpcMainLike,
  method: K,
  handler: BridgeHandlers[K],
  options: RegisterOptions,
): void {
  const channel = BRIDGE_CHANNELS[method];
  const schema = bridgeArgSchemas[method];
  ipcMain.handle(channel, async (event, ...args) => {
    if (!isTrustedSender(event)) throw new Error(new BridgeCallError('forbidden_sender').message);
    if (args.length > 1) throw new Error(new BridgeCallError('invalid_argument', 'args').message);
    const parsed = schema.safeParse(args[0]);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new Error(new BridgeCallError('invalid_argument', fieldOf(first?.path ?? [])).message);
    }
    try {
      // The schema for K parses to BridgeArg<K> (checked by `satisfies` in shared/bridge.ts); TypeScript
      // cannot correlate the two indexed accesses, hence the assertion.
      return await handler(parsed.data as BridgeArg<K>, { sender: event.sender });
    } catch (error) {
      if (error instanceof BridgeCallError) throw new Error(error.message);
      options.logError?.(channel, error);
      throw new Error(new BridgeCallError('internal').message);
    }
  });
}

export function registerBridgeHandlers(ipcMain: IpcMainLike, handlers: BridgeHandlers, options: RegisterOptions = {}): void {
  for (const method of BRIDGE_METHODS) register(ipcMain, method, handlers[method], options);
}
