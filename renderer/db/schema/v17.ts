import type { SchemaVersion } from './types';

/**
 * Version 17: consents, the synced PDPA consent records (shared/consent.ts, docs/domain.md §8), by resident
 * (the profile's status; eviction and erasure with the resident) and bucket. Starts empty: consents are new
 * records.
 */
export const v17: SchemaVersion = {
  version: 17,
  stores: {
    consents: 'id, bucket, residentId',
  },
};
