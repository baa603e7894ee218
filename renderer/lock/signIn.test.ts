import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type CareRoundsDb } from '../db/db';
import { createRecord } from '../db/repository';
import { buildProfile } from '../db/testing';
import { readSavedServerUrl, readSession, saveServerUrl } from '../sync/state';
import type { SignedInSession } from '../sync/types';
import { AppLock } from './appLock';
import { LOBBY_DB_NAME, memoryStore } from './device';
import { Keyring } from './keyring';
import { completeSignIn, dropLobby, forgetUser, openLobby } from './signIn';

const SERVER = 'https://care.example.go.th';
const ANN = { id: '0190a000-0000-7000-8000-00000000000a', username: 'ann', displayName: 'Ann', role: 'caregiver' as const, communities: ['c-01'] };
const BEN = { id: '0190a000-0000-7000-8000-00000000000b', username: 'ben', displayName: 'Ben', role: 'caregiver' as const, communities: ['c-02'] };

const session = (user: typeof ANN): SignedInSession => ({ serverUrl: SERVER, user, deviceId: '0190a000-0000-7000-8000-0000000000d1', signedInAt: '2026-01-05T08:00:00.000Z' });

const opened: CareRoundsDb[] = [];
async function open(name: string): Promise<CareRoundsDb> {
  const r = await openStore(name);
  if (!r.ok) throw new Error(r.code);
  opened.push(r.db);
  return r.db;
}

afterEach(async () => {
  for (const db of opened.splice(0)) db.close();
  for (const name of await Dexie.getDatabaseNames()) await Dexie.delete(name);
});

function newLock(): AppLock {
  const secrets = { get: () => Promise.resolve(null), set: () => Promise.resolve(), delete: () => Promise.resolve() };
  return new AppLock({ store: memoryStore(), keyring: new Keyring(), secrets, hostKind: 'browser' });
}

describe('one database per user', () => {
  it("gives an existing device's database, records and unsent changes included, to the user signed in there", async () => {
    // A device of the previous version: one database, Ann's session and an unsent resident in it.
    const old = await open('carerounds');
    await old.syncState.put({ key: 'session', session: session(ANN) });
    await createRecord(old, 'residents', { ...buildProfile(), status: 'active', statusDate: null, statusReason: '', latestAdl: null }, { userId: ANN.id });
    const outbox = await old.outbox.toArray();
    expect(outbox).toHaveLength(1);

    // Ben signs in there first: the old database stays Ann's; Ben gets his own, without her records.
    const lock = newLock();
    const benDb = await completeSignIn({ lock, db: old, session: session(BEN), password: 'pw-ben-1', legacyHolder: ANN.id });
    expect(benDb).toBe(`carerounds-u-${BEN.id}`);
    const ben = await open(benDb);
    expect((await readSession(ben))?.user.id).toBe(BEN.id);
    expect(await ben.residents.count()).toBe(0);
    expect(await ben.outbox.count()).toBe(0);
    expect(await readSession(old)).toBeNull();

    // Ann signs in again: her database is the old one, every record and unsent change as it was.
    await openLobby(lock, ben);
    await old.syncState.put({ key: 'session', session: session(ANN) });
    expect(await completeSignIn({ lock, db: old, session: session(ANN), password: 'pw-ann-1', legacyHolder: ANN.id })).toBe('carerounds');
    expect(await old.residents.count()).toBe(1);
    expect(await old.outbox.toArray()).toEqual(outbox);
  });

  it('signs a second user in from the lobby, moves the session out and removes the lobby; sign-out may remove a database', async () => {
    const lock = newLock();
    const first = await open('carerounds');
    await first.syncState.put({ key: 'session', session: session(ANN) });
    expect(await completeSignIn({ lock, db: first, session: session(ANN), password: 'pw-ann-1', legacyHolder: null })).toBe('carerounds');
    await saveServerUrl(first, SERVER);

    expect(await openLobby(lock, first)).toBe(LOBBY_DB_NAME);
    const lobby = await open(LOBBY_DB_NAME);
    expect(await readSavedServerUrl(lobby)).toBe(SERVER);
    await lobby.syncState.put({ key: 'session', session: session(BEN) });
    const benName = await completeSignIn({ lock, db: lobby, session: session(BEN), password: 'pw-ben-1', legacyHolder: null });
    await dropLobby(lobby);
    expect(await Dexie.getDatabaseNames()).not.toContain(LOBBY_DB_NAME);
    const ben = await open(benName);
    expect((await readSession(ben))?.user.id).toBe(BEN.id);
    expect(await readSavedServerUrl(ben)).toBe(SERVER);

    await openLobby(lock, ben);
    await forgetUser(lock, ben, BEN.id);
    expect(await Dexie.getDatabaseNames()).not.toContain(benName);
    expect(await Dexie.getDatabaseNames()).toContain('carerounds');
    expect(lock.phase().kind).toBe('signedOut');
  });
});
