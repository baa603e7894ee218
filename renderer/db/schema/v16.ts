import type { SchemaVersion } from './types';

/**
 * Version 16: consents, the synced PDPA consent records (shared/consent.ts, docs/domain.md §8), by resident
 * (the profile's status; eviction and erasure with the resident) and bucket. Starts empty: consents are new
 * records.
 */
export const v16: SchemaVersion = {
  version: 16,
  stores: {
    consents: 'id, bucket, residentId',
  },
};
