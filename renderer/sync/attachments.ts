/**
 * Photos (docs/sync-protocol.md §10): their own queue and endpoints, bytes not JSON. The `attachment` record
 * syncs like any other; the bytes follow by `PUT /attachments/{sha256}` (idempotent) and are fetched lazily.
 *
 * Invariant: a photo the server refuses (resident unknown or outside the scope) stays queued and is tried
 * again next run; it never holds up the records. Only a failure worth a retry (no answer, 5xx, 429) or one
 * that stops the whole sync (signed out, revoked device) ends the upload run.
 */
import type { HttpClient } from './http';
import { SyncFailure } from './http';
import type { SyncContext } from './local';

function path(sha256: string, residentId: string): string {
  return `/attachments/${sha256}?residentId=${encodeURIComponent(residentId)}`;
}

/** A refusal about this one photo (the request reached the server and was judged), not about the sync. */
function refusedPhoto(err: unknown): boolean {
  return err instanceof SyncFailure && !err.retryable && err.status >= 400 && err.status < 500 && err.status !== 401;
}

/** PUTs the queued photos; returns how many were uploaded. */
export async function uploadAttachments(ctx: SyncContext): Promise<number> {
  const db = ctx.db;
  let uploaded = 0;
  for (const item of await db.attachmentUploads.toArray()) {
    const row = await db.attachments.get(item.sha256);
    if (!row) {
      await db.attachmentUploads.delete(item.sha256);
      continue;
    }
    try {
      await ctx.http.binary('PUT', path(item.sha256, item.residentId), { bytes: row.bytes, type: row.mimeType });
    } catch (err) {
      if (refusedPhoto(err)) continue;
      throw err;
    }
    await db.attachmentUploads.delete(item.sha256);
    uploaded++;
  }
  return uploaded;
}

/** Downloads a photo the device does not have; null when the server has none (or refuses). */
export async function downloadAttachment(http: HttpClient, sha256: string, residentId: string): Promise<{ bytes: ArrayBuffer; mimeType: string } | null> {
  let res;
  try {
    res = await http.binary('GET', path(sha256, residentId));
  } catch (err) {
    if (refusedPhoto(err)) return null;
    throw err;
  }
  return { bytes: res.bytes, mimeType: (res.headers.get('content-type') ?? '').split(';', 1)[0] ?? '' };
}
