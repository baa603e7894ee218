/**
 * The synced record types without their schemas: wire name → local table, immutability, allowed client
 * operations, parent field and bucket. What the app needs to write and read records (the repository, the
 * outbox, the store's tables) is here, free of zod, so it loads with the first screen; the data schemas and
 * validateMutation (records.ts, which re-exports all of this) load with the sync client and the forms
 * (docs/architecture.md, "One registry of synced types" and "What loads first").
 *
 * Invariants:
 * - Each type is declared once here; records.ts must give every type here its schemas (a mapped type asks
 *   for them), and every other list is derived from RECORD_TYPES.
 * - A row's bucket is a function of its data: a resident's of its community, an attached row's of its parent
 *   resident (resolved by the server), a conflict's the municipality, a notice's its recipient (`u:<userId>`),
 *   a caregiver's availability and leave her work bucket (`w:<userId>`), a holiday the municipality, a round
 *   visit the municipality while a draft and its caregiver's work bucket once published.
 */
import type { MutationOp } from './protocol';
import { COMMUNITY_ID_RE, MUNICIPALITY_BUCKET, bucketForCommunity, bucketForUser, bucketForWorker } from './scope';
import { isUuid } from './formats';

/** Where a row lives: a bucket, or "wherever resident X lives" (the server looks the resident up). */
export type BucketRef = { bucket: string } | { residentId: string };

export interface RecordTypeDef<T extends string = SyncType, Table extends string = SyncTable> {
  type: T;
  /** The local Dexie table. */
  table: Table;
  immutable: boolean;
  /** Ops a client may push for this type (`skip` is always allowed). */
  clientOps: readonly MutationOp[];
  /** Whether a losing value becomes a conflict. False for conflicts and notices: no conflicts about conflicts. */
  recordsConflicts: boolean;
  /** For rows attached to a resident: the field naming it (they move and are evicted with it). */
  parentField: string | null;
  /** Null when `data` lacks what the bucket depends on (e.g. a patch that does not move the record). */
  bucketOf(data: Readonly<Record<string, unknown>>): BucketRef | null;
}

const byResident = (data: Readonly<Record<string, unknown>>): BucketRef | null => (isUuid(data.residentId) ? { residentId: data.residentId } : null);
const byWorker = (data: Readonly<Record<string, unknown>>): BucketRef | null => (isUuid(data.userId) ? { bucket: bucketForWorker(data.userId) } : null);
/** A draft round is the planner's alone; published (or cancelled), it is its caregiver's. */
const byRoundState = (data: Readonly<Record<string, unknown>>): BucketRef | null => {
  if (data.status === 'draft') return { bucket: MUNICIPALITY_BUCKET };
  return typeof data.status === 'string' && isUuid(data.caregiverId) ? { bucket: bucketForWorker(data.caregiverId) } : null;
};

/** Checks each entry's `type` against its key and keeps the literal table names, so types derive from it. */
function registry<const D extends { readonly [K in keyof D]: RecordTypeDef<K & string, string> }>(defs: D): D {
  return defs;
}

/**
 * The one list of synced record types. Every other list (wire names, local tables, the type ↔ table maps,
 * the renderer's table names, immutable tables, resident-attached tables) is derived from it, at the type
 * level too: adding a type here makes the compiler ask for its schemas (records.ts), record type, table and
 * indexes elsewhere.
 */
const DEFINITIONS = registry({
  resident: {
    type: 'resident',
    table: 'residents',
    immutable: false,
    clientOps: ['create', 'patch', 'delete', 'restore'],
    recordsConflicts: true,
    parentField: null,
    bucketOf: (data) => {
      const c = data.communityId;
      return typeof c === 'string' && COMMUNITY_ID_RE.test(c) ? { bucket: bucketForCommunity(c) } : null;
    },
  },
  adl_assessment: {
    type: 'adl_assessment',
    table: 'assessments',
    immutable: true,
    clientOps: ['create', 'void'],
    recordsConflicts: true,
    parentField: 'residentId',
    bucketOf: byResident,
  },
  conflict: {
    type: 'conflict',
    table: 'conflicts',
    immutable: false,
    clientOps: ['patch'],
    recordsConflicts: false,
    parentField: null,
    bucketOf: () => ({ bucket: MUNICIPALITY_BUCKET }),
  },
  visit: {
    type: 'visit',
    table: 'visits',
    immutable: true,
    clientOps: ['create', 'void'],
    recordsConflicts: true,
    parentField: 'residentId',
    bucketOf: byResident,
  },
  visit_amendment: {
    type: 'visit_amendment',
    table: 'visitAmendments',
    immutable: true,
    clientOps: ['create'],
    recordsConflicts: true,
    parentField: 'residentId',
    bucketOf: byResident,
  },
  care_plan: {
    type: 'care_plan',
    table: 'carePlans',
    immutable: false,
    clientOps: ['create', 'patch'],
    recordsConflicts: true,
    parentField: 'residentId',
    bucketOf: byResident,
  },
  alert_ack: {
    type: 'alert_ack',
    table: 'alertAcks',
    immutable: true,
    clientOps: ['create'],
    recordsConflicts: true,
    parentField: 'residentId',
    bucketOf: byResident,
  },
  notice: {
    type: 'notice',
    table: 'notices',
    immutable: false,
    clientOps: ['patch'],
    recordsConflicts: false,
    parentField: null,
    bucketOf: (data) => (isUuid(data.userId) ? { bucket: bucketForUser(data.userId) } : null),
  },
  availability: {
    type: 'availability',
    table: 'availability',
    immutable: false,
    clientOps: ['create', 'patch'],
    recordsConflicts: true,
    parentField: null,
    bucketOf: byWorker,
  },
  leave: {
    type: 'leave',
    table: 'leaves',
    immutable: false,
    clientOps: ['create', 'patch', 'delete', 'restore'],
    recordsConflicts: true,
    parentField: null,
    bucketOf: byWorker,
  },
  holiday: {
    type: 'holiday',
    table: 'holidays',
    immutable: false,
    clientOps: ['create', 'patch', 'delete', 'restore'],
    recordsConflicts: true,
    parentField: null,
    bucketOf: () => ({ bucket: MUNICIPALITY_BUCKET }),
  },
  consent: {
    type: 'consent',
    table: 'consents',
    immutable: false,
    clientOps: ['create', 'patch'],
    recordsConflicts: true,
    parentField: 'residentId',
    bucketOf: byResident,
  },
  round_visit: {
    type: 'round_visit',
    table: 'roundVisits',
    immutable: false,
    clientOps: ['create', 'patch', 'delete', 'restore'],
    recordsConflicts: true,
    parentField: null,
    bucketOf: byRoundState,
  },
});

/** The registry's literal type (wire names, tables, parent fields as written), for type-level derivations. */
export type SyncRegistry = typeof DEFINITIONS;
export type SyncType = keyof SyncRegistry;
/** The local table of a synced type. */
export type TableOfType<T extends SyncType> = (typeof DEFINITIONS)[T]['table'];

/** The registry without schemas, as its readers use it: each entry a RecordTypeDef with its own wire name and table. */
export const RECORD_TYPES: { readonly [T in SyncType]: RecordTypeDef<T, TableOfType<T>> } = DEFINITIONS;
export type SyncTable = TableOfType<SyncType>;

/** Wire names, in registry order. */
export const SYNC_TYPE_NAMES = Object.keys(RECORD_TYPES) as readonly SyncType[];
/** Local table names, in registry order. */
export const SYNC_TABLE_NAMES: readonly SyncTable[] = SYNC_TYPE_NAMES.map((t) => RECORD_TYPES[t].table);

export const TABLE_OF_TYPE = Object.fromEntries(SYNC_TYPE_NAMES.map((t) => [t, RECORD_TYPES[t].table])) as { readonly [T in SyncType]: TableOfType<T> };
export const TYPE_OF_TABLE = Object.fromEntries(SYNC_TYPE_NAMES.map((t) => [RECORD_TYPES[t].table, t])) as Readonly<Record<SyncTable, SyncType>>;

export function isSyncType(t: string): t is SyncType {
  return (SYNC_TYPE_NAMES as readonly string[]).includes(t);
}

export function syncTypeOfTable(table: string): SyncType | null {
  return Object.hasOwn(TYPE_OF_TABLE, table) ? TYPE_OF_TABLE[table as SyncTable] : null;
}
