/**
 * The envelope every synced record carries (DESIGN.md, SYNC.md §2).
 *
 * Invariants:
 * - `id` is generated on the device (UUIDv7) and never changes.
 * - Records are never hard-deleted: `deletedAt` (an HLC) is the tombstone.
 * - `hlc[field]` is the hybrid logical clock of the last write to that field; the merge compares it per field.
 * - `seq` is the server sequence number of the last change the device has from the server; 0 = never synced.
 */
export type Hlc = string;

export interface Envelope {
  id: string;
  createdAt: string; // ISO 8601 UTC instant
  createdBy: string; // user id
  updatedAt: string; // ISO 8601 UTC instant
  updatedBy: string; // user id
  deviceId: string; // the device that wrote the last change
  deletedAt: Hlc | null;
  seq: number;
  hlc: Record<string, Hlc>;
  schemaVersion: number;
}

export const ENVELOPE_KEYS = [
  'id',
  'createdAt',
  'createdBy',
  'updatedAt',
  'updatedBy',
  'deviceId',
  'deletedAt',
  'seq',
  'hlc',
  'schemaVersion',
] as const satisfies readonly (keyof Envelope)[];

/** Data fields of a record: everything except the envelope. */
export type DataOf<T extends Envelope> = Omit<T, keyof Envelope>;

/** Version of the record shapes written by this code; bumped with every synced shape change. */
export const RECORD_SCHEMA_VERSION = 1;
