/**
 * Reads of one resident for the pages that act on her (visits, plans, assessments, the form), as live
 * queries. `undefined` is "still loading"; a resident that is not on this device is `null`.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import type { Resident } from '../../../shared/resident';
import { useStore } from '../../app/StoreProvider';

export function useResident(residentId: string): Resident | null | undefined {
  const { db } = useStore();
  return useLiveQuery(async () => (await db.residents.get(residentId)) ?? null, [db, residentId]);
}

/** The communities this device knows (for pickers), in stored order. */
export function useCommunities() {
  const { db } = useStore();
  return useLiveQuery(() => db.communities.toArray(), [db]);
}
