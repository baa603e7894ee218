/**
 * Obeying a wipe order (docs/sync-protocol.md §4 "Wipe order", docs/security.md §3): an administrator
 * revoked this device and ordered its data erased, a lost laptop being the case.
 *
 * Invariants:
 * - Every store of the local database is emptied, the outbox and the rejected copies included, in ONE
 *   IndexedDB transaction that also writes the wipe marker: after it either nothing was erased or everything
 *   was, and the marker says so. The database's own stores are cleared below Dexie, so no read-model upkeep
 *   reads the records on the way out.
 * - Then the host (Electron main, or the browser's key store) forgets the device key and the refresh token
 *   and confirms the wipe with that token (POST /auth/wiped, HostAuth.confirmWiped), best-effort: the data
 *   is gone whether or not the server heard, and a host that fails is reported, not a reason to stop.
 * - The database erased is the one the engine syncs, which is the signed-in user's own (docs/architecture.md
 *   "One database per user"); after it the app lock forgets that user's wrapped data keys (AppLock.forgetKeys),
 *   so nothing left on the device opens with their PIN.
 * - The marker holds no personal data: the times of the order and of the wipe. The app shows the wiped
 *   screen while it is there (state.ts readWipeMarker).
 */
import type { ErrorBody } from '../../shared/sync/protocol';
import type { CareRoundsDb } from '../db/db';
import type { HostAuth } from '../host/host';
import type { SyncStateRow } from './types';

export type WipeOrder = NonNullable<ErrorBody['error']['wipe']>;
export type WipeMarker = Extract<SyncStateRow, { key: 'wiped' }>;

export interface WipeOptions {
  db: CareRoundsDb;
  auth: Pick<HostAuth, 'confirmWiped'>;
  order: WipeOrder;
  /** The app lock's user whose database `db` is; absent on a device without accounts. */
  lock?: { userId: string; forgetKeys(userId: string): Promise<void> };
  now?: () => number;
}

/** Empties every store and writes the marker, atomically. */
async function eraseStores(db: CareRoundsDb, marker: WipeMarker): Promise<void> {
  const idb = db.backendDB();
  const names = [...idb.objectStoreNames];
  await new Promise<void>((resolve, reject) => {
    const tx = idb.transaction(names, 'readwrite');
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('wipe failed'));
    tx.onabort = () => reject(tx.error ?? new Error('wipe aborted'));
    for (const name of names) tx.objectStore(name).clear();
    tx.objectStore(db.syncState.name).put(marker);
  });
}

/** Erases this device's data and tokens, then tells the server (best-effort). */
export async function wipeDevice(o: WipeOptions): Promise<WipeMarker> {
  const now = o.now ?? Date.now;
  const marker: WipeMarker = { key: 'wiped', orderedAt: o.order.orderedAt, wipedAt: new Date(now()).toISOString() };
  await eraseStores(o.db, marker);
  // The data is gone whatever happens next.
  await o.auth.confirmWiped().catch((err: unknown) => console.error('the device key and token could not be forgotten, or the wipe not confirmed', err));
  // Last, as it locks the app (the screen changes): the host has confirmed with the token it still held.
  if (o.lock) await o.lock.forgetKeys(o.lock.userId).catch((err: unknown) => console.error('the app lock could not forget the keys', err));
  return marker;
}
