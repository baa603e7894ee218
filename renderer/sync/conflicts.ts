/**
 * Resolving a conflict (docs/sync-protocol.md §8 "Conflicts"): a care manager keeps the current value or
 * takes the other one. Both are ordinary synced changes written through the repository in ONE transaction:
 * the conflict record's patch `{ status: 'resolved', resolvedBy, resolvedAt, resolution }` and, when the
 * losing value is chosen, a patch (or restore/delete) of the record itself.
 */
import { TOMBSTONE_FIELD } from '../../shared/sync/formats';
import type { CareRoundsDb } from '../db/db';
import { runWrite, type SyncedTableName, type WriteCtx } from '../db/repository';
import { StoreError } from '../db/errors';
import { TABLE_OF_TYPE, type ConflictRecord } from './types';
import { isSyncType } from '../../shared/sync/recordTypes';

export type ConflictChoice = 'kept_winner' | 'chose_loser';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export async function resolveConflict(db: CareRoundsDb, conflictId: string, choice: ConflictChoice, ctx: WriteCtx): Promise<ConflictRecord> {
  const now = ctx.now ?? Date.now;
  const conflict = await db.conflicts.get(conflictId);
  if (!conflict) throw new StoreError('record.notFound', `conflicts/${conflictId} not found`, { table: 'conflicts', id: conflictId });
  const target: SyncedTableName | null = isSyncType(conflict.recordType) ? TABLE_OF_TYPE[conflict.recordType] : null;
  const tables: SyncedTableName[] = target !== null && target !== 'conflicts' ? ['conflicts', target] : ['conflicts'];
  return runWrite(db, tables, ctx, async (s) => {
    if (choice === 'chose_loser' && target !== null && target !== 'conflicts') {
      const record = await s.get(target, conflict.recordId);
      if (conflict.field === TOMBSTONE_FIELD) {
        if (conflict.kind === 'deleted_edit') {
          // The losing side is the edits made while the record was deleted: restore it and apply them.
          await s.restore(target, record.id);
          if (isPlainObject(conflict.loserValue)) await s.patch(target, record.id, conflict.loserValue);
        } else if (conflict.loserValue === true) {
          await s.tombstone(target, record.id);
        } else {
          await s.restore(target, record.id);
        }
      } else {
        if (record.deletedAt !== null) await s.restore(target, record.id);
        await s.patch(target, record.id, { [conflict.field]: conflict.loserValue });
      }
    }
    return s.patch('conflicts', conflictId, {
      status: 'resolved',
      resolvedBy: ctx.userId,
      resolvedAt: new Date(now()).toISOString(),
      resolution: choice,
    });
  });
}
