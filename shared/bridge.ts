/**
 * The one bridge between the renderer and the Electron main process (docs/security.md §1, docs/architecture.md "Conventions" 3).
 *
 * Invariants:
 * - Every method of `CareRoundsBridge` has exactly one channel in `BRIDGE_CHANNELS` and one zod schema in
 *   `bridgeArgSchemas`; main parses the renderer's `unknown` argument with that schema before running anything.
 * - Sizes are capped here, so the cap is the same for main, the preload and the browser host.
 * - The renderer never names a path: files are saved through the native dialog that main opens.
 * - A failed call rejects with an Error whose message ends in a JSON `BridgeError`; `parseBridgeError`
 *   reads it back (Electron prefixes "Error invoking remote method '<channel>': Error: ").
 */
import * as z from 'zod/mini';
import { BRIDGE_CHANNELS } from './bridge-channels';
import { workbookSpecSchema } from './reports/workbookSchema';
import { HostSignInArgs } from './sync/deviceProof';
import type { HostAuthAnswer } from './sync/deviceSession';

/** File types the renderer may save, with the extension the save dialog filters on. */
export const SAVE_FILE_TYPES = {
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { extension: 'xlsx', label: 'Excel' },
  'text/csv': { extension: 'csv', label: 'CSV' },
  'application/pdf': { extension: 'pdf', label: 'PDF' },
  'application/json': { extension: 'json', label: 'JSON' },
  // An encrypted backup of unsent data (shared/backup/format.ts).
  'application/vnd.carerounds.backup': { extension: 'crbackup', label: 'CareRounds backup' },
} as const;
export type SaveMimeType = keyof typeof SAVE_FILE_TYPES;
export const SAVE_MIME_TYPES = Object.keys(SAVE_FILE_TYPES) as [SaveMimeType, ...SaveMimeType[]];

export const MAX_SAVE_BYTES = 50 * 1024 * 1024;
export const MAX_FILE_NAME_CHARS = 200;
export const MAX_SECRET_VALUE_BYTES = 16 * 1024;
export const SECRET_KEY_PATTERN = /^[a-z0-9._-]{1,64}$/;

/** UTF-8 length without TextEncoder (shared/ has no DOM or Node globals). */
export function utf8ByteLength(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

// Windows refuses these names with any extension; refusing them everywhere keeps exports portable.
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
// eslint-disable-next-line no-control-regex -- control characters are exactly what is being refused
const UNSAFE_FILE_CHARS = /[\u0000-\u001f\u007f<>:"/\\|?*]/;

/** A bare file name: no directory part, nothing a file system would reinterpret. */
export const safeFileNameSchema = z.string().check(
  z.minLength(1),
  z.maxLength(MAX_FILE_NAME_CHARS),
  z.refine((s) => !UNSAFE_FILE_CHARS.test(s), { message: 'file_name.unsafe_character' }),
  z.refine((s) => s.trim() === s && !s.endsWith('.') && !s.startsWith('.'), { message: 'file_name.edge' }),
  z.refine((s) => !WINDOWS_RESERVED.test(s), { message: 'file_name.reserved' }),
);

const saveDataSchema = z.union([
  z.string().check(z.refine((s) => s.length <= MAX_SAVE_BYTES && utf8ByteLength(s) <= MAX_SAVE_BYTES, {
    message: 'data.too_large',
  })),
  z.instanceof(Uint8Array).check(z.refine((b) => b.byteLength <= MAX_SAVE_BYTES, { message: 'data.too_large' })),
]);

export const saveFileArgsSchema = z.strictObject({
  suggestedName: safeFileNameSchema,
  mimeType: z.enum(SAVE_MIME_TYPES),
  data: saveDataSchema,
});
export type SaveFileArgs = z.infer<typeof saveFileArgsSchema>;

/** `name` with the type's extension appended unless already there, so the name and the save filter agree. */
export function fileNameWithExtension(name: string, mimeType: SaveMimeType): string {
  const { extension } = SAVE_FILE_TYPES[mimeType];
  return name.toLowerCase().endsWith(`.${extension}`) ? name : `${name}.${extension}`;
}

export const printToPdfArgsSchema = z.strictObject({
  suggestedName: safeFileNameSchema,
  landscape: z.optional(z.boolean()),
});
export type PrintToPdfArgs = z.infer<typeof printToPdfArgsSchema>;

/** A report to save as XLSX: main writes the file (shared/reports/xlsx.ts), so the renderer ships no spreadsheet library. */
export const saveWorkbookArgsSchema = z.strictObject({
  suggestedName: safeFileNameSchema,
  workbook: workbookSpecSchema,
});
export type SaveWorkbookArgs = z.infer<typeof saveWorkbookArgsSchema>;

export interface SaveFileResult {
  saved: boolean;
}

export const secretKeySchema = z.string().check(z.regex(SECRET_KEY_PATTERN));
export const secretValueSchema = z.string().check(
  z.maxLength(MAX_SECRET_VALUE_BYTES),
  z.refine((s) => utf8ByteLength(s) <= MAX_SECRET_VALUE_BYTES, { message: 'value.too_large' }),
);

export const secretKeyArgsSchema = z.strictObject({ key: secretKeySchema });
export type SecretKeyArgs = z.infer<typeof secretKeyArgsSchema>;
export const secretSetArgsSchema = z.strictObject({ key: secretKeySchema, value: secretValueSchema });
export type SecretSetArgs = z.infer<typeof secretSetArgsSchema>;

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);
const ORIGIN_PATTERN = /^(https?):\/\/([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[::1\])(?::([1-9][0-9]{0,4}))?$/;

/**
 * True for the bare origin of a sync server the app may talk to: https, or http on this computer only
 * (`npm start`'s embedded server). The same rule decides the Electron CSP's connect-src, so it accepts only
 * the canonical form a URL's `origin` has (lower case, no path, no default port): no string that could
 * smuggle a second CSP source or directive.
 */
export function isAllowedServerOrigin(origin: string): boolean {
  const m = ORIGIN_PATTERN.exec(origin);
  if (!m) return false;
  const [, scheme, host = '', portText] = m;
  if (portText !== undefined) {
    const port = Number(portText);
    if (port > 65_535 || (scheme === 'https' && port === 443) || (scheme === 'http' && port === 80)) return false;
  }
  return scheme === 'https' || LOOPBACK_HOSTS.has(host);
}

export const serverOriginSchema = z.string().check(z.maxLength(300), z.refine(isAllowedServerOrigin, { message: 'url.not_allowed_origin' }));
export const syncServerSetArgsSchema = z.strictObject({ url: z.nullable(serverOriginSchema) });
export type SyncServerSetArgs = z.infer<typeof syncServerSetArgsSchema>;
/** `enrolled: false` when the user refused the new origin in main's confirmation dialog (the old one stays). */
export interface SyncServerSetResult {
  enrolled: boolean;
}

/** Sign-in by main: the origin must be the enrolled one (main talks to no other server). */
export const authSignInArgsSchema = z.extend(HostSignInArgs, { origin: serverOriginSchema });
export type AuthSignInArgs = z.infer<typeof authSignInArgsSchema>;

/**
 * What a request to check for updates found (electron/updater.ts). `ready` installs when the app quits;
 * `unavailable` says why nothing was checked (the browser host answers `browser`: the web server updates it).
 */
export type UpdateStatus =
  | { state: 'unavailable'; reason: 'not_packaged' | 'no_server' | 'insecure_server' | 'browser' }
  | { state: 'up_to_date' }
  | { state: 'downloading' | 'ready'; version: string }
  | { state: 'failed' };

/** What `window.careRounds` offers. Property syntax keeps parameter checks strict (no method bivariance). */
export interface CareRoundsBridge {
  readonly getAppVersion: () => Promise<string>;
  readonly saveFile: (args: SaveFileArgs) => Promise<SaveFileResult>;
  readonly printToPdf: (args: PrintToPdfArgs) => Promise<SaveFileResult>;
  readonly saveWorkbook: (args: SaveWorkbookArgs) => Promise<SaveFileResult>;
  readonly secretGet: (args: SecretKeyArgs) => Promise<string | null>;
  readonly secretSet: (args: SecretSetArgs) => Promise<void>;
  readonly secretDelete: (args: SecretKeyArgs) => Promise<void>;
  /** The sync server this installation is enrolled with (an origin), or null. */
  readonly syncServerGet: () => Promise<string | null>;
  /**
   * Enrols (or, with null, forgets) the sync server; main adds it to the CSP's connect-src. A new origin is
   * enrolled only after the user confirms it in a dialog main shows.
   */
  readonly syncServerSet: (args: SyncServerSetArgs) => Promise<SyncServerSetResult>;
  /** Main signs in (POST /auth/login with a device key it keeps); the answer holds no refresh token. */
  readonly authSignIn: (args: AuthSignInArgs) => Promise<HostAuthAnswer>;
  /** Main refreshes with its signed proof; the answer holds the new access token only. */
  readonly authRefresh: () => Promise<HostAuthAnswer>;
  readonly authSignOut: () => Promise<void>;
  /** Main forgets its key and token and confirms an obeyed wipe order to the server. */
  readonly authConfirmWiped: () => Promise<void>;
  /** Checks the enrolled server's update feed and downloads a newer version to install on quit. */
  readonly checkForUpdates: () => Promise<UpdateStatus>;
}
export type BridgeMethod = keyof CareRoundsBridge;

export { BRIDGE_CHANNELS, BRIDGE_EVENTS, type BridgeChannel } from './bridge-channels';

/** What main tells the page unasked: the system is suspending or its screen locked, so the app locks. */
export interface CareRoundsBridgeEvents {
  onLockRequest(listener: () => void): () => void;
}
export const BRIDGE_EVENT_METHODS = ['onLockRequest'] as const satisfies readonly (keyof CareRoundsBridgeEvents)[];

/** `window.careRounds`: the calls and the events. */
export type CareRoundsWindowApi = CareRoundsBridge & CareRoundsBridgeEvents;

export const BRIDGE_METHODS = Object.keys(BRIDGE_CHANNELS) as BridgeMethod[];

/** The argument each method's single parameter carries; `undefined` for methods without one. */
export type BridgeArg<K extends BridgeMethod> = Parameters<CareRoundsBridge[K]> extends [infer A] ? A : undefined;
export type BridgeReturn<K extends BridgeMethod> = Awaited<ReturnType<CareRoundsBridge[K]>>;

export const bridgeArgSchemas = {
  getAppVersion: z.undefined(),
  saveFile: saveFileArgsSchema,
  printToPdf: printToPdfArgsSchema,
  saveWorkbook: saveWorkbookArgsSchema,
  secretGet: secretKeyArgsSchema,
  secretSet: secretSetArgsSchema,
  secretDelete: secretKeyArgsSchema,
  syncServerGet: z.undefined(),
  syncServerSet: syncServerSetArgsSchema,
  checkForUpdates: z.undefined(),
  authSignIn: authSignInArgsSchema,
  authRefresh: z.undefined(),
  authSignOut: z.undefined(),
  authConfirmWiped: z.undefined(),
} as const satisfies { readonly [K in BridgeMethod]: z.ZodMiniType<BridgeArg<K>> };

export const BRIDGE_ERROR_CODES = [
  'forbidden_sender',
  'invalid_argument',
  'secret_storage_unavailable',
  'internal',
] as const;
export type BridgeErrorCode = (typeof BRIDGE_ERROR_CODES)[number];

/** The error shape a failed bridge call carries, JSON-encoded in the rejection's message. */
export interface BridgeError {
  code: BridgeErrorCode;
  field?: string;
}

const bridgeErrorSchema = z.strictObject({
  code: z.enum(BRIDGE_ERROR_CODES),
  field: z.optional(z.string().check(z.maxLength(200))),
});

/** Thrown by main-side handlers and by both renderer hosts, so callers handle one error type. */
export class BridgeCallError extends Error {
  readonly code: BridgeErrorCode;
  readonly field: string | undefined;

  /** `cause` keeps the underlying failure for logs on this side; it never crosses the bridge. */
  constructor(code: BridgeErrorCode, field?: string, options?: { cause?: unknown }) {
    super(encodeBridgeError(field === undefined ? { code } : { code, field }), options);
    this.name = 'BridgeCallError';
    this.code = code;
    this.field = field;
  }
}

export function encodeBridgeError(error: BridgeError): string {
  return JSON.stringify(error.field === undefined ? { code: error.code } : { code: error.code, field: error.field });
}

/**
 * Reads a `BridgeError` back from a rejection. Electron wraps the main-side message, so the JSON is taken
 * from the first `{` on; anything that does not parse as a `BridgeError` yields null.
 */
export function parseBridgeError(error: unknown): BridgeError | null {
  if (error instanceof BridgeCallError) {
    return error.field === undefined ? { code: error.code } : { code: error.code, field: error.field };
  }
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : null;
  if (message === null) return null;
  const start = message.indexOf('{');
  if (start < 0) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(message.slice(start));
  } catch {
    return null;
  }
  const result = bridgeErrorSchema.safeParse(parsed);
  if (!result.success) return null;
  return result.data.field === undefined ? { code: result.data.code } : { code: result.data.code, field: result.data.field };
}
