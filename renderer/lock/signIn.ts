/**
 * What follows a successful online sign-in and a sign-out on the lock's side (docs/architecture.md "One
 * database per user"): the user's database chosen, the session moved into it when the sign-in happened in
 * another database (the lobby), the lobby emptied; and, on sign-out, the lobby opened with the server address.
 */
import Dexie from 'dexie';
import { openStore, type CareRoundsDb } from '../db/db';
import { setLocalUser } from '../db/meta';
import { readSavedServerUrl, readSession, saveServerUrl } from '../sync/state';
import type { SignedInSession } from '../sync/types';
import type { AppLock, RecoveryAccess } from './appLock';
import { LOBBY_DB_NAME } from './device';

/** After `auth.login` succeeded in `db`; returns the database to open (the caller re-mounts the store on it). */
/** `recovery`: the server's recovery key for this session's device (./recoveryKey.ts); null offline or in tests without a server. */
export async function completeSignIn(o: { lock: AppLock; db: CareRoundsDb; session: SignedInSession; password: string; legacyHolder: string | null; recovery?: RecoveryAccess | null }): Promise<string> {
  const { user } = o.session;
  const { dbName } = await o.lock.signedIn({ id: user.id, username: user.username, displayName: user.displayName }, o.password, o.legacyHolder, o.recovery ?? null);
  if (dbName === o.db.name) return dbName;
  const opened = await openStore(dbName);
  if (!opened.ok) throw new Error(`${opened.code}: ${opened.detail}`);
  const target = opened.db;
  try {
    const serverUrl = await readSavedServerUrl(o.db);
    await target.syncState.put({ key: 'session', session: o.session });
    if (serverUrl !== null) await saveServerUrl(target, serverUrl);
    await setLocalUser(target, { userId: user.id, displayName: user.displayName, role: user.role });
  } finally {
    target.close();
  }
  await o.db.syncState.delete('session');
  return dbName;
}

/** Once the store has moved on: the lobby holds nothing of anyone, so it is deleted (made anew at sign-out). */
export async function dropLobby(db: CareRoundsDb): Promise<void> {
  if (db.name !== LOBBY_DB_NAME) return;
  db.close();
  await Dexie.delete(LOBBY_DB_NAME);
}

/** After sign-out: the lobby, told the server's address so the sign-in form is offered offline too. */
export async function openLobby(lock: AppLock, from: CareRoundsDb): Promise<string> {
  const serverUrl = (await readSavedServerUrl(from)) ?? (await readSession(from))?.serverUrl ?? null;
  lock.signedOut();
  const name = lock.dbName();
  if (name !== from.name && serverUrl !== null) {
    const opened = await openStore(name);
    if (opened.ok) {
      await saveServerUrl(opened.db, serverUrl);
      opened.db.close();
    }
  }
  return name;
}

/** Deletes a signed-out user's database and lock record from this device (the caller checked nothing is unsent). */
export async function forgetUser(lock: AppLock, db: CareRoundsDb, userId: string): Promise<void> {
  db.close();
  await Dexie.delete(db.name);
  await lock.forget(userId);
}
