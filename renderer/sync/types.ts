/**
 * The sync client's local shapes (stored in the device database, so declared in renderer/db/syncRows.ts and
 * re-exported here) and the wire type ↔ local table map.
 */
export type { ConflictRecord, RejectedEntry, SignedInSession, SyncProblemCode, SyncStateKey, SyncStateRow } from '../db/syncRows';

/** The wire type ↔ local table maps, derived from the shared registry. */
export { TABLE_OF_TYPE, TYPE_OF_TABLE } from '../../shared/sync/recordTypes';
