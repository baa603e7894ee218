import type { SchemaVersion } from './types';

/**
 * Version 3: sync.
 * - residents, assessments: a `bucket` index (the server's visibility unit, stored on pulled rows), so a
 *   bucket eviction finds its rows without a scan. Rows written before the first pull have no bucket and are
 *   simply not in the index.
 * - conflicts: conflict records pulled from the server (care managers), by status for the inbox.
 * - syncState: one row per key (cursor, session, server URL, last sync, deferred evictions). Not synced.
 * - syncRejected: copies of outbox entries the server refused or that were withdrawn, keyed by mid, shown
 *   to the user as "not sent". Never deleted automatically.
 * - residents: a `birthDate.value` index, so the same-name-and-birth-date duplicate check on save reads the
 *   few residents born on that date instead of the whole register.
 * No upgrade: nothing existing changes shape.
 */
export const v3: SchemaVersion = {
  version: 3,
  stores: {
    residents: 'id, communityId, status, nationalId, latestAdl.group, bucket, birthDate.value',
    assessments: 'id, residentId, [residentId+assessedOn], bucket',
    conflicts: 'id, status, recordId, bucket',
    syncState: 'key',
    syncRejected: 'mid',
  },
};
