/**
 * The outbox of view events (docs/sync-protocol.md §16.2, docs/security.md §5): each opening of a resident's
 * profile is recorded here, on the device, whether or not it is online; sync uploads a user's own events after
 * its push (renderer/sync/views.ts) and deletes the ones the server acknowledged.
 *
 * Invariants:
 * - Append-only: a row is added once and never changed; it leaves only after the server acknowledged it.
 * - A row names the user who opened the page; only that user's sync sends it.
 * - Only events the server's schema accepts are recorded, so one bad row can never block the upload.
 */
import { ViewEvent, type ViewPage } from '../../shared/sync/audit';
import type { CareRoundsDb } from './db';
import { uuidv7 } from './ids';

export interface ViewEventRow extends ViewEvent {
  userId: string;
}

/** Records one opening; false when the resident id could never be sent (not a UUID: nothing recorded). */
export async function recordView(db: CareRoundsDb, view: { residentId: string; page: ViewPage; userId: string }, now: () => number = Date.now): Promise<boolean> {
  const at = now();
  const event = { id: uuidv7(at), residentId: view.residentId, page: view.page, at: new Date(at).toISOString() };
  if (!ViewEvent.safeParse(event).success) return false;
  await db.viewEvents.add({ ...event, userId: view.userId });
  return true;
}

/** The user's oldest events, at most `limit`. */
export function oldestViews(db: CareRoundsDb, userId: string, limit: number): Promise<ViewEventRow[]> {
  return db.viewEvents.where('[userId+at]').between([userId, ''], [userId, '\uffff']).limit(limit).toArray();
}

/** Drops events the server acknowledged. */
export async function dropViews(db: CareRoundsDb, ids: readonly string[]): Promise<void> {
  await db.viewEvents.bulkDelete([...ids]);
}
