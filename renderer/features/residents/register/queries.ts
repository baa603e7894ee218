/**
 * The register's reads (useRegister.ts calls these hooks, never the store).
 *
 * - `useRegisterHead`: the register's head (renderer/db/readModels/registerHead.ts, a read model kept with
 *   every write), read once when the register opens: one meta row and the communities, so the first rows
 *   paint before the full list is read. Null when it cannot answer.
 * - `useRegisterRows`: every register row and the communities in ONE explicit read transaction (one result,
 *   one render). An explicit transaction also keeps the read out of Dexie's live-query cache, which would
 *   deep-clone every record on each read and keep a second copy. Live: any write re-runs it. Not started
 *   until `start` (the register starts it once the head is painted, so its 10,000 rows never delay that);
 *   read ROWS_PER_READ rows at a time, and stopped when the register closes.
 */
import Dexie, { type Transaction } from 'dexie';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useRef, useState } from 'react';
import type { Community } from '../../../../shared/reference/communities';
import { useStore } from '../../../app/StoreProvider';
import { readHeadRows, REGISTER_HEAD_KEY } from '../../../db/readModels/registerHead';
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
    void db
      .transaction('r', db.meta, db.communities, () => Promise.all([db.meta.get(REGISTER_HEAD_KEY), db.communities.toArray()]))
      .then(([row, communities]) => {
        const rows = readHeadRows(row);
        if (!cancelled) setHead(rows ? { rows, communities } : null);
      })
      .catch(() => {
        if (!cancelled) setHead(null); // the full read shows the register anyway
      });
    return () => {
      cancelled = true;
    };
  }, [db]);
  return head;
}

export interface RegisterRowsData {
  communities: Community[];
  rows: RegisterRowRecord[];
}

/** Rows per read of the full list: each result is turned into objects on the main thread in one go. */
const ROWS_PER_READ = 1000;

export function useRegisterRows(start: boolean): RegisterRowsData | undefined {
  const { db } = useStore();
  // Read in pieces, and no further once the register is closed: a resident opened from the head's rows
  // would otherwise wait behind the 10,000 rows being turned into objects for a page no longer shown.
  // The piece in flight when it closes is abandoned with its transaction: its rows would otherwise still be
  // turned into objects on the main thread, in the middle of the next page's first render.
  const open = useRef(true);
  const reading = useRef<Transaction | null>(null);
  useEffect(() => {
    open.current = true;
    return () => {
      open.current = false;
      abandon(reading.current);
      reading.current = null;
    };
  }, []);
  return useLiveQuery(
    (): Promise<RegisterRowsData | undefined> | undefined =>
      start
        ? db.transaction('r', db.communities, db.registerRows, async () => {
            reading.current = Dexie.currentTransaction;
            // Communities are asked for first: in a separate query they would wait behind the rows.
            const communities = db.communities.toArray();
            const rows: RegisterRowRecord[] = [];
            for (;;) {
              if (!open.current) return undefined;
              const last = rows[rows.length - 1];
              const next = await (last === undefined ? db.registerRows.toCollection() : db.registerRows.where(':id').above(last.id)).limit(ROWS_PER_READ).toArray();
              for (const r of next) rows.push(r);
              if (next.length < ROWS_PER_READ) break;
            }
            return { communities: await communities, rows };
          })
        : undefined,
    [db, start],
  );
}

/** Aborts a read transaction that may still be running (an aborted read is ignored by its live query). */
function abandon(tx: Transaction | null): void {
  if (!tx?.active) return;
  try {
    tx.abort();
  } catch {
    // it finished meanwhile: nothing left to abandon
  }
}
