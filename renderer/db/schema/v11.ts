import type { SchemaVersion } from './types';

/**
 * Version 11: roundSeen, what a caregiver last acknowledged of each of her round visits that changed after
 * publishing (docs/domain.md §9, shared/rounds/changed.ts), one row per visit and user (key
 * `<roundId>|<userId>`), by user. Local only: never synced, never in the outbox. Starts empty (nothing
 * acknowledged yet), so no upgrade.
 */
export const v11: SchemaVersion = {
  version: 11,
  stores: {
    roundSeen: 'key, userId',
  },
};
