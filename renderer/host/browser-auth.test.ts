// The browser host's device-bound sign-in against a real server (fake-indexeddb, Node's WebCrypto).
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { HostAuthAnswer } from '../../shared/sync/deviceSession';
import { base, startRealServer } from '../sync/testing';
import { DEVICE_KEY_ID, DEVICE_SESSION_SECRET } from './browser-auth';
import { KEYS_DB_NAME, createBrowserHost } from './browser-host';

startRealServer();

const PASSWORD = 'correct horse battery';

function readRaw(idb: IDBFactory, store: string): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const open = idb.open(KEYS_DB_NAME);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const all = open.result.transaction(store, 'readonly').objectStore(store).getAll();
      all.onerror = () => reject(all.error);
      all.onsuccess = () => {
        open.result.close();
        resolve(all.result);
      };
    };
  });
}

function ok(a: HostAuthAnswer) {
  if (!a.ok) throw new Error(`refused: ${a.code}`);
  return a;
}

async function storedState(host: ReturnType<typeof createBrowserHost>): Promise<{ deviceId: string; refreshToken: string; origin: string; clockOffsetMs: number }> {
  return JSON.parse((await host.secrets.get(DEVICE_SESSION_SECRET)) ?? 'null') as never;
}

describe('browser host sign-in with a device key', () => {
  it('keeps a non-extractable signing key in IndexedDB and the token only encrypted; answers hold no token', async () => {
    const idb = new IDBFactory();
    const host = createBrowserHost({ indexedDB: idb });
    const signedIn = ok(await host.auth.signIn({ origin: base, username: 'malee', password: PASSWORD, deviceName: 'browser' }));
    const refreshed = ok(await host.auth.refresh());
    const token = (await storedState(host)).refreshToken;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify([signedIn, refreshed])).not.toContain(token);

    const keys = (await readRaw(idb, 'keys')) as { privateKey?: CryptoKey }[];
    const device = keys.find((k) => k.privateKey !== undefined);
    expect(device?.privateKey?.extractable).toBe(false);
    expect(device?.privateKey?.usages).toEqual(['sign']);
    const raw = JSON.stringify((await readRaw(idb, 'secrets')).map((r) => Array.from(new Uint8Array((r as { data: ArrayBuffer }).data))));
    expect(raw).not.toContain(JSON.stringify(Array.from(new TextEncoder().encode(token))).slice(1, -1));
    expect(DEVICE_KEY_ID).toBe('device-ecdsa-p256-v1');
  });

  it('a token copied into another browser profile is refused there, and the first keeps working', async () => {
    const owner = createBrowserHost({ indexedDB: new IDBFactory() });
    ok(await owner.auth.signIn({ origin: base, username: 'malee', password: PASSWORD, deviceName: 'owner' }));
    const thief = createBrowserHost({ indexedDB: new IDBFactory() });
    ok(await thief.auth.signIn({ origin: base, username: 'nid', password: PASSWORD, deviceName: 'thief' }));
    // The thief's profile now holds the owner's token and device id, but signs with its own key.
    await thief.secrets.set(DEVICE_SESSION_SECRET, JSON.stringify(await storedState(owner)));
    expect(await thief.auth.refresh()).toEqual({ ok: false, code: 'proof_invalid' });
    expect(ok(await owner.auth.refresh()).user.username).toBe('malee');
  });

  it('resends a refresh whose answer was lost, unchanged, and gets the same pair', async () => {
    const bodies: string[] = [];
    let drop = false;
    const dropped: { accessToken?: string } = {};
    const host = createBrowserHost({
      indexedDB: new IDBFactory(),
      fetch: async (input, init) => {
        const res = await fetch(input, init);
        if (input.endsWith('/auth/refresh')) bodies.push(String(init?.body));
        if (drop) {
          drop = false;
          dropped.accessToken = ((await res.json()) as { accessToken: string }).accessToken;
          throw new TypeError('Failed to fetch');
        }
        return res;
      },
    });
    ok(await host.auth.signIn({ origin: base, username: 'malee', password: PASSWORD, deviceName: 'flaky' }));
    drop = true;
    expect(await host.auth.refresh()).toEqual({ ok: false, code: 'network' });
    const again = ok(await host.auth.refresh());
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toBe(bodies[0]);
    expect(again.accessToken).toBe(dropped.accessToken);
    ok(await host.auth.refresh());
  });

  it('signing out forgets the key and the token', async () => {
    const idb = new IDBFactory();
    const host = createBrowserHost({ indexedDB: idb });
    ok(await host.auth.signIn({ origin: base, username: 'malee', password: PASSWORD, deviceName: 'leaving' }));
    await host.auth.signOut();
    expect(await host.secrets.get(DEVICE_SESSION_SECRET)).toBeNull();
    expect(((await readRaw(idb, 'keys')) as { privateKey?: unknown }[]).filter((k) => k.privateKey !== undefined)).toEqual([]);
    expect(await host.auth.refresh()).toEqual({ ok: false, code: 'signed_out' });
  });
});
