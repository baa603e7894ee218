import type { SchemaVersion } from './types';

/**
 * Version 12:
 * - roundCells, the week planner's read model (readModels/roundCells.ts): one summary row per caregiver-day
 *   of round visits (shared/rounds/cells.ts cellOf), key `<caregiverId> <date>`, by week. No upgrade: like
 *   every read model it is built by the start-up check (the read-model version changed with it), never
 *   inside an upgrade transaction.
 * - roundGone, local only (db/roundGone.ts): a caregiver's published visits that left her device because the
 *   care manager gave them to someone else, until she acknowledges them; key `<roundId>|<userId>`, by user
 *   and date. Starts empty.
 */
export const v12: SchemaVersion = {
  version: 12,
  stores: {
    roundCells: 'key, weekStart',
    roundGone: 'key, [userId+date]',
  },
};
