import { useLiveQuery } from 'dexie-react-hooks';
import type { ConsentRecord } from '../../db/records';
import { useStore } from '../../app/StoreProvider';

/** The resident's consents on this device, oldest first. */
export function useConsents(residentId: string): ConsentRecord[] | undefined {
  const { db } = useStore();
  return useLiveQuery(async () => (await db.consents.where('residentId').equals(residentId).toArray()).sort((a, b) => (a.givenOn < b.givenOn ? -1 : a.givenOn > b.givenOn ? 1 : a.id < b.id ? -1 : 1)), [db, residentId]);
}
