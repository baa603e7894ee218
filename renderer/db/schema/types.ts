import type { Transaction } from 'dexie';

/**
 * One version of the local database. Versions are forward-only: a file, once released, never changes; a
 * change is a new file. `stores` lists only what this version adds or changes (Dexie merges versions);
 * `null` would delete a store and is therefore never used (data is never dropped, docs/architecture.md "Conventions" 6).
 * `upgrade` rewrites existing rows inside the version-change transaction; if it throws, IndexedDB aborts
 * the whole upgrade and the database stays at the previous version with its data.
 */
export interface SchemaVersion {
  version: number;
  stores: Record<string, string | null>;
  upgrade?: (tx: Transaction) => Promise<void>;
}
