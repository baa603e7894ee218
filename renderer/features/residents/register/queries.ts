/**
 * The register's reads (useRegister.ts calls these hooks, never the store).
 *
 * - `useRegisterHead`: the kept first screenful (renderer/db/registerHead.ts), read once when the register
 *   opens: two meta rows, so the first rows paint before the full list is read. Null when none is valid.
 * - `useRegisterRows`: every register row, the communities and the register epoch, in ONE explicit read
 *   transaction (one result, one render; the epoch is the one these rows were read at). An explicit
 *   transaction also keeps the read out of Dexie's live-query cache, which would deep-clone every record on
 *   each read and keep a second copy. Live: any write re-runs it.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import type { Community } from '../../../../shared/reference/communities';
import { useStore } from '../../../app/StoreProvider';
import { readRegisterEpoch, readRegisterHead, saveRegisterHead } from '../../../db/registerHead';
import type { RegisterRowRecord } from '../../../db/registerRows';

export interface RegisterHeadData {
  rows: RegisterRowRecord[];
  communities: Community[];
}

export function useRegisterHead(): RegisterHeadData | null | undefined {
  const { db } = useStore();
  const [head, setHead] = useState<RegisterHeadData | null | undefined>(undefined);
  useEffect(() => {
    let cancelled = false;
    void Promise.all([readRegisterHead(db), db.communities.toArray()]).then(
      ([rows, communities]) => {
        if (!cancelled) setHead(rows ? { rows, communities } : null);
      },
      () => {
        if (!cancelled) setHead(null); // the full read shows the register anyway
      },
    );
    return () => {
      cancelled = true;
    };
  }, [db]);
  return head;
}

export interface RegisterRowsData {
  communities: Community[];
  rows: RegisterRowRecord[];
  epoch: string;
}

export function useRegisterRows(): RegisterRowsData | undefined {
  const { db } = useStore();
  return useLiveQuery(
    () =>
      db.transaction('r', db.communities, db.registerRows, db.meta, async () => {
        // Communities and the epoch are asked for first: in separate queries they would wait behind the rows.
        const [communities, epoch, rows] = await Promise.all([db.communities.toArray(), readRegisterEpoch(db), db.registerRows.toArray()]);
        return { communities, rows, epoch };
      }),
    [db],
  );
}

/** Keeps the first rows under the default filter as the head, in idle time (see registerHead.ts). */
export function useKeepRegisterHead(epoch: string | undefined, firstRows: () => RegisterRowRecord[]): void {
  const { db } = useStore();
  useEffect(() => {
    if (epoch === undefined) return;
    // Soon after the list is on screen: a head saved only in long idle periods would rarely be there for the
    // next opening of an app that is reloaded or closed soon after it shows the register.
    const handle = requestIdleCallback(() => void saveRegisterHead(db, epoch, firstRows()).catch(() => undefined), { timeout: 250 });
    return () => cancelIdleCallback(handle);
  }, [db, epoch, firstRows]);
}
