/**
 * Rows the sync client keeps in the device database (schema v3): conflict records, sync state rows and
 * rejected outbox copies. They live beside the database that stores them (db.ts declares their tables), so
 * the store never imports the sync client; renderer/sync imports them from here.
 */
import type { Envelope } from '../../shared/envelope';
import type { ConflictData, NoticeData } from '../../shared/sync/data';
import type { AvailabilityData, HolidayData, LeaveData, RoundVisitData } from '../../shared/rounds/recordsSchema';
import type { Evict, SessionUser } from '../../shared/sync/protocol';
import type { OutboxEntry } from './outbox';

/** A conflict as pulled (bucket m:main); resolved locally by a patch through the repository. */
export type ConflictRecord = ConflictData & Envelope & { bucket?: string };

/** A notice to the signed-in user as pulled (bucket u:<userId>); dismissed locally by a patch through the repository. */
export type NoticeRecord = NoticeData & Envelope & { bucket?: string };

/** Weekly rounds (docs/domain.md §9): a caregiver's availability and leave, holidays, round visits. */
export type AvailabilityRecord = AvailabilityData & Envelope & { bucket?: string };
export type LeaveRecord = LeaveData & Envelope & { bucket?: string };
export type HolidayRecord = HolidayData & Envelope & { bucket?: string };
export type RoundVisitRecord = RoundVisitData & Envelope & { bucket?: string };

export interface SignedInSession {
  serverUrl: string;
  user: SessionUser;
  deviceId: string;
  signedInAt: string;
}

/** Problems that stop the loop until the user (or a new start) does something. */
export type SyncProblemCode =
  | 'device_revoked'
  | 'signed_out'
  | 'schema_too_old'
  | 'schema_too_new'
  | 'server_state_lost'
  | 'forbidden'
  | 'not_found'
  | 'invalid_argument'
  | 'protocol';

export type SyncStateRow =
  | { key: 'cursor'; value: string }
  | { key: 'session'; session: SignedInSession }
  | { key: 'serverUrl'; value: string }
  | { key: 'lastSync'; at: string }
  | { key: 'problem'; code: SyncProblemCode; at: string }
  | { key: 'deferredEvict'; items: Evict[] }
  /** The user directory stored in `directory` (sync/directory.ts): the server's ETag for it. */
  | { key: 'directory'; etag: string | null; at: string }
  /** A bootstrap under way (sync/bootstrap.ts): the last stored chunk's position and the progress so far. */
  | { key: 'bootstrap'; position: string; at: number; received: number; total: number; bytes: number }
  /** Every store was erased by an administrator's order (sync/wipe.ts); the app shows the wiped screen. */
  | { key: 'wiped'; orderedAt: string; wipedAt: string };

export type SyncStateKey = SyncStateRow['key'];

/** A copy of an outbox entry the server refused (per mutation) or that was withdrawn with `skip`. */
export interface RejectedEntry {
  mid: number;
  entry: OutboxEntry;
  code: string;
  field?: string;
  /** True while the entry must be sent as `skip` (the server refused the whole batch because of it). */
  withdrawn: boolean;
  at: string;
}
