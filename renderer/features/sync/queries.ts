/**
 * Reads of the sync pages and the header's sync line, as live queries (a pull or a local write re-renders
 * them). `undefined` is "still loading".
 */
import { useOptionalLock } from '../../lock/LockRoot';
import { useLiveQuery } from 'dexie-react-hooks';
import type { Resident } from '../../../shared/resident';
import { useStore } from '../../app/StoreProvider';
import { oldestPendingAt, pendingOutboxCount } from '../../db/outbox';
import type { AttachmentRow } from '../../db/records';
import type { AvailabilityRecord, HolidayRecord, LeaveRecord, RoundVisitRecord } from '../../db/syncRows';
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
  // Read again at the unlock: a sealed outbox tells its oldest change only then (docs/security.md §3).
  const unlocked = useOptionalLock()?.phase.kind === 'unlocked';
  return useLiveQuery(async () => {
    const [pending, oldestAt, rejected] = await Promise.all([pendingOutboxCount(db), oldestPendingAt(db), db.syncRejected.count()]);
    return { pending, oldestAt, rejected };
  }, [db, unlocked]);
}

/** The changes that were not sent, newest first. */
export function useNotSent(): RejectedEntry[] | undefined {
  const { db } = useStore();
  return useLiveQuery(() => db.syncRejected.orderBy('mid').reverse().toArray(), [db]);
}

export interface OpenConflicts {
  conflicts: ConflictRecord[];
  /** The residents the conflicts are about (directly, or through a round visit) that are on this device, by id. */
  residents: ReadonlyMap<string, Resident>;
  /** The rounds records (round visits, availability, leave, holidays) the conflicts are about, by `<type>/<id>`. */
  rounds: ReadonlyMap<string, RoundsRecord>;
}

export type RoundsRecord = RoundVisitRecord | AvailabilityRecord | LeaveRecord | HolidayRecord;

const ROUNDS_TABLES = { round_visit: 'roundVisits', availability: 'availability', leave: 'leaves', holiday: 'holidays' } as const;

/** The open conflicts, with the records they are about, in one read. */
export function useOpenConflicts(): OpenConflicts | undefined {
  const { db } = useStore();
  return useLiveQuery(async () => {
    const conflicts = await db.conflicts.where('status').equals('open').toArray();
    const rounds = new Map<string, RoundsRecord>();
    for (const [type, table] of Object.entries(ROUNDS_TABLES)) {
      const ids = [...new Set(conflicts.filter((c) => c.recordType === type).map((c) => c.recordId))];
      if (ids.length === 0) continue;
      const rows = (await db.table(table).bulkGet(ids)) as (RoundsRecord | undefined)[];
      for (const r of rows) if (r) rounds.set(`${type}/${r.id}`, r);
    }
    const viaRounds = [...rounds.values()].flatMap((r) => ('residentId' in r ? [r.residentId] : []));
    const ids = [...new Set([...conflicts.filter((c) => c.recordType === 'resident').map((c) => c.recordId), ...viaRounds])];
    const rows = await db.residents.bulkGet(ids);
    return { conflicts, residents: new Map(rows.filter((r) => r !== undefined).map((r) => [r.id, r])), rounds };
  }, [db]);
}

/** A photo's bytes as kept on this device; null when the device does not have them (yet). */
export function useAttachment(blobId: string): AttachmentRow | null | undefined {
  const { db } = useStore();
  return useLiveQuery(async () => (await db.attachments.get(blobId)) ?? null, [db, blobId]);
}
