import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { VISIT_LIMITS } from '../../shared/visit';
import { getAttachment, keepDownloaded, sha256Hex, storePhoto } from './attachments';
import { openStore, type CareRoundsDb } from './db';
import { isStoreError } from './errors';
import { freshDbName } from './testing';

const RESIDENT = '0195f3a2-7c4e-7a10-9b2c-3d4e5f607182';
let db: CareRoundsDb | undefined;

async function open(): Promise<CareRoundsDb> {
  const r = await openStore(freshDbName());
  if (!r.ok) throw new Error(r.code);
  db = r.db;
  return r.db;
}

afterEach(() => db?.close());

const bytesOf = (...xs: number[]): ArrayBuffer => new Uint8Array(xs).buffer;

describe('photos', () => {
  it('stores a photo under its SHA-256 and queues one upload, however often it is stored', async () => {
    const d = await open();
    const bytes = bytesOf(0xff, 0xd8, 0xff, 1, 2, 3);
    const ref = await storePhoto(d, { residentId: RESIDENT, bytes, mimeType: 'image/jpeg', width: 10, height: 20 });
    expect(ref).toEqual({ blobId: await sha256Hex(bytes), mimeType: 'image/jpeg', bytes: 6, width: 10, height: 20 });
    expect(ref.blobId).toMatch(/^[0-9a-f]{64}$/);
    await storePhoto(d, { residentId: RESIDENT, bytes, mimeType: 'image/jpeg', width: 10, height: 20 });
    expect(await d.attachmentUploads.count()).toBe(1);
    expect(new Uint8Array((await getAttachment(d, ref.blobId))?.bytes ?? new ArrayBuffer(0))).toEqual(new Uint8Array(bytes));
  });

  it('refuses other media types and photos above the cap, storing nothing', async () => {
    const d = await open();
    await expect(storePhoto(d, { residentId: RESIDENT, bytes: bytesOf(1), mimeType: 'image/png', width: 1, height: 1 })).rejects.toSatisfy((e) => isStoreError(e, 'record.invalidField'));
    const big = new ArrayBuffer(VISIT_LIMITS.maxPhotoBytes + 1);
    await expect(storePhoto(d, { residentId: RESIDENT, bytes: big, mimeType: 'image/jpeg', width: 1, height: 1 })).rejects.toSatisfy((e) => isStoreError(e, 'record.invalidField'));
    expect(await d.attachments.count()).toBe(0);
    expect(await d.attachmentUploads.count()).toBe(0);
  });

  it('keeps a download only when its bytes match the name', async () => {
    const d = await open();
    const bytes = bytesOf(9, 8, 7);
    expect(await keepDownloaded(d, RESIDENT, await sha256Hex(bytesOf(1)), 'image/jpeg', bytes)).toBe(false);
    expect(await keepDownloaded(d, RESIDENT, await sha256Hex(bytes), 'image/jpeg', bytes)).toBe(true);
    expect(await d.attachments.count()).toBe(1);
    expect(await d.attachmentUploads.count()).toBe(0);
  });
});
