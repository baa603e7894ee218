import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openStore } from '../db/db';
import { buildProfile, freshDbName } from '../db/testing';
import { Sealer } from '../db/crypto/sealer';
import { createResident } from '../db/residents';
import { Keyring } from '../lock/keyring';
import { SyncEngine, readEvents } from './engine';
import { ageParts } from '../features/sync/SyncStatus';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream({
    start(c) {
      for (const ch of chunks) c.enqueue(enc.encode(ch));
      c.close();
    },
  });
}

describe('readEvents', () => {
  it('reports changed events split across chunks, ignoring pings, other events and bad data', async () => {
    const seen: number[] = [];
    const body = streamOf([': ping\n\n', 'event: chan', 'ged\ndata: {"seq":12}\n\n', 'event: other\ndata: {"seq":1}\n\n', 'event: changed\r\ndata: nonsense\r\n\r\n', 'event: changed\ndata: {"seq":13}\n\n']);
    await readEvents(body, new AbortController().signal, (s) => seen.push(s));
    expect(seen).toEqual([12, 13]);
  });
});

describe('ageParts', () => {
  it('uses minutes, then hours, then days', () => {
    expect(ageParts(59 * 60_000)).toEqual({ key: 'sync.age.minutes', n: 59 });
    expect(ageParts(3 * 3600_000)).toEqual({ key: 'sync.age.hours', n: 3 });
    expect(ageParts(5 * 86_400_000)).toEqual({ key: 'sync.age.days', n: 5 });
  });
});

describe('SyncEngine offline', () => {
  it('makes no request while the system reports no network, except for "sync now"', async () => {
    const opened = await openStore(freshDbName('engine-offline'));
    if (!opened.ok) throw new Error(opened.detail);
    const requested: string[] = [];
    let online = false;
    const engine = new SyncEngine({
      db: opened.db,
      baseUrl: 'http://127.0.0.1:9',
      tokens: { accessToken: () => Promise.resolve('token'), refresh: () => Promise.resolve(null) },
      fetch: (input) => {
        requested.push(String(input));
        return Promise.reject(new TypeError('Failed to fetch'));
      },
      isOnline: () => online,
    });
    try {
      await engine.start();
      await new Promise((r) => setTimeout(r, 50));
      expect(requested).toEqual([]);
      expect(engine.getSnapshot().phase).toBe('idle');

      await engine.syncNow();
      expect(requested.length).toBeGreaterThan(0);
      expect(engine.getSnapshot().phase).toBe('retrying');

      // Once the network is back, automatic attempts resume (here: the retry the failure scheduled).
      online = true;
      requested.length = 0;
      await engine.syncNow();
      expect(requested.length).toBeGreaterThan(0);
    } finally {
      engine.stop();
      opened.db.close();
    }
  });
});

describe('SyncEngine on a sealed database', () => {
  it('stops quietly at the lock, with no error and no retry, and goes on at the unlock', async () => {
    const keyring = new Keyring();
    const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    keyring.unlock(key);
    const opened = await openStore(freshDbName('engine-sealed'), { sealer: new Sealer(keyring) });
    if (!opened.ok) throw new Error(opened.detail);
    await createResident(opened.db, buildProfile(), { userId: 'u-1' });
    keyring.lock();
    const requested: string[] = [];
    const engine = new SyncEngine({
      db: opened.db,
      baseUrl: 'http://127.0.0.1:9',
      tokens: { accessToken: () => Promise.resolve('token'), refresh: () => Promise.resolve(null) },
      fetch: (input) => {
        requested.push(String(input));
        return Promise.reject(new TypeError('Failed to fetch'));
      },
      events: false,
      isOnline: () => true,
    });
    try {
      await engine.start();
      await new Promise((r) => setTimeout(r, 50));
      expect(engine.getSnapshot()).toMatchObject({ phase: 'idle', lastError: null, retryAt: null });
      expect(requested).toEqual([]);

      keyring.unlock(key);
      engine.resume();
      await new Promise((r) => setTimeout(r, 50));
      expect(requested.length).toBeGreaterThan(0);
      expect(engine.getSnapshot().phase).toBe('retrying');
    } finally {
      engine.stop();
      opened.db.close();
    }
  });
});
