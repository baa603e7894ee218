/**
 * Reads of visits for the pages, as live queries (undefined while loading). A visit is read with its
 * amendments applied (renderer/db/visits.ts listAmendedVisits).
 */
import Dexie from 'dexie';
import { useLiveQuery } from 'dexie-react-hooks';
import type { Resident } from '../../../shared/resident';
import type { AmendedVisit, Visit } from '../../../shared/visit';
import { useStore } from '../../app/StoreProvider';
import type { VisitDraft } from '../../db/records';
import { getVisitDraft, listAmendedVisits } from '../../db/visits';

export interface VisitWithContext {
  resident: Resident | null;
  visit: AmendedVisit<Visit> | null;
  /** The resident's other visits that stand (for the weight-change flag). */
  others: AmendedVisit<Visit>[];
}

/** One visit (voided ones too) with its resident and her other visits, in one read so they agree. */
export function useVisitWithContext(residentId: string, visitId: string): VisitWithContext | undefined {
  const { db } = useStore();
  return useLiveQuery(async (): Promise<VisitWithContext> => {
    const [resident, all] = await Promise.all([db.residents.get(residentId), listAmendedVisits(db, residentId, { includeVoided: true })]);
    return { resident: resident ?? null, visit: all.find((v) => v.current.id === visitId) ?? null, others: all.filter((v) => v.current.id !== visitId && v.current.deletedAt === null) };
  }, [db, residentId, visitId]);
}

/** The caregiver's unfinished visit for this resident, or null. */
export function useStoredVisitDraft(residentId: string, userId: string): VisitDraft | null | undefined {
  const { db } = useStore();
  return useLiveQuery(async () => (await getVisitDraft(db, residentId, userId)) ?? null, [db, residentId, userId]);
}

/** The resident's newest visit that is not deleted, or null. */
export function useLatestVisit(residentId: string): Visit | null | undefined {
  const { db } = useStore();
  // Only the newest visit: the compound index walks backwards from the resident's last start.
  return useLiveQuery(
    async () =>
      (await db.visits
        .where('[residentId+startedAt]')
        .between([residentId, Dexie.minKey], [residentId, Dexie.maxKey])
        .reverse()
        .filter((v) => v.deletedAt === null)
        .first()) ?? null,
    [db, residentId],
  );
}
