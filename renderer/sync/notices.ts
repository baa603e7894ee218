/**
 * Notices addressed to the signed-in user (docs/sync-protocol.md §9.5): the server writes one for every edit
 * of hers that lost a conflict, whichever edit reached it first, in her own bucket; they arrive with the
 * ordinary pull. Reading keeps only those still true on this device (shared/sync/replaced.ts); dismissing
 * is an ordinary synced patch, so a notice read on one of her devices is gone from the others too.
 */
import { isSyncType, TABLE_OF_TYPE } from '../../shared/sync/recordTypes';
import { noticeStands } from '../../shared/sync/replaced';
import type { CareRoundsDb } from '../db/db';
import { runWrite, type WriteCtx } from '../db/repository';
import type { NoticeRecord } from '../db/syncRows';

export interface OpenNotice {
  notice: NoticeRecord;
  /** The record as the device holds it now (undefined: not on this device). */
  record: (Record<string, unknown> & { id: string }) | undefined;
}

/** Her undismissed notices whose lost edit has not come back, oldest first. */
export async function openNotices(db: CareRoundsDb, userId: string): Promise<OpenNotice[]> {
  const mine = await db.notices.where('userId').equals(userId).toArray();
  const out: OpenNotice[] = [];
  for (const notice of mine) {
    if (notice.dismissedAt !== null || notice.deletedAt !== null) continue;
    const table = isSyncType(notice.recordType) ? TABLE_OF_TYPE[notice.recordType] : null;
    const record = table === null ? undefined : ((await db.table(table).get(notice.recordId)) as OpenNotice['record']);
    const current = record === undefined ? undefined : { data: record, deleted: record.deletedAt !== null && record.deletedAt !== undefined };
    if (noticeStands(notice, current)) out.push({ notice, record });
  }
  return out.sort((a, b) => a.notice.at.localeCompare(b.notice.at));
}

/** Marks the notices read, in one local write (synced like any other change). */
export async function dismissNotices(db: CareRoundsDb, ids: readonly string[], ctx: WriteCtx): Promise<void> {
  if (ids.length === 0) return;
  const dismissedAt = new Date((ctx.now ?? Date.now)()).toISOString();
  await runWrite(db, ['notices'], ctx, async (s) => {
    for (const id of ids) await s.patch('notices', id, { dismissedAt });
  });
}
