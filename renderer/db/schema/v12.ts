import type { SchemaVersion } from './types';

/**
 * Version 12: roundCells, the week planner's read model (readModels/roundCells.ts): one summary row per
 * caregiver-day of round visits (shared/rounds/grid.ts cellOf), key `<caregiverId> <date>`, by week. No
 * upgrade: like every read model it is built by the start-up check (the read-model version changed with
 * it), never inside an upgrade transaction.
 */
export const v12: SchemaVersion = {
  version: 12,
  stores: {
    roundCells: 'key, weekStart',
  },
};
