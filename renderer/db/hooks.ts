/**
 * Views read the store through useLiveQuery, so a write anywhere (this window or another) re-renders them.
 * `undefined` means "still loading"; a missing record is `null`.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import type { AdlAssessment } from '../../shared/assessment';
import type { Resident } from '../../shared/resident';
import { listAssessments } from './assessments';
import type { CareRoundsDb } from './db';
import { oldestPendingAt, pendingOutboxCount } from './outbox';
import { listResidents } from './residents';

export function useResident(db: CareRoundsDb, id: string): Resident | null | undefined {
  return useLiveQuery(async () => (await db.residents.get(id)) ?? null, [db, id]);
}

export function useResidents(db: CareRoundsDb, communityId?: string): Resident[] | undefined {
  return useLiveQuery(() => listResidents(db, communityId ? { communityId } : {}), [db, communityId]);
}

export function useAssessments(db: CareRoundsDb, residentId: string, includeVoided = false): AdlAssessment[] | undefined {
  return useLiveQuery(() => listAssessments(db, residentId, { includeVoided }), [db, residentId, includeVoided]);
}

export interface OutboxStatus {
  pending: number;
  oldestAt: string | null;
}

/** For the sync status line: how many changes wait, and since when. */
export function useOutboxStatus(db: CareRoundsDb): OutboxStatus | undefined {
  return useLiveQuery(async () => ({ pending: await pendingOutboxCount(db), oldestAt: await oldestPendingAt(db) }), [db]);
}
