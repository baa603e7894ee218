/**
 * Reference data for a new device. Communities are not outbox-tracked: they are the municipality's list,
 * not user data; once the server exists its list replaces this seed through the pull.
 */
import { SEED_COMMUNITIES } from '../../shared/reference/communities';
import type { CareRoundsDb } from './db';

/** Puts the seed communities when the table is empty; returns how many were added. */
export function ensureCommunities(db: CareRoundsDb): Promise<number> {
  return db.transaction('rw', db.communities, async () => {
    if ((await db.communities.count()) > 0) return 0;
    await db.communities.bulkAdd(SEED_COMMUNITIES.map((c) => ({ ...c })));
    return SEED_COMMUNITIES.length;
  });
}
