/**
 * The one mapping from an error the renderer can meet to the text the user reads, in her language. Every
 * catch that shows something goes through errorText; no page formats `err.message` itself, so nothing raw
 * (and English) reaches a Thai screen.
 *
 * - StoreError (renderer/db/errors.ts): its stable code, as the catalog's 'v.' + code, with its details as
 *   parameters.
 * - SyncFailure (a request to the server): one message per failure code (the protocol's codes plus network,
 *   protocol, signed_out, server_state_lost), see docs/sync-protocol.md "Errors".
 * - A zod error (data that failed a schema; `$ZodError` is what zod/mini's `parse` throws): 'error.invalid'.
 * - IndexedDB/Dexie refusals: a full disk, a closed database, any other failed write.
 * - Anything else: 'error.unknown', a translated generic message. The raw error goes to the console for
 *   whoever debugs it, never to the screen.
 *
 * The tables are typed `Record<Code, MessageKey>`, so a new code that has no text is a compile error.
 */
import * as z from 'zod/mini';
import { StoreError, type StoreErrorCode } from '../db/errors';
import { SyncFailure, type FailureCode } from '../sync/client';
import type { MessageKey } from './catalog';

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export interface ErrorMessage {
  key: MessageKey;
  params: Record<string, string | number>;
}

export const STORE_ERROR_TEXT: Record<StoreErrorCode, MessageKey> = {
  'record.notFound': 'v.record.notFound',
  'record.deleted': 'v.record.deleted',
  'record.immutable': 'v.record.immutable',
  'record.invalidField': 'v.record.invalidField',
  'resident.duplicateId': 'v.resident.duplicateId',
  'assessment.reasonRequired': 'v.assessment.reasonRequired',
  'visit.reasonRequired': 'v.visit.reasonRequired',
  'carePlan.approve.forbidden': 'v.carePlan.approve.forbidden',
  'carePlan.approve.wrongStatus': 'v.carePlan.approve.wrongStatus',
  'carePlan.approve.incomplete': 'v.carePlan.approve.incomplete',
  'carePlan.submit.forbidden': 'v.carePlan.submit.forbidden',
  'carePlan.submit.wrongStatus': 'v.carePlan.submit.wrongStatus',
  'carePlan.edit.needsNewVersion': 'v.carePlan.edit.needsNewVersion',
  'carePlan.edit.closed': 'v.carePlan.edit.closed',
  'carePlan.newVersion.wrongStatus': 'v.carePlan.newVersion.wrongStatus',
  'carePlan.close.wrongStatus': 'v.carePlan.close.wrongStatus',
  'carePlan.close.reasonRequired': 'v.carePlan.close.reasonRequired',
  'carePlan.patch.identity': 'v.carePlan.patch.identity',
  'carePlan.patch.content': 'v.carePlan.patch.content',
  'carePlan.patch.transition': 'v.carePlan.patch.transition',
  'carePlan.patch.invalid': 'v.carePlan.patch.invalid',
  'db.upgradeFailed': 'v.db.upgradeFailed',
};

export const SYNC_FAILURE_TEXT: Record<FailureCode, MessageKey> = {
  network: 'error.sync.network',
  protocol: 'error.sync.protocol',
  signed_out: 'error.sync.signed_out',
  server_state_lost: 'error.sync.server_state_lost',
  invalid_argument: 'error.sync.invalid_argument',
  auth_expired: 'error.sync.auth_expired',
  invalid_credentials: 'error.sync.invalid_credentials',
  device_revoked: 'error.sync.device_revoked',
  // A refused refresh proof: what the user does is sign in again (a new device key is made).
  proof_invalid: 'error.sync.signed_out',
  proof_stale: 'error.sync.signed_out',
  proof_reused: 'error.sync.signed_out',
  forbidden: 'error.sync.forbidden',
  scope_denied: 'error.sync.scope_denied',
  not_found: 'error.sync.not_found',
  schema_too_new: 'error.sync.schema_too_new',
  mutation_gap: 'error.sync.mutation_gap',
  client_unknown: 'error.sync.client_unknown',
  cursor_expired: 'error.sync.cursor_expired',
  batch_too_large: 'error.sync.batch_too_large',
  schema_too_old: 'error.sync.schema_too_old',
  rate_limited: 'error.sync.rate_limited',
  export_limited: 'error.sync.export_limited',
  internal: 'error.sync.internal',
  server_busy: 'error.sync.server_busy',
};

/** DOMException / Dexie error names (Dexie names its errors after the IndexedDB ones, plus its own). */
const DB_ERROR_TEXT: Record<string, MessageKey> = {
  QuotaExceededError: 'error.db.quota',
  DatabaseClosedError: 'error.db.closed',
  InvalidStateError: 'error.db.closed',
  AbortError: 'error.db.failed',
  ConstraintError: 'error.db.failed',
  DataError: 'error.db.failed',
  DataCloneError: 'error.db.failed',
  TransactionInactiveError: 'error.db.failed',
  ReadOnlyError: 'error.db.failed',
  BulkError: 'error.db.failed',
  UnknownError: 'error.db.failed',
};

function hasOwn<T extends object>(table: T, key: PropertyKey): key is keyof T {
  return Object.prototype.hasOwnProperty.call(table, key);
}

/** Only strings and numbers interpolate; lists and objects in `details` are left for the caller to use. */
function textParams(details: Record<string, unknown> | undefined): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(details ?? {})) {
    if (typeof v === 'string' || typeof v === 'number') out[k] = v;
  }
  return out;
}

/** The message (key and parameters) for `err`; never throws. */
export function describeError(err: unknown): ErrorMessage {
  if (err instanceof StoreError && hasOwn(STORE_ERROR_TEXT, err.code)) return { key: STORE_ERROR_TEXT[err.code], params: textParams(err.details) };
  if (err instanceof SyncFailure && hasOwn(SYNC_FAILURE_TEXT, err.code)) return { key: SYNC_FAILURE_TEXT[err.code], params: {} };
  if (err instanceof z.core.$ZodError) return { key: 'error.invalid', params: {} };
  // Dexie wraps the IndexedDB error in `inner`; the standard wrapper is `cause`.
  let current: unknown = err;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const name = 'name' in current ? current.name : undefined;
    const key = typeof name === 'string' && hasOwn(DB_ERROR_TEXT, name) ? DB_ERROR_TEXT[name] : undefined;
    if (key !== undefined) return { key, params: {} };
    current = ('inner' in current ? current.inner : undefined) ?? ('cause' in current ? current.cause : undefined);
  }
  return { key: 'error.unknown', params: {} };
}

/**
 * The text to show for `err`, translated with `t`; `params` adds what only the caller knows (the name of the
 * resident a duplicate ID belongs to). Unknown errors are logged and shown as a generic message.
 */
export function errorText(err: unknown, t: Translate, params?: Record<string, string | number>): string {
  const message = describeError(err);
  if (message.key === 'error.unknown') console.error('unexpected error', err);
  return t(message.key, { ...message.params, ...params });
}
