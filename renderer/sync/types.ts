/**
 * The sync client's local shapes (stored in the device database, so declared in renderer/db/syncRows.ts and
 * re-exported here) and the wire type ↔ local table map.
 */
import type { SyncType } from '../../shared/sync/records';
import type { SyncedTableName } from '../db/outbox';

export type { ConflictRecord, RejectedEntry, SignedInSession, SyncProblemCode, SyncStateKey, SyncStateRow } from '../db/syncRows';

export const TABLE_OF_TYPE: Readonly<Record<SyncType, SyncedTableName>> = {
  resident: 'residents',
  adl_assessment: 'assessments',
  conflict: 'conflicts',
  visit: 'visits',
  visit_amendment: 'visitAmendments',
  care_plan: 'carePlans',
  alert_ack: 'alertAcks',
};

export const TYPE_OF_TABLE: Readonly<Record<SyncedTableName, SyncType>> = {
  residents: 'resident',
  assessments: 'adl_assessment',
  visits: 'visit',
  visitAmendments: 'visit_amendment',
  carePlans: 'care_plan',
  alertAcks: 'alert_ack',
  conflicts: 'conflict',
};
