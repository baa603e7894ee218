/**
 * Reads of the sync pages and the header's sync line, as live queries (a pull or a local write re-renders
 * them). `undefined` is "still loading".
 */
import { useLiveQuery } from 'dexie-react-hooks';
import type { Resident } from '../../../shared/resident';
import { useStore } from '../../app/StoreProvider';
import { oldestPendingAt, pendingOutboxCount } from '../../db/outbox';
import type { AttachmentRow } from '../../db/records';
import type { ConflictRecord, RejectedEntry } from '../../sync/types';

export interface SyncQueue {
  /** Changes not yet confirmed by the server. */
  pending: number;
  /** When the oldest of them was made; null when everything is sent. */
  oldestAt: string | null;
  /** Changes the server refused or that were withdrawn ("not sent"). */
  rejected: number;
}

/** What waits to be sent, and what was not sent, in one read so the three agree. */
export function useSyncQueue(): SyncQueue | undefined {
  const { db } = useStore();
  return useLiveQuery(async () => {
    const [pending, oldestAt, rejected] = await Promise.all([pendingOutboxCount(db), oldestPendingAt(db), db.syncRejected.count()]);
    return { pending, oldestAt, rejected };
  }, [db]);
}

/** The changes that were not sent, newest first. */
export function useNotSent(): RejectedEntry[] | undefined {
  const { db } = useStore();
  return useLiveQuery(() => db.syncRejected.orderBy('mid').reverse().toArray(), [db]);
}

export interface OpenConflicts {
  conflicts: ConflictRecord[];
  /** The residents the conflicts are about that are on this device, by id. */
  residents: ReadonlyMap<string, Resident>;
}

/** The open conflicts, with the residents they are about, in one read. */
export function useOpenConflicts(): OpenConflicts | undefined {
  const { db } = useStore();
  return useLiveQuery(async () => {
    const conflicts = await db.conflicts.where('status').equals('open').toArray();
    const ids = [...new Set(conflicts.filter((c) => c.recordType === 'resident').map((c) => c.recordId))];
    const rows = await db.residents.bulkGet(ids);
    return { conflicts, residents: new Map(rows.filter((r) => r !== undefined).map((r) => [r.id, r])) };
  }, [db]);
}

/** A photo's bytes as kept on this device; null when the device does not have them (yet). */
export function useAttachment(blobId: string): AttachmentRow | null | undefined {
  const { db } = useStore();
  return useLiveQuery(async () => (await db.attachments.get(blobId)) ?? null, [db, blobId]);
}
