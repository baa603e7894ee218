/**
 * After a pull, the changes of this device that opened conflicts (stashed by push.ts) are compared with
 * what the device now holds: a field that lost keeps a notice (what was sent, what replaced it) until the
 * user dismisses it; a change none of whose fields lost is forgotten. Compared once, right after the pull
 * that brought the winners, so a later ordinary edit by someone else is never reported as a lost conflict.
 */
import { replacedFields } from '../../shared/sync/replaced';
import type { CareRoundsDb } from '../db/db';
import type { ReplacedEdit } from '../db/syncRows';
import { readState } from './state';

export async function resolveReplacedEdits(db: CareRoundsDb): Promise<void> {
  const held = await readState(db, 'replacedEdits');
  if (!held || held.items.every((i) => i.replaced !== undefined)) return;
  await db.transaction('rw', [db.syncState, ...new Set(held.items.map((i) => db.table(i.table)))], async () => {
    const now = await readState(db, 'replacedEdits');
    if (!now) return;
    const items: ReplacedEdit[] = [];
    for (const item of now.items) {
      if (item.replaced !== undefined) {
        items.push(item);
        continue;
      }
      const row = (await db.table(item.table).get(item.recordId)) as Record<string, unknown> | undefined;
      const replaced = replacedFields(item.fields, row);
      if (replaced.length > 0) items.push({ ...item, replaced });
    }
    if (items.length > 0) await db.syncState.put({ key: 'replacedEdits', items });
    else await db.syncState.delete('replacedEdits');
  });
}

/** Forgets every notice (the user read them). */
export async function dismissReplacedEdits(db: CareRoundsDb): Promise<void> {
  await db.syncState.delete('replacedEdits');
}
