import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { buildRegisterEntry, compareEntries, type RegisterEntry } from '../../../../shared/register';
import type { Resident } from '../../../../shared/resident';
import type { Community } from '../../../../shared/reference/communities';
import { useStore } from '../../../app/StoreProvider';

export interface RegisterData {
  entries: RegisterEntry<Resident>[];
  communities: Community[];
  communityNames: Map<string, string>;
  loaded: boolean;
}

/** Every resident on the device as a sorted, searchable list; refreshes live on any write. */
export function useRegister(): RegisterData {
  const { db } = useStore();
  const residents = useLiveQuery(() => db.residents.toArray(), [db]);
  const communities = useLiveQuery(() => db.communities.toArray(), [db]);

  const communityNames = useMemo(() => new Map((communities ?? []).map((c) => [c.id, c.nameTh])), [communities]);

  const entries = useMemo(() => {
    if (!residents) return [];
    return residents
      .filter((r) => r.deletedAt === null)
      .map((r) => buildRegisterEntry(r, communityNames.get(r.communityId) ?? ''))
      .sort(compareEntries);
  }, [residents, communityNames]);

  return { entries, communities: communities ?? [], communityNames, loaded: residents !== undefined && communities !== undefined };
}
