/**
 * Reads of one resident for the pages that act on her (visits, plans, assessments, the form), as live
 * queries. `undefined` is "still loading"; a resident that is not on this device is `null`.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import type { Community } from '../../../shared/reference/communities';
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

/** One community by id, or null when this device does not know it (or there is no id yet). */
export function useCommunity(communityId: string | undefined): Community | null | undefined {
  const { db } = useStore();
  return useLiveQuery(async () => (communityId === undefined ? null : ((await db.communities.get(communityId)) ?? null)), [db, communityId]);
}

/**
 * The resident the form edits ({ resident: null } when adding one). Wrapped in an object so that "no
 * resident" is an answer, not "still loading".
 */
export function useResidentToEdit(residentId: string | undefined): { resident: Resident | null } | undefined {
  const { db } = useStore();
  return useLiveQuery(async () => ({ resident: residentId ? ((await db.residents.get(residentId)) ?? null) : null }), [db, residentId]);
}
