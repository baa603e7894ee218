/**
 * Which mutations of a push touch a person erased for good (PDPA purge, docs/security.md §6): an id in
 * `deleted_ids` can never be created again, nor can a row attached to an erased resident. One query per batch.
 */
import type { Mutation } from '../../shared/sync/protocol';
import { SYNC_TYPES, isSyncType } from '../../shared/sync/records';
import type { Db } from '../db/db';
import { keyOf } from './store';

/** The resident a create attaches to (its parent field), if any. */
function parentOf(m: Mutation): string | null {
  const parent = isSyncType(m.type) ? SYNC_TYPES[m.type].parentField : null;
  const v = parent === null || m.op !== 'create' ? undefined : m.fields[parent];
  return typeof v === 'string' ? v : null;
}

/** Looks up, once, the erased ids among `newRows` (mutations of rows not on the server) and their residents. */
export async function erasedFilter(tx: Db, newRows: readonly Mutation[]): Promise<(m: Mutation) => boolean> {
  const lookup = [
    ...newRows.map((m) => ({ type: m.type, id: m.id })),
    ...newRows.flatMap((m) => {
      const rid = parentOf(m);
      return rid === null ? [] : [{ type: 'resident', id: rid }];
    }),
  ];
  const erased = new Set(
    lookup.length === 0
      ? []
      : (await tx.query<{ type: string; id: string }>(
          'SELECT type, id FROM deleted_ids WHERE (type, id) IN (SELECT t, i FROM unnest($1::text[], $2::text[]) AS k(t, i))',
          [lookup.map((k) => k.type), lookup.map((k) => k.id)],
        )).rows.map((r) => keyOf(r.type, r.id)),
  );
  return (m) => {
    const rid = parentOf(m);
    return erased.has(keyOf(m.type, m.id)) || (rid !== null && erased.has(keyOf('resident', rid)));
  };
}
