import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo } from 'react';
import { lazyRegisterEntry, RegisterSearch, sortRegisterEntries, type RegisterEntry } from '../../../../shared/register';
import type { Community } from '../../../../shared/reference/communities';
import { useStore } from '../../../app/StoreProvider';
import { registerRowView, type RegisterRow } from '../../../db/registerRows';

export interface RegisterData {
  entries: RegisterEntry<RegisterRow>[];
  /** Filters `entries` (same results as filterRegister); its index is built while the app is idle. */
  search: RegisterSearch<RegisterRow>;
  communities: Community[];
  communityNames: Map<string, string>;
  loaded: boolean;
}

/**
 * Every resident on the device as a sorted, searchable list; refreshes live on any write.
 *
 * Reads `registerRows` (the register's projection of residents, kept in step with every write by the store,
 * see renderer/db/registerRows.ts), not the full records: their envelopes, field clocks and nested objects
 * made the read several times slower. Each row is seen through registerRowView, which parses its address
 * and lists only when read.
 *
 * Time to the first rows (10,000 residents) is mostly the read itself, so nothing else runs before them:
 * one read of communities and register rows together (one result, one render), in an explicit transaction,
 * which keeps it out of Dexie's live-query cache (that cache would deep-clone every record on each read and
 * keep a second copy); entries get their search keys on first use; sorting ranks the distinct names once
 * instead of calling the collator per comparison; and the search index is built in idle time after the
 * list is on screen.
 */
export function useRegister(): RegisterData {
  const { db } = useStore();
  const data = useLiveQuery(
    () =>
      db.transaction('r', db.communities, db.registerRows, () =>
        // Communities are asked for first: in a separate query their few rows would wait behind the register rows.
        Promise.all([db.communities.toArray(), db.registerRows.toArray()]),
      ),
    [db],
  );
  const communities = data?.[0];
  const rows = data?.[1];

  const communityNames = useMemo(() => new Map((communities ?? []).map((c) => [c.id, c.nameTh])), [communities]);

  const entries = useMemo(() => {
    if (!rows) return [];
    return sortRegisterEntries(rows.filter((r) => r.deletedAt === null).map((r) => lazyRegisterEntry(registerRowView(r), communityNames.get(r.communityId) ?? '')));
  }, [rows, communityNames]);

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

  return { entries, search, communities: communities ?? [], communityNames, loaded: rows !== undefined && communities !== undefined };
}
