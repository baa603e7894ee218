import { useEffect, useMemo } from 'react';
import { lazyRegisterEntry, RegisterSearch, sortRegisterEntries, type RegisterEntry } from '../../../../shared/register';
import type { Community } from '../../../../shared/reference/communities';
import { firstScreenShown } from '../../../app/firstScreen';
import { useAfterPaint } from '../../../app/useAfterPaint';
import { registerRowView, type RegisterRow, type RegisterRowRecord } from '../../../db/registerRows';
import { useRegisterHead, useRegisterRows } from './queries';

export interface RegisterData {
  entries: RegisterEntry<RegisterRow>[];
  /** Filters `entries` (same results as filterRegister); its index is built while the app is idle. */
  search: RegisterSearch<RegisterRow>;
  communities: Community[];
  communityNames: Map<string, string>;
  /** Every row is read (until then `entries` is empty or, when `partial`, the kept first rows). */
  loaded: boolean;
  /** `entries` are only the first rows under the default filter (the kept head), the full read is under way. */
  partial: boolean;
}

/**
 * Every resident on the device as a sorted, searchable list; refreshes live on any write.
 *
 * First the register's head (queries.ts useRegisterHead, renderer/db/readModels/registerHead.ts: one meta
 * row kept with every write), so the register paints before its rows are read; then, once that has been
 * painted, every row of `registerRows` (the register's projection of residents, kept in step with every
 * write by the store, see renderer/db/registerRows.ts), which replaces it. The full read waits for that
 * paint because its 10,000 rows, once they arrive, hold the main thread long enough to push the head's paint
 * back. Each row is seen through registerRowView, which parses its address and lists only when read.
 *
 * Time to the full list (10,000 residents) is mostly the read itself, so nothing else runs before it:
 * entries get their search keys on first use; sorting ranks the distinct names once instead of calling the
 * collator per comparison; the search index is built in idle time after the list is on screen.
 */
export function useRegister(): RegisterData {
  const head = useRegisterHead();
  const headPainted = useAfterPaint(head);
  const full = useRegisterRows(head === null || headPainted);
  // The read models' start-up check (StoreProvider) waits for the register's first rows to be painted.
  useEffect(() => {
    if (headPainted || full !== undefined) firstScreenShown();
  }, [headPainted, full]);
  const communities = full?.communities ?? head?.communities;

  const communityNames = useMemo(() => new Map((communities ?? []).map((c) => [c.id, c.nameTh])), [communities]);

  const entries = useMemo(() => {
    const entry = (r: RegisterRowRecord) => lazyRegisterEntry(registerRowView(r), communityNames.get(r.communityId) ?? '');
    if (full) return sortRegisterEntries(full.rows.filter((r) => r.deletedAt === null).map(entry));
    return head ? head.rows.map(entry) : []; // kept in register order
  }, [full, head, communityNames]);

  const search = useMemo(() => new RegisterSearch(entries), [entries]);
  useEffect(() => {
    if (!full || search.ready) return;
    let handle = 0;
    const step = (deadline: IdleDeadline) => {
      if (!search.prepare(() => deadline.timeRemaining())) handle = requestIdleCallback(step, { timeout: 500 });
    };
    handle = requestIdleCallback(step, { timeout: 500 });
    return () => cancelIdleCallback(handle);
  }, [full, search]);

  return { entries, search, communities: communities ?? [], communityNames, loaded: full !== undefined, partial: full === undefined && head != null };
}

