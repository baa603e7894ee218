/**
 * Whether a notice that an edit was replaced (docs/sync-protocol.md §9.5) still says something true on this
 * device. The server writes the notice when the conflict opens; by the time the user reads it, a care
 * manager may have chosen her value, or she may have written it again. A notice whose edit stands again
 * is not shown.
 */
import { jsonEqual } from '../json';
import type { NoticeData } from './data';
import { TOMBSTONE_FIELD } from './formats';

/** The record the notice is about, as the device holds it now (undefined: not on this device). */
export interface CurrentRecord {
  data: Readonly<Record<string, unknown>>;
  deleted: boolean;
}

export function noticeStands(notice: Pick<NoticeData, 'conflictKind' | 'field' | 'sent'>, current: CurrentRecord | undefined): boolean {
  // Not on this device (moved out of her communities, or not pulled yet): the server's word stands.
  if (current === undefined) return true;
  // Her edits lost to a delete: true while the record stays deleted (a care manager may restore it).
  if (notice.conflictKind === 'deleted_edit') return current.deleted;
  if (notice.field === TOMBSTONE_FIELD) return current.deleted !== (notice.sent === true);
  return !jsonEqual(current.data[notice.field] ?? null, notice.sent ?? null);
}
