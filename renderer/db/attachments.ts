/**
 * Photos beside the records (docs/architecture.md "Attachments"). A visit stores only PhotoRefs; the bytes live here,
 * named by their SHA-256, and reach the server through their own upload queue.
 *
 * Invariants:
 * - A stored blob's name is the hash of its bytes, so the same photo is stored once and an upload can be
 *   retried any number of times.
 * - A photo is queued for upload in the same transaction that stores it; it leaves the queue only after the
 *   server confirmed it (renderer/sync/attachments.ts uploadAttachments).
 */
import { PHOTO_MIME_TYPES, VISIT_LIMITS, type PhotoMimeType, type PhotoRef } from '../../shared/visit';
import type { CareRoundsDb } from './db';
import { StoreError } from './errors';
import type { AttachmentRow } from './records';

export async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export interface PhotoInput {
  residentId: string;
  bytes: ArrayBuffer;
  mimeType: string;
  width: number;
  height: number;
}

function isPhotoMime(m: string): m is PhotoMimeType {
  return (PHOTO_MIME_TYPES as readonly string[]).includes(m);
}

/** Stores a (resized) photo and queues its upload; returns the reference a visit keeps. */
export async function storePhoto(db: CareRoundsDb, input: PhotoInput, now: Date = new Date()): Promise<PhotoRef> {
  if (!isPhotoMime(input.mimeType)) throw new StoreError('record.invalidField', `photos are ${PHOTO_MIME_TYPES.join(' or ')}`, { field: 'photos' });
  if (input.bytes.byteLength === 0 || input.bytes.byteLength > VISIT_LIMITS.maxPhotoBytes) {
    throw new StoreError('record.invalidField', `a photo is at most ${VISIT_LIMITS.maxPhotoBytes} bytes`, { field: 'photos' });
  }
  const sha256 = await sha256Hex(input.bytes);
  const at = now.toISOString();
  await db.transaction('rw', [db.attachments, db.attachmentUploads], async () => {
    if ((await db.attachments.get(sha256)) === undefined) {
      await db.attachments.put({ sha256, residentId: input.residentId, mimeType: input.mimeType, bytes: input.bytes, storedAt: at });
      await db.attachmentUploads.put({ sha256, residentId: input.residentId, mimeType: input.mimeType, queuedAt: at });
    }
  });
  return { blobId: sha256, mimeType: input.mimeType, bytes: input.bytes.byteLength, width: input.width, height: input.height };
}

export function getAttachment(db: CareRoundsDb, sha256: string): Promise<AttachmentRow | undefined> {
  return db.attachments.get(sha256);
}

/** Keeps a downloaded blob (its hash is checked: a wrong body is not stored). */
export async function keepDownloaded(db: CareRoundsDb, residentId: string, sha256: string, mimeType: string, bytes: ArrayBuffer): Promise<boolean> {
  if ((await sha256Hex(bytes)) !== sha256) return false;
  await db.attachments.put({ sha256, residentId, mimeType, bytes, storedAt: new Date().toISOString() });
  return true;
}
