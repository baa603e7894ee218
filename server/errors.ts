/**
 * Error responses: every failure leaves the server as the protocol's ErrorBody
 * `{ error: { code, message, retryable, mids?, lastMid?, schemaVersions?, retryAfterMs? } }`.
 *
 * Invariants:
 * - Codes come from shared/sync/protocol.ts SYNC_ERROR_CODES (the documented table); the HTTP status is the
 *   table's, except 415 for a non-JSON body (code invalid_argument), as the lead decided.
 * - Anything unexpected is 500 `internal` with a generic message: no stack, SQL or input echoed back.
 * - Errors raised by Fastify itself (malformed JSON, body too large, bad media type, proto poisoning, bad
 *   URL) are mapped here, so no route can leak Fastify's own error shape.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { SyncError, type ErrorDetails, type SyncErrorCode } from '../shared/sync/protocol';

export class ApiError extends SyncError {
  private readonly statusOverride: number | undefined;

  constructor(code: SyncErrorCode, message: string, details: ErrorDetails = {}, status?: number) {
    super(code, message, details);
    this.name = 'ApiError';
    this.statusOverride = status;
  }

  override get http(): number {
    return this.statusOverride ?? super.http;
  }
}

/** Maps anything thrown to a SyncError; `internal` for what we cannot classify. `route`: the matched route. */
export function toSyncError(error: unknown, route?: string): SyncError {
  if (error instanceof SyncError) return error;
  const fe = error as Partial<FastifyError> | null;
  const status = typeof fe?.statusCode === 'number' ? fe.statusCode : 500;
  const code = typeof fe?.code === 'string' ? fe.code : '';
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413) {
    // Only a push can be split; any other body that large is a client fault (docs/sync-protocol.md §2).
    return new ApiError('batch_too_large', route === '/sync/push' ? 'request body is too large; send fewer mutations per push' : 'request body is larger than this endpoint accepts');
  }
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || status === 415) return new ApiError('invalid_argument', 'send the body as application/json', {}, 415);
  if (status === 404) return new ApiError('not_found', 'not found');
  if (status === 429) return new ApiError('rate_limited', 'too many requests; wait and retry');
  if (status >= 400 && status < 500) {
    // Malformed JSON, empty JSON body, __proto__/constructor keys, bad Content-Length, bad URL, ...
    const malformedJson = error instanceof SyntaxError || code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY';
    return new ApiError('invalid_argument', malformedJson ? 'body is not valid JSON (or uses a forbidden key)' : 'malformed request');
  }
  return new ApiError('internal', 'internal server error');
}

export function sendError(reply: FastifyReply, error: SyncError): FastifyReply {
  if (error.details.retryAfterMs !== undefined) void reply.header('Retry-After', Math.ceil(error.details.retryAfterMs / 1000));
  return reply.status(error.http).send(error.toBody());
}

export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const syncError = toSyncError(error, request.routeOptions.url);
  if (syncError.http >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.info({ code: syncError.code }, 'request refused');
  void sendError(reply, syncError);
}
