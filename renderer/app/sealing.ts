/**
 * Which database is sealed (docs/security.md §3 "Records at rest"): a signed-in user's own, whose data key
 * the app lock holds. The lobby, and the database of a device used without a server (no accounts, no data
 * key), stay plain.
 */
import { Sealer } from '../db/crypto/sealer';
import { readDevice, type KeyValueStore } from '../lock/device';
import { keyring } from '../lock/keyring';

/**
 * Always true in the app. False only in the unsealed variant the `crypto.sync.initial_overhead` benchmark
 * builds into its own folder to measure what sealing costs (vite.config.ts `__SEAL_RECORDS__`); no package is
 * made from that folder.
 */
const SEALING = typeof __SEAL_RECORDS__ === 'undefined' || __SEAL_RECORDS__;

/** The page's one sealer, over the app's keyring. */
export const sealer = new Sealer(keyring);

/** Databases found sealed in this page: they stay so (a user forgetting hers must not re-open it plain while it is deleted). */
const sealedNames = new Set<string>();

export function sealerFor(store: KeyValueStore, dbName: string): Sealer | undefined {
  if (!SEALING) return undefined;
  if (Object.values(readDevice(store).users).some((u) => u.dbName === dbName)) sealedNames.add(dbName);
  return sealedNames.has(dbName) ? sealer : undefined;
}

/** Runs `fn` now if the records can be read (plain, or unlocked), else at the next unlock; returns a cancel. */
export function whenReadable(sealed: boolean, fn: () => void): () => void {
  if (!sealed || keyring.unlocked) {
    fn();
    return () => undefined;
  }
  const stop = keyring.subscribe(() => {
    if (!keyring.unlocked) return;
    stop();
    fn();
  });
  return stop;
}
