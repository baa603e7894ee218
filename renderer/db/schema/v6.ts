import type { SchemaVersion } from './types';

/**
 * Version 6: `residentDigests`, the per-resident digest read model (shared/digest.ts, kept by
 * renderer/db/readModels), keyed by resident id. No index: its readers read the whole store or one row.
 *
 * No upgrade function, on purpose: this file is frozen, and building digests needs the digest code, which
 * changes with later versions. The store is created empty; the read models' build marker (a meta row) is then
 * absent, so the start-up check (readModels/rebuild.ts ensureReadModels) builds the digests with the current,
 * versioned builder, outside the version-change transaction and with progress shown to the user.
 */
export const v6: SchemaVersion = {
  version: 6,
  stores: {
    residentDigests: 'id',
  },
};
