/**
 * The envelope every synced record carries (docs/architecture.md "Sync", docs/sync-protocol.md §1).
 *
 * Invariants:
 * - `id` is generated on the device (UUIDv7) and never changes.
 * - Records are never hard-deleted: `deletedAt` (an HLC) is the tombstone.
 * - `hlc[field]` is the hybrid logical clock of the last write to that field; the merge compares it per field.
 *   A stored map MAY be compact (compactHlc): `hlc['*']` stands for every data field the map does not name
 *   (never for `$deleted`); readers that need one field's stamp expand it first (expandHlc). Most records
 *   are written by one mutation (visits are append-only), so their map is one stamp instead of one per field.
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

/** The key of a compact HLC map that stands for every data field not named in it. */
export const HLC_DEFAULT_KEY = '*';
const TOMBSTONE_KEY = '$deleted';

/**
 * A compact form of a record's per-field HLC map for storage: the stamp most data fields share under
 * HLC_DEFAULT_KEY, the others (and `$deleted`) named. Returned unchanged when it would not be exact: a data
 * field without a stamp, a stamp for a field the data lacks, or nothing shared by two fields.
 */
export function compactHlc(hlc: Readonly<Record<string, Hlc>>, data: Readonly<Record<string, unknown>>): Record<string, Hlc> {
  if (Object.hasOwn(hlc, HLC_DEFAULT_KEY)) return { ...hlc };
  const fields = Object.keys(data);
  const counts = new Map<Hlc, number>();
  for (const k of fields) {
    const h = hlc[k];
    if (h === undefined) return { ...hlc };
    counts.set(h, (counts.get(h) ?? 0) + 1);
  }
  for (const k of Object.keys(hlc)) if (k !== TOMBSTONE_KEY && !Object.hasOwn(data, k)) return { ...hlc };
  let common: Hlc | undefined;
  let best = 1;
  for (const [h, n] of counts) {
    if (n > best) {
      best = n;
      common = h;
    }
  }
  if (common === undefined) return { ...hlc };
  const out: Record<string, Hlc> = { [HLC_DEFAULT_KEY]: common };
  for (const [k, h] of Object.entries(hlc)) if (k === TOMBSTONE_KEY || h !== common) out[k] = h;
  return out;
}

/** The full per-field map of a (possibly compact) stored map, for the record whose data fields are `data`. */
export function expandHlc(hlc: Readonly<Record<string, Hlc>>, data: Readonly<Record<string, unknown>>): Record<string, Hlc> {
  const common = hlc[HLC_DEFAULT_KEY];
  if (common === undefined) return { ...hlc };
  const out: Record<string, Hlc> = {};
  for (const k of Object.keys(data)) out[k] = hlc[k] ?? common;
  for (const [k, h] of Object.entries(hlc)) if (k !== HLC_DEFAULT_KEY) out[k] = h;
  return out;
}
