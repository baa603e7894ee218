import { afterEach, describe, expect, it, vi } from 'vitest';
import { BridgeCallError } from '../../shared/bridge';
import { BLOCK_AFTER } from '../../shared/lock/policy';
import type { HostSecrets } from '../host/host';
import { AppLock, type RecoveryAccess } from './appLock';
import { DEVICE_LOCK_KEY, LOBBY_DB_NAME, memoryStore, readDevice } from './device';
import { Keyring, LockedError } from './keyring';
import { watchIdle } from './idle';
import { sealBytes } from './testing';

const PIN = '482916';
const PASSWORD = 'correct horse battery';
const ANN = { id: '0190a000-0000-7000-8000-00000000000a', username: 'ann', displayName: 'Ann' };
const BEN = { id: '0190a000-0000-7000-8000-00000000000b', username: 'ben', displayName: 'Ben' };

function memorySecrets(refuse = false): HostSecrets & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    get: (k) => (refuse ? Promise.reject(new BridgeCallError('secret_storage_unavailable')) : Promise.resolve(values.get(k) ?? null)),
    set: (k, v) => (refuse ? Promise.reject(new BridgeCallError('secret_storage_unavailable')) : Promise.resolve(void values.set(k, v))),
    delete: (k) => Promise.resolve(void values.delete(k)),
  };
}

/** A stand-in for the server's recovery keys (the real route is tested in recovery.test.ts): one per device id. */
function serverKeys() {
  const keys = new Map<string, Uint8Array<ArrayBuffer>>();
  const server = {
    fetches: 0,
    keyOf(deviceId: string) {
      let key = keys.get(deviceId);
      if (!key) keys.set(deviceId, (key = crypto.getRandomValues(new Uint8Array(32))));
      return key;
    },
    base64: (deviceId: string) => btoa(String.fromCharCode(...server.keyOf(deviceId))),
    access: (deviceId: string): RecoveryAccess => ({
      deviceId,
      fetchKey: () => {
        server.fetches++;
        return Promise.resolve(server.keyOf(deviceId));
      },
    }),
  };
  return server;
}

function setUp(opts: { refuse?: boolean; hostKind?: 'electron' | 'browser' } = {}) {
  let now = 1_700_000_000_000;
  const keyring = new Keyring();
  const store = memoryStore();
  const secrets = memorySecrets(opts.refuse);
  const lock = new AppLock({ store, keyring, secrets, hostKind: opts.hostKind ?? 'electron', now: () => now });
  return { lock, keyring, store, secrets, advance: (ms: number) => (now += ms) };
}

const bytes = (s: string) => new TextEncoder().encode(s);

describe('keyring', () => {
  it('throws locked while locked, round-trips while unlocked, and forgets the key on lock', async () => {
    const keyring = new Keyring();
    await expect(sealBytes(keyring, bytes('x'))).rejects.toBeInstanceOf(LockedError);
    await expect(keyring.decrypt(bytes('x'))).rejects.toMatchObject({ code: 'locked' });
    const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    keyring.unlock(key);
    const sealed = await sealBytes(keyring, bytes('สมศรี'));
    expect(new TextDecoder().decode(await keyring.decrypt(sealed))).toBe('สมศรี');
    keyring.lock();
    await expect(keyring.decrypt(sealed)).rejects.toMatchObject({ code: 'locked' });
  });

  it('refuses an extractable key', async () => {
    const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
    expect(() => new Keyring().unlock(key)).toThrow(TypeError);
  });
});

describe('app lock', () => {
  it('sets a PIN at first sign-in, opens locked, unlocks with the PIN only', async () => {
    const { lock, keyring } = setUp();
    expect(lock.phase().kind).toBe('signedOut');
    await lock.signedIn(ANN, PASSWORD);
    expect(lock.phase().kind).toBe('setUp');
    await lock.choose({ kind: 'pin', pin: PIN });
    expect(lock.phase().kind).toBe('unlocked');
    const sealed = await sealBytes(keyring, bytes('note'));
    lock.lock();
    expect(lock.phase()).toMatchObject({ kind: 'locked', secret: 'pin' });
    await expect(keyring.decrypt(sealed)).rejects.toMatchObject({ code: 'locked' });
    expect(await lock.unlock('111111')).toMatchObject({ ok: false, failures: 1 });
    expect(await lock.unlock(PIN)).toEqual({ ok: true });
    expect(new TextDecoder().decode(await keyring.decrypt(sealed))).toBe('note');
  });

  it('after a wipe order forgets the user\'s wraps and OS copy, keeps their database, and a sign-in asks for a new PIN', async () => {
    const { lock, keyring, store, secrets } = setUp();
    const { dbName } = await lock.signedIn(ANN, PASSWORD);
    await lock.choose({ kind: 'pin', pin: PIN });
    expect(secrets.values.size).toBe(1);
    await lock.forgetKeys(ANN.id);
    expect(keyring.unlocked).toBe(false);
    expect(readDevice(store).users[ANN.id]).toMatchObject({ dbName, pinWrap: null, passwordWrap: null, unlockWith: null, osWrap: 'none' });
    expect(secrets.values.size).toBe(0);
    expect(lock.dbName()).toBe(dbName);
    expect(await lock.unlock(PIN)).toMatchObject({ ok: false });
    await lock.signedIn(ANN, PASSWORD);
    expect(lock.phase().kind).toBe('setUp');
  });

  it('blocks after the 10th wrong PIN, refuses the right one, and an online sign-in restores the same key', async () => {
    const { lock, keyring, store, advance } = setUp();
    await lock.signedIn(ANN, PASSWORD);
    await lock.choose({ kind: 'pin', pin: PIN });
    const sealed = await sealBytes(keyring, bytes('kept'));
    lock.lock();
    for (let i = 0; i < BLOCK_AFTER; i++) {
      advance(24 * 3600_000);
      expect((await lock.unlock(`90817${i}`)).ok).toBe(false);
    }
    expect(lock.phase().kind).toBe('blocked');
    advance(24 * 3600_000);
    expect((await lock.unlock(PIN)).ok).toBe(false);
    expect(keyring.unlocked).toBe(false);
    expect(JSON.stringify(readDevice(store))).not.toContain(PIN);
    await lock.signedIn(ANN, PASSWORD);
    expect(lock.phase().kind).toBe('unlocked');
    expect(new TextDecoder().decode(await keyring.decrypt(sealed))).toBe('kept');
    lock.lock();
    expect((await lock.unlock(PIN)).ok).toBe(true);
  });

  it('waits between wrong PINs from the 5th without checking the PIN', async () => {
    const { lock } = setUp();
    await lock.signedIn(ANN, PASSWORD);
    await lock.choose({ kind: 'pin', pin: PIN });
    lock.lock();
    for (let i = 0; i < 5; i++) await lock.unlock('908172');
    const r = await lock.unlock(PIN);
    expect(r).toMatchObject({ ok: false, verdict: { kind: 'wait' } });
  });

  it('recovers through the OS secret store when the password changed since', async () => {
    const { lock, keyring } = setUp();
    await lock.signedIn(ANN, PASSWORD);
    await lock.choose({ kind: 'pin', pin: PIN });
    const sealed = await sealBytes(keyring, bytes('kept'));
    lock.signedOut();
    await lock.signedIn(ANN, 'a new password');
    expect(new TextDecoder().decode(await keyring.decrypt(sealed))).toBe('kept');
  });

  it('after a password reset in a browser, the recovery wrap and the server key bring back the same key and PIN', async () => {
    const { lock, keyring, store } = setUp({ hostKind: 'browser' });
    const server = serverKeys();
    await lock.signedIn(ANN, PASSWORD, null, server.access('dev-1'));
    await lock.choose({ kind: 'pin', pin: PIN });
    const sealed = await sealBytes(keyring, bytes('kept'));
    expect(readDevice(store).users[ANN.id]?.recoveryWrap).toMatchObject({ kind: 'aes-kw', deviceId: 'dev-1' });
    // The raw key is never kept on the device.
    expect(store.getItem(DEVICE_LOCK_KEY)).not.toContain(server.base64('dev-1'));
    lock.signedOut();
    await lock.signedIn(ANN, 'a new password', null, server.access('dev-1'));
    expect(lock.phase().kind).toBe('unlocked');
    expect(new TextDecoder().decode(await keyring.decrypt(sealed))).toBe('kept');
    lock.lock();
    expect((await lock.unlock(PIN)).ok).toBe(true);
    expect(server.fetches).toBe(2);
  });

  it('after a password reset without a usable recovery wrap, makes a new key and asks for a new PIN, as before', async () => {
    for (const variant of ['no wrap', 'another device', 'no answer'] as const) {
      const { lock, keyring } = setUp({ hostKind: 'browser' });
      const server = serverKeys();
      await lock.signedIn(ANN, PASSWORD, null, variant === 'no wrap' ? null : server.access('dev-1'));
      await lock.choose({ kind: 'pin', pin: PIN });
      const sealed = await sealBytes(keyring, bytes('lost'));
      lock.signedOut();
      const access = variant === 'another device' ? server.access('dev-2') : variant === 'no answer' ? { deviceId: 'dev-1', fetchKey: () => Promise.reject(new Error('offline')) } : null;
      await lock.signedIn(ANN, 'a new password', null, access);
      expect(lock.phase().kind, variant).toBe('setUp');
      await lock.choose({ kind: 'pin', pin: PIN });
      await expect(keyring.decrypt(sealed), variant).rejects.toThrow();
    }
  });

  it('keeps no PIN-less copy where the OS secret store is unsafe, and says so', async () => {
    const { lock, secrets, store } = setUp({ refuse: true });
    const r = await lock.signedIn(ANN, PASSWORD);
    expect(r.osWrap).toBe('refused');
    expect(secrets.values.size).toBe(0);
    await lock.choose({ kind: 'pin', pin: PIN });
    const text = store.getItem(DEVICE_LOCK_KEY) ?? '';
    expect(text).not.toContain(PIN);
    expect(text).not.toContain(PASSWORD);
  });

  it('lets a user unlock with the account password instead of a PIN', async () => {
    const { lock } = setUp({ hostKind: 'browser' });
    await lock.signedIn(ANN, PASSWORD);
    await lock.choose({ kind: 'password' });
    lock.lock();
    expect(lock.phase()).toMatchObject({ kind: 'locked', secret: 'password' });
    expect((await lock.unlock(PASSWORD)).ok).toBe(true);
  });

  it('gives the old unnamed database to the first user and its own database to each other', async () => {
    const { lock } = setUp();
    expect(lock.dbName()).toBe('carerounds');
    expect((await lock.signedIn(ANN, PASSWORD)).dbName).toBe('carerounds');
    lock.signedOut();
    expect(lock.dbName()).toBe(LOBBY_DB_NAME);
    const ben = await lock.signedIn(BEN, PASSWORD);
    expect(ben.dbName).toBe(`carerounds-u-${BEN.id}`);
    lock.signedOut();
    expect((await lock.signedIn(ANN, PASSWORD)).dbName).toBe('carerounds');
  });

  it('gives the old database to the user whose session it held, not to whoever signs in first', async () => {
    const { lock } = setUp();
    expect((await lock.signedIn(BEN, PASSWORD, ANN.id)).dbName).toBe(`carerounds-u-${BEN.id}`);
    lock.signedOut();
    expect((await lock.signedIn(ANN, PASSWORD)).dbName).toBe('carerounds');
  });
});

describe('idle lock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('locks after 5 idle minutes, and activity postpones it', async () => {
    vi.useFakeTimers();
    const { lock, keyring } = setUp();
    await lock.signedIn(ANN, PASSWORD);
    await lock.choose({ kind: 'pin', pin: PIN });
    const sealed = await sealBytes(keyring, bytes('x'));
    const target = new EventTarget();
    const stop = watchIdle({ target, minutes: () => 5, onIdle: () => lock.lock(), now: () => Date.now() });
    vi.advanceTimersByTime(4 * 60_000);
    target.dispatchEvent(new Event('keydown'));
    vi.advanceTimersByTime(4 * 60_000);
    expect(keyring.unlocked).toBe(true);
    vi.advanceTimersByTime(60_000);
    expect(keyring.unlocked).toBe(false);
    await expect(keyring.decrypt(sealed)).rejects.toMatchObject({ code: 'locked' });
    stop();
  });
});
