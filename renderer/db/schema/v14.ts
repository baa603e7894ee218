import type { SchemaVersion } from './types';

/**
 * Version 14: the funding reports' facts packed for reading (readModels/reportPacks.ts).
 * - reportResidentPacks: the resident facts in 32 packs, key the slot of their ids.
 * - reportVisitPacks: the visit facts in packs by month and slot, key `YYYY-MM|SS` (a period is one key range).
 * - reportVisits (one visit fact per row) is removed: the packs replace it (a month read in 64 rows instead of
 *   45,000, and a first sync that does not write 200,000 more rows).
 * No upgrade: like every read model they are built by the start-up check (the read-model version changed with
 * them), never inside an upgrade transaction.
 */
export const v14: SchemaVersion = {
  version: 14,
  stores: {
    reportResidentPacks: 'key',
    reportVisitPacks: 'key',
    reportVisits: null,
  },
};
