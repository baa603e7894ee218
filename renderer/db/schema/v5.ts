import type { SchemaVersion } from './types';

/**
 * Version 5: home visits, care plans and alerts.
 * - visits: one compound index `[residentId+startedAt]` (a resident's timeline, newest first, and eviction
 *   with its resident). No `bucket` index: a device holds ~200,000 visits and every index is paid on every
 *   pulled row; a bucket's visits are found through its residents (outbox.ts RESIDENT_INDEX).
 * - visitAmendments: by visit (a visit's history) and by resident (timeline, eviction).
 * - carePlans, alertAcks: by resident; acknowledgements also by alert id.
 * - visitDrafts: the visit being written, one per resident and caregiver (key `<residentId>|<userId>`).
 *   Local only: never synced, never in the outbox.
 * - attachments: photo bytes by SHA-256 (docs/architecture.md "Attachments"): the visit's PhotoRef names them.
 *   attachmentUploads: the photos still to PUT to the server (their own queue, after the visit is pushed).
 * No upgrade: all new stores.
 */
export const v5: SchemaVersion = {
  version: 5,
  stores: {
    visits: 'id, [residentId+startedAt]',
    visitAmendments: 'id, visitId, residentId',
    carePlans: 'id, residentId',
    alertAcks: 'id, alertId, residentId',
    visitDrafts: 'key, residentId, userId',
    attachments: 'sha256',
    attachmentUploads: 'sha256',
  },
};
