/**
 * A visit photo as an object URL: the local copy when the device has it, else downloaded once from the
 * server (lazily, when shown) and kept. Null while missing (offline and never downloaded).
 */
import { useEffect, useMemo } from 'react';
import type { PhotoRef } from '../../../shared/visit';
import { useStore } from '../../app/StoreProvider';
import { keepDownloaded } from '../../db/attachments';
import { useAttachment } from './queries';
import { useSync } from './SyncProvider';

export function usePhotoUrl(residentId: string, ref: PhotoRef): string | null {
  const { db } = useStore();
  const { engine } = useSync();
  const row = useAttachment(ref.blobId);
  const url = useMemo(() => (row ? URL.createObjectURL(new Blob([row.bytes], { type: row.mimeType })) : null), [row]);
  useEffect(
    () => () => {
      if (url !== null) URL.revokeObjectURL(url);
    },
    [url],
  );

  useEffect(() => {
    // Only once the local read says the device does not have it (undefined is still reading).
    if (row !== null || engine === null) return;
    let cancelled = false;
    void engine.client
      .downloadAttachment(ref.blobId, residentId)
      .then((got) => (got && !cancelled ? keepDownloaded(db, residentId, ref.blobId, got.mimeType, got.bytes) : false))
      .catch(() => false); // offline or refused: shown as missing, tried again next time it is shown
    return () => {
      cancelled = true;
    };
  }, [row, engine, db, residentId, ref.blobId]);

  return url;
}
