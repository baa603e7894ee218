/**
 * Uploads the signed-in user's view events after each push run (docs/sync-protocol.md §16.2): oldest first, at
 * most VIEW_EVENTS_MAX per request, each batch deleted once the server answered it.
 *
 * Invariants:
 * - Only the session user's events are sent; another user's wait on the device for her own sync.
 * - An event leaves the device only after a 200: a lost answer resends the batch, which the server appends once
 *   (the events carry their own ids).
 * - A server without the endpoint (an older release: 404) keeps the events and fails nothing.
 */
import { VIEW_EVENTS_MAX, ViewEventsResponse } from '../../shared/sync/audit';
import { ENDPOINTS } from '../../shared/sync/protocol';
import { dropViews, oldestViews } from '../db/viewEvents';
import { SyncFailure } from './http';
import type { SyncContext } from './local';
import { readSession } from './state';

/** Sends what the session user has recorded; returns how many events left the device. */
export async function uploadViews(ctx: SyncContext): Promise<number> {
  const session = await readSession(ctx.db);
  if (!session) return 0;
  let sent = 0;
  for (;;) {
    const rows = await oldestViews(ctx.db, session.user.id, VIEW_EVENTS_MAX);
    if (rows.length === 0) return sent;
    let answer: unknown;
    try {
      answer = await ctx.http.json('POST', ENDPOINTS.auditViews.path, { views: rows.map(({ id, residentId, page, at }) => ({ id, residentId, page, at })) });
    } catch (err) {
      if (err instanceof SyncFailure && err.status === 404) return sent; // a server from before view events
      throw err;
    }
    if (!ViewEventsResponse.safeParse(answer).success) throw new SyncFailure('protocol', `${ENDPOINTS.auditViews.path}: malformed answer`, 200);
    await dropViews(ctx.db, rows.map((r) => r.id));
    sent += rows.length;
    if (rows.length < VIEW_EVENTS_MAX) return sent;
  }
}
