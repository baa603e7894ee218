/**
 * The recovery wrap end to end, against the real server over real HTTP (renderer/sync/testing.ts): a browser
 * host signs in, the app lock wraps the data key under the server's recovery key, an administrator resets the
 * password, and the next sign-in on this device brings back the same data key (docs/security.md §3).
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openStore } from '../db/db';
import { freshDbName } from '../db/testing';
import { createBrowserHost } from '../host/browser-host';
import { SyncAuth } from '../sync/auth';
import { base, h, startRealServer } from '../sync/testing';
import { AppLock } from './appLock';
import { memoryStore, readDevice } from './device';
import { sealBytes } from './testing';
import { Keyring } from './keyring';
import { serverRecoveryKey } from './recoveryKey';

startRealServer();

interface UsersModule {
  setPassword(db: unknown, id: string, password: string, nowMs: number): Promise<unknown>;
}
const serverDir = '../../server';
const users = () => import(/* @vite-ignore */ `${serverDir}/users.ts`) as Promise<UsersModule>;

const PIN = '482916';
const bytes = (s: string) => new TextEncoder().encode(s);

async function browserDevice(username: string) {
  const opened = await openStore(freshDbName(username));
  if (!opened.ok) throw new Error(opened.detail);
  const host = createBrowserHost({ indexedDB: new IDBFactory(), fetch: (input, init) => fetch(input, init) });
  const auth = new SyncAuth({ db: opened.db, host: host.auth });
  const keyring = new Keyring();
  const secrets = { get: () => Promise.resolve(null), set: () => Promise.resolve(), delete: () => Promise.resolve() };
  const store = memoryStore();
  const lock = new AppLock({ store, keyring, secrets, hostKind: 'browser' });
  /** The sign-in page's steps: the host signs in, then the app lock recovers or makes the key. */
  const signIn = async (password: string) => {
    const r = await auth.login(base, { username, password, deviceName: `${username}'s browser`, ...lock.deviceIdFor(username) });
    if (!r.ok) throw new Error(`login ${username}: ${r.code}`);
    const { user, deviceId } = r.session;
    await lock.signedIn(user, password, null, serverRecoveryKey({ baseUrl: base, tokens: auth, deviceId }));
    return r.session;
  };
  return { db: opened.db, auth, keyring, lock, store, signIn };
}

describe('recovery wrap (browser host, real server)', () => {
  it('after an administrator resets the password, the next sign-in here brings back the same data key and PIN', async () => {
    const user = await h.makeUser('rosa', 'caregiver', ['c-01'], 'rosa first password');
    const d = await browserDevice('rosa');
    const first = await d.signIn('rosa first password');
    await d.lock.choose({ kind: 'pin', pin: PIN });
    const sealed = await sealBytes(d.keyring, bytes('บันทึกเดิม'));
    expect(readDevice(d.store).users[user.id]?.recoveryWrap?.deviceId).toBe(first.deviceId);

    await (await users()).setPassword(h.db, user.id, 'rosa second password', Date.now());
    // The reset ended the session: the refresh is refused and only a new sign-in helps.
    expect(await d.auth.refresh()).toBeNull();
    d.lock.lock();
    const again = await d.signIn('rosa second password');
    expect(again.deviceId).toBe(first.deviceId);
    expect(d.lock.phase().kind).toBe('unlocked');
    expect(new TextDecoder().decode(await d.keyring.decrypt(sealed))).toBe('บันทึกเดิม');
    d.lock.lock();
    expect((await d.lock.unlock(PIN)).ok).toBe(true);

    const audited = await h.db.query("SELECT count(*)::int AS n FROM audit_log WHERE action = 'recovery.key' AND device_id = $1", [first.deviceId]);
    expect(audited.rows[0]?.n).toBe(2);
    d.db.close();
  });

  it('a user who signed out signs in as the same device again, so a reset while signed out still brings back the data key', async () => {
    const user = await h.makeUser('noi', 'caregiver', ['c-01'], 'noi first password');
    const d = await browserDevice('noi');
    const first = await d.signIn('noi first password');
    await d.lock.choose({ kind: 'pin', pin: PIN });
    const sealed = await sealBytes(d.keyring, bytes('บันทึกก่อนออกจากระบบ'));
    await d.auth.logout();
    d.lock.lock();

    await (await users()).setPassword(h.db, user.id, 'noi second password', Date.now());
    const again = await d.signIn('noi second password');
    expect(again.deviceId).toBe(first.deviceId);
    expect(d.lock.phase().kind).toBe('unlocked');
    expect(new TextDecoder().decode(await d.keyring.decrypt(sealed))).toBe('บันทึกก่อนออกจากระบบ');
    const devices = await h.db.query('SELECT count(*)::int AS n FROM devices WHERE user_id = $1', [user.id]);
    expect(devices.rows[0]?.n).toBe(1);
    d.db.close();
  });

  it('without a recovery wrap (a device that signed in before it existed) a reset still means a new key and PIN', async () => {
    const user = await h.makeUser('lek', 'caregiver', ['c-01'], 'lek first password');
    const d = await browserDevice('lek');
    await d.signIn('lek first password');
    await d.lock.choose({ kind: 'pin', pin: PIN });
    const sealed = await sealBytes(d.keyring, bytes('x'));
    // As written by the version before recovery wraps.
    const device = readDevice(d.store);
    const { recoveryWrap: _dropped, ...old } = device.users[user.id] ?? { recoveryWrap: null };
    d.store.setItem('carerounds.device-lock', JSON.stringify({ ...device, users: { [user.id]: old } }));

    await (await users()).setPassword(h.db, user.id, 'lek second password', Date.now());
    await d.signIn('lek second password');
    expect(d.lock.phase().kind).toBe('setUp');
    await d.lock.choose({ kind: 'pin', pin: PIN });
    await expect(d.keyring.decrypt(sealed)).rejects.toThrow();
    // The new key is wrapped for recovery from now on.
    expect(readDevice(d.store).users[user.id]?.recoveryWrap).toMatchObject({ kind: 'aes-kw' });
    d.db.close();
  });
});
