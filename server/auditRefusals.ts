/**
 * Refusals are audited in one place (docs/security.md §5): the error handler writes a `request.denied` entry
 * for every 403 `forbidden` / `scope_denied`, 401 `device_revoked` and 429 `export_limited` answer, whichever
 * route raised it.
 *
 * Invariants:
 * - The entry names the route (method and pattern, never the query string), the refusal code, the user and
 *   device of the verified token (a refresh refused for a revoked device: the device its token belongs to), and
 *   the refused records a route attached to the error (withRefusedRecords), at most REFUSED_RECORDS_MAX of them.
 * - A request that names a resident (`residentId` in its path, else in its query, e.g. a photo upload) has
 *   that resident as the entry's record when the id is a UUID, so the administrator's filter by record
 *   finds refusals about a person; an id that does not parse is left out, never stored as given.
 * - It is written after the request's own transaction rolled back, so it survives the refusal.
 * - Failing to write it never changes the answer: the failure is logged and the refusal sent as it was.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { appendAudit } from './audit';
import { peekClaims } from './auth/guard';
import type { AppContext } from './context';
import { errorHandler, toSyncError } from './errors';
import type { SyncErrorCode } from '../shared/sync/protocol';

export const AUDITED_REFUSALS: ReadonlySet<SyncErrorCode> = new Set(['forbidden', 'scope_denied', 'device_revoked', 'export_limited']);
export const REFUSED_RECORDS_MAX = 20;

export interface RefusedRecord {
  type: string;
  id: string;
}

const refusedRecords = new WeakMap<object, readonly RefusedRecord[]>();

/** Marks an error with the records it refused, for its audit entry; returns the same error. */
export function withRefusedRecords<E extends object>(error: E, records: readonly RefusedRecord[]): E {
  refusedRecords.set(error, records);
  return error;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The device a refused refresh names: genuine, since device_revoked is answered only to its real token. */
function refreshDeviceId(request: FastifyRequest): string | null {
  const body: unknown = request.body;
  if (typeof body !== 'object' || body === null) return null;
  const id = (body as Record<string, unknown>).deviceId;
  return typeof id === 'string' && UUID.test(id) ? id : null;
}

/** The resident a request names, when it names one by a well-formed id. */
function namedResident(request: FastifyRequest): string | null {
  for (const source of [request.params, request.query]) {
    if (typeof source !== 'object' || source === null) continue;
    const id = (source as Record<string, unknown>).residentId;
    if (typeof id === 'string' && UUID.test(id)) return id;
  }
  return null;
}

export async function auditRefusal(ctx: AppContext, request: FastifyRequest, error: unknown, code: SyncErrorCode): Promise<void> {
  const claims = await peekClaims(ctx, request);
  const records = refusedRecords.get(error as object) ?? [];
  const route = `${request.method} ${request.routeOptions.url ?? '(no route)'}`;
  const residentId = namedResident(request);
  await appendAudit(
    ctx.db,
    {
      userId: claims?.userId ?? null,
      deviceId: claims?.deviceId ?? (code === 'device_revoked' ? refreshDeviceId(request) : null),
      action: 'request.denied',
      ...(residentId === null ? {} : { recordType: 'resident', recordId: residentId }),
      outcome: 'denied',
      requestId: request.id,
      detail: {
        route,
        code,
        ...(records.length > 0
          ? { records: records.slice(0, REFUSED_RECORDS_MAX).map((r) => `${r.type}/${r.id}`), recordCount: records.length }
          : {}),
      },
    },
    ctx.now(),
  );
}

/** The app's error handler: audits the refusals above, then answers as errors.ts does. */
export function auditingErrorHandler(ctx: AppContext) {
  return async (error: unknown, request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const code = toSyncError(error, request.routeOptions.url).code;
    if (AUDITED_REFUSALS.has(code)) {
      try {
        await auditRefusal(ctx, request, error, code);
      } catch (auditError) {
        request.log.error({ err: auditError }, 'could not audit a refusal');
      }
    }
    errorHandler(error, request, reply);
  };
}
