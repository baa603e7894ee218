import type { SchemaVersion } from './types';

/**
 * Version 10: the synced records of weekly rounds (docs/domain.md §9, docs/sync-protocol.md §8):
 * - availability: one per caregiver (id = her user id), by work bucket;
 * - leaves: by caregiver and bucket;
 * - holidays: by date (the planner reads a week's), and bucket;
 * - roundVisits: by caregiver and date (a caregiver's day, a planner's column), by week (the planner's
 *   grid) and by resident (her rounds on the profile), and bucket (eviction when a visit moves to another
 *   caregiver).
 * All start empty: rounds are new records.
 */
export const v10: SchemaVersion = {
  version: 10,
  stores: {
    availability: 'id, bucket',
    leaves: 'id, bucket, userId',
    holidays: 'id, bucket, date',
    roundVisits: 'id, bucket, [caregiverId+date], weekStart, residentId',
  },
};
