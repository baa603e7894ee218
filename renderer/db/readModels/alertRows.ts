/**
 * The alert rows (`alertRows`, schema v7): one per resident digest, equal to shared/alertRow.ts alertRowOf of
 * it. They are not a model of their own: whatever writes or removes digests (digests.ts in the middleware,
 * rebuild.ts) writes or removes the alert rows of the same residents in the same transaction, through the
 * functions here, so the two stores always hold the same residents.
 */
import type { DBCore, DBCoreTransaction } from 'dexie';
import { alertRowOf } from '../../../shared/alertRow';
import type { ResidentDigest } from '../../../shared/digest';
import { DIGESTS, writeRows } from './core';

export const ALERT_ROWS = 'alertRows';

/** Writes `puts` and removes `gone` in residentDigests, and the same residents' alert rows (DBCore level). */
export function writeDigestsAndAlertRows(core: DBCore, trans: DBCoreTransaction, puts: readonly ResidentDigest[], gone: readonly string[]): Promise<void> {
  return Promise.all([writeRows(core, trans, DIGESTS, puts, gone), writeRows(core, trans, ALERT_ROWS, puts.map(alertRowOf), gone)]).then(() => undefined);
}
