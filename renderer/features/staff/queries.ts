/**
 * The staff page's reads, as live queries (docs/architecture.md "The write path": views read through live
 * queries, so a save or a pull refreshes them). `undefined` while loading.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useStore } from '../../app/StoreProvider';

/** The directory, every availability record, every leave and the communities (the caregivers list). */
export function useStaffList() {
  const { db } = useStore();
  return useLiveQuery(async () => {
    const [directory, availability, leaves, communities] = await Promise.all([db.directory.toArray(), db.availability.toArray(), db.leaves.toArray(), db.communities.toArray()]);
    return { directory, availability, leaves, communities };
  }, [db]);
}

/** One caregiver: her directory entry (null if this device does not know her), availability and leave. */
export function useCaregiver(userId: string) {
  const { db } = useStore();
  return useLiveQuery(async () => {
    const [user, availability, leaves, communities] = await Promise.all([db.directory.get(userId), db.availability.get(userId), db.leaves.where('userId').equals(userId).toArray(), db.communities.toArray()]);
    return { user: user ?? null, availability: availability && availability.deletedAt === null ? availability : null, leaves, communities };
  }, [db, userId]);
}

/** Every holiday record (the section filters the year). */
export function useHolidays() {
  const { db } = useStore();
  return useLiveQuery(() => db.holidays.toArray(), [db]);
}
