/**
 * The notice the server writes for the losing author of a conflict (docs/sync-protocol.md §9.5), built from
 * the conflict draft merge.ts returns; apart from merge.ts, which decides conflicts but not who is told.
 */
import type { Hlc } from '../envelope';
import type { Author, NoticeData } from './data';
import { isUuid } from './formats';
import { freshRow, SERVER_AUTHOR, type ConflictDraft, type ServerRow } from './merge';
import { bucketForUser } from './scope';

/**
 * The notice to the losing author of a conflict (docs/sync-protocol.md §9.5), or null when the loser is no
 * user (the server itself). Written in her bucket `u:<userId>`, whichever of the two edits came first.
 */
export function noticeDataFromConflict(conflictId: string, d: ConflictDraft, at: string): NoticeData | null {
  if (!isUuid(d.loserBy.userId)) return null;
  return {
    userId: d.loserBy.userId,
    kind: 'edit_replaced',
    conflictId,
    conflictKind: d.kind,
    recordType: d.recordType,
    recordId: d.recordId,
    field: d.field,
    sent: d.loserValue,
    replacedWith: d.winnerValue,
    replacedBy: d.winnerBy.userId,
    ...(d.winnerName ? { replacedByName: d.winnerName } : {}),
    at,
    dismissedAt: null,
  };
}

/** The notice row the server stores (type 'notice', its recipient's bucket), stamped `hlc` at `seq`. */
export function newNoticeRow(id: string, n: NoticeData, hlc: Hlc, seq: number, author: Author = SERVER_AUTHOR): ServerRow {
  return freshRow('notice', id, bucketForUser(n.userId), { ...n }, hlc, seq, author);
}
