import type { SchemaVersion } from './types';

/**
 * Version 1: residents, the community list, the outbox and device/clock metadata.
 * - residents: looked up by community (register filter), status (archive) and national ID (duplicates).
 * - outbox: keyed by the explicit mutation id `mid` (never auto-increment: mids are gap-free and
 *   continue from `meta.mid`, also after acknowledged entries are removed).
 * - meta: one row per key ('device', 'mid', 'hlc', 'user').
 */
export const v1: SchemaVersion = {
  version: 1,
  stores: {
    residents: 'id, communityId, status, nationalId',
    communities: 'id',
    outbox: 'mid',
    meta: 'key',
  },
};
