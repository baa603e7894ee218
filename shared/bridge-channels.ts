/**
 * The bridge's channel names, apart from shared/bridge.ts so the sandboxed preload can import them without
 * bundling zod. shared/bridge.ts re-exports them; import from there everywhere except the preload.
 */
import type { CareRoundsBridge } from './bridge';

export const BRIDGE_CHANNELS = {
  getAppVersion: 'carerounds:getAppVersion',
  saveFile: 'carerounds:saveFile',
  printToPdf: 'carerounds:printToPdf',
  saveWorkbook: 'carerounds:saveWorkbook',
  secretGet: 'carerounds:secretGet',
  secretSet: 'carerounds:secretSet',
  secretDelete: 'carerounds:secretDelete',
  syncServerGet: 'carerounds:syncServerGet',
  syncServerSet: 'carerounds:syncServerSet',
  checkForUpdates: 'carerounds:checkForUpdates',
  authSignIn: 'carerounds:authSignIn',
  authRefresh: 'carerounds:authRefresh',
  authSignOut: 'carerounds:authSignOut',
  authConfirmWiped: 'carerounds:authConfirmWiped',
} as const satisfies { readonly [K in keyof CareRoundsBridge]: `carerounds:${K}` };
export type BridgeChannel = (typeof BRIDGE_CHANNELS)[keyof CareRoundsBridge];

/**
 * Events main sends to the page, without arguments (docs/security.md §3): the preload exposes each as
 * `on<Name>(listener)` returning its unsubscribe, and never hands the page the IPC event object.
 */
export const BRIDGE_EVENTS = {
  lockRequest: 'carerounds:event:lockRequest',
} as const;
