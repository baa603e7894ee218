import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo } from 'react';
import { lazyRegisterEntry, RegisterSearch, sortRegisterEntries, type RegisterEntry } from '../../../../shared/register';
import type { Resident } from '../../../../shared/resident';
import type { Community } from '../../../../shared/reference/communities';
import { useStore } from '../../../app/StoreProvider';

export interface RegisterData {
  entries: RegisterEntry<Resident>[];
  /** Filters `entries` (same results as filterRegister); its index is built while the app is idle. */
  search: RegisterSearch<Resident>;
  communities: Community[];
  communityNames: Map<string, string>;
  loaded: boolean;
}

/**
 * Every resident on the device as a sorted, searchable list; refreshes live on any write.
 *
 * Time to the first rows (10,000 residents) is mostly the read itself, so nothing else runs before them:
 * one read of communities and residents together (one result, one render), in an explicit transaction,
 * which keeps it out of Dexie's live-query cache (that cache would deep-clone every record on each read and
 * keep a second copy); entries get their search keys on first use; sorting ranks the distinct names once
 * instead of calling the collator per comparison; and the search index is built in idle time after the
 * list is on screen.
 */
export function useRegister(): RegisterData {
  const { db } = useStore();
  const data = useLiveQuery(
    () =>
      db.transaction('r', db.communities, db.residents, () =>
        // Communities are asked for first: in a separate query their few rows would wait behind the residents.
        Promise.all([db.communities.toArray(), db.residents.toArray()]),
      ),
    [db],
  );
  const communities = data?.[0];
  const residents = data?.[1];

  const communityNames = useMemo(() => new Map((communities ?? []).map((c) => [c.id, c.nameTh])), [communities]);

  const entries = useMemo(() => {
    if (!residents) return [];
    return sortRegisterEntries(residents.filter((r) => r.deletedAt === null).map((r) => lazyRegisterEntry(r, communityNames.get(r.communityId) ?? '')));
  }, [residents, communityNames]);

  const search = useMemo(() => new RegisterSearch(entries), [entries]);
  useEffect(() => {
    if (search.ready) return;
    let handle = 0;
    const step = (deadline: IdleDeadline) => {
      if (!search.prepare(() => deadline.timeRemaining())) handle = requestIdleCallback(step, { timeout: 500 });
    };
    handle = requestIdleCallback(step, { timeout: 500 });
    return () => cancelIdleCallback(handle);
  }, [search]);

  return { entries, search, communities: communities ?? [], communityNames, loaded: residents !== undefined && communities !== undefined };
}
