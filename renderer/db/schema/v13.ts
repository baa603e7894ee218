import type { SchemaVersion } from './types';

/**
 * Version 13: the funding reports' read models (readModels/reportRows.ts).
 * - reportResidents: the report fact (shared/reports/facts.ts residentFactOf) of every live resident, key `id`.
 * - reportVisits: the report fact (visitFactOf) of every live visit, key `id`, by service `date` (the Reports
 *   page reads a period's facts through it).
 * No upgrade: like every read model they are built by the start-up check (the read-model version changed with
 * them), never inside an upgrade transaction.
 */
export const v13: SchemaVersion = {
  version: 13,
  stores: {
    reportResidents: 'id',
    reportVisits: 'id, date',
  },
};
