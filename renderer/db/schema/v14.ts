import type { SchemaVersion } from './types';

/**
 * Version 14: the funding reports' facts packed for reading (readModels/reportPacks.ts).
 * - reportResidentPacks: the resident facts in 32 packs, key the slot of their ids.
 * - reportVisitPacks: the visit facts in packs by month and slot, key `YYYY-MM|SS` (a period is one key range).
 * No upgrade: like every read model they are built by the start-up check (the read-model version changed with
 * them), never inside an upgrade transaction.
 */
export const v14: SchemaVersion = {
  version: 14,
  stores: {
    reportResidentPacks: 'key',
    reportVisitPacks: 'key',
  },
};
