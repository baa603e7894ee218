/**
 * Migration tests, one per version (renderer/db/schema/v<N>.test.ts): a database is created at version N-1
 * as that version's app left it (its store lists alone, in real IndexedDB: fake-indexeddb under Node) and
 * filled with representative rows; it is then opened through the app's own path (openStore) with the versions
 * up to N, so exactly the upgrade to N runs, and the test checks what it left.
 */
import Dexie from 'dexie';
import { openStore, type CareRoundsDb } from '../db';
import { SCHEMA_VERSIONS } from './index';

const opened: Dexie[] = [];

/** Closes every database the helpers below opened (call in afterEach). */
export function closeMigrationDbs(): void {
  for (const db of opened.splice(0)) db.close();
}

/** Creates `name` at `version` (stores of versions 1..version) and lets `fill` write rows through plain Dexie. */
export async function createAt(name: string, version: number, fill: (db: Dexie) => Promise<unknown> = async () => undefined): Promise<void> {
  const old = new Dexie(name);
  for (const v of SCHEMA_VERSIONS.slice(0, version)) old.version(v.version).stores(v.stores);
  await old.open();
  try {
    await fill(old);
  } finally {
    old.close();
  }
}

/** Opens `name` as the app does, knowing versions 1..version (all of them by default): the upgrades run. */
export async function openAt(name: string, version: number = SCHEMA_VERSIONS.length): Promise<CareRoundsDb> {
  const result = await openStore(name, { versions: SCHEMA_VERSIONS.slice(0, version) });
  if (!result.ok) throw new Error(`${result.code}: ${result.detail}`);
  opened.push(result.db);
  if (result.db.verno !== version) throw new Error(`opened at version ${result.db.verno}, expected ${version}`);
  return result.db;
}
