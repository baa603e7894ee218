import type { SchemaVersion } from './types';

/**
 * Version 18: the residents' hashed indexes for a device whose records are sealed (docs/security.md §3
 * "Records at rest"): `nidHash` and `dobHash` hold keyed hashes of the national ID and the birth date, which
 * the duplicate check asks by equality. The plain `nationalId` and `birthDate.value` indexes stay: a device
 * without a data key keeps its rows plain and uses them; on a sealed row they are empty. No rows change here
 * (an upgrade cannot hold the data key): rows written before sealing are sealed when next written.
 */
export const v18: SchemaVersion = {
  version: 18,
  stores: {
    residents: 'id, communityId, status, nationalId, latestAdl.group, bucket, birthDate.value, nidHash, dobHash',
  },
};
