/**
 * The real server for the sync client's tests (client.test.ts, bootstrap.test.ts): server/app.ts buildServer
 * on in-memory PGlite, over real HTTP on 127.0.0.1 with Node's fetch; each device is its own Dexie database
 * on fake-indexeddb. A test file imports 'fake-indexeddb/auto' first (Dexie picks its IndexedDB when first
 * imported) and calls startRealServer() once at its top level.
 *
 * The server is imported dynamically through a path held in a variable: the renderer's tsconfig has no Node
 * types, so the server's sources must not be part of its type-check. The few server functions used are
 * typed by the small interfaces below.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll } from 'vitest';
import { openStore, type CareRoundsDb } from '../db/db';
import type { Sealer } from '../db/crypto/sealer';
import { buildProfile, freshDbName } from '../db/testing';
import { IDBFactory } from 'fake-indexeddb';
import { createBrowserHost } from '../host/browser-host';
import type { Host } from '../host/host';
import { SyncAuth } from './auth';
import { SyncClient, type FetchLike, type SyncProgress } from './client';

interface ServerDb {
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  close(): Promise<void>;
}
interface Harness {
  db: ServerDb;
  app: { listen(o: { port: number; host: string }): Promise<string>; close(): Promise<void> };
  clock: { now: number };
  makeUser(username: string, role: 'caregiver' | 'care_manager' | 'admin', communities?: string[], password?: string): Promise<{ id: string }>;
  close(): Promise<void>;
}
interface HarnessModule {
  startHarness(backend: { kind: 'pglite'; open(): Promise<ServerDb> }, options?: { config?: Record<string, unknown>; communities?: string[] }): Promise<Harness>;
  DEFAULT_TEST_PASSWORD: string;
}
interface DbModule {
  openDb(o: { dataDir: string }): Promise<ServerDb>;
}
interface MigrateModule {
  migrate(db: ServerDb): Promise<string[]>;
}

const serverDir = '../../server';
async function load<T>(path: string): Promise<T> {
  return (await import(/* @vite-ignore */ `${serverDir}/${path}`)) as T;
}

export let h: Harness;
export let base = '';
let password = '';
const toClose: CareRoundsDb[] = [];

/** Starts the server before the calling test file's tests and stops it after them. */
export function startRealServer(): void {
  beforeAll(async () => {
    const { startHarness, DEFAULT_TEST_PASSWORD } = await load<HarnessModule>('testing/harness.ts');
    const { openDb } = await load<DbModule>('db/db.ts');
    const { migrate } = await load<MigrateModule>('db/migrate.ts');
    password = DEFAULT_TEST_PASSWORD;
    h = await startHarness(
      {
        kind: 'pglite',
        async open() {
          const db = await openDb({ dataDir: 'memory://' });
          await migrate(db);
          return db;
        },
      },
      { config: { rateLimit: { loginPerMinute: 1000, defaultPerMinute: 100_000 } }, communities: ['c-01', 'c-02'] },
    );
    // Client HLCs come from the real clock; a server clock far behind would re-stamp them.
    Object.defineProperty(h.clock, 'now', { get: () => Date.now(), configurable: true });
    const address = await h.app.listen({ port: 0, host: '127.0.0.1' });
    base = address;
    await h.makeUser('malee', 'caregiver', ['c-01']);
    await h.makeUser('nid', 'caregiver', ['c-01']);
    await h.makeUser('somchai', 'care_manager');
    await h.makeUser('pim', 'caregiver', ['c-01']);
  }, 180_000);

  afterAll(async () => {
    for (const db of toClose.splice(0)) db.close();
    await h.close();
    await h.db.close();
  });
}

export interface Device {
  db: CareRoundsDb;
  auth: SyncAuth;
  client: SyncClient;
  userId: string;
  /** The browser host this device signs in through (its own IndexedDB for the key and the token). */
  host: Host;
  progress: SyncProgress[];
  requests: string[];
}

/** A device signed in as `username`. `wrap` lets a test break the network between the client and server. */
export async function device(username: string, opts: { wrap?: (f: FetchLike) => FetchLike; pullLimit?: number; bootstrapChunk?: number; sealer?: Sealer } = {}): Promise<Device> {
  const opened = await openStore(freshDbName(username), opts.sealer ? { sealer: opts.sealer } : {});
  if (!opened.ok) throw new Error(opened.detail);
  const db = opened.db;
  toClose.push(db); // closes its pull connection too
  const requests: string[] = [];
  const logging: FetchLike = (input, init) => {
    requests.push(`${init?.method ?? 'GET'} ${input.replace(base, '')}`);
    return fetch(input, init);
  };
  const net = opts.wrap ? opts.wrap(logging) : logging;
  const host = createBrowserHost({ indexedDB: new IDBFactory(), fetch: net });
  const auth = new SyncAuth({ db, host: host.auth });
  const login = await auth.login(base, { username, password, deviceName: `${username}'s laptop` });
  if (!login.ok) throw new Error(`login ${username}: ${login.code}`);
  const progress: SyncProgress[] = [];
  const client = new SyncClient({ db, pullDb: db.pullConnection(), baseUrl: base, tokens: auth, fetch: net, onProgress: (p) => progress.push(p), ...(opts.pullLimit ? { pullLimit: opts.pullLimit } : {}), ...(opts.bootstrapChunk ? { bootstrapChunk: opts.bootstrapChunk } : {}) });
  return { db, auth, client, userId: login.session.user.id, host, progress, requests };
}

export function residentInput(firstName: string, communityId = 'c-01') {
  return { ...buildProfile({ firstName, communityId, nationalId: null, noIdReason: 'ไม่มีบัตร' }), status: 'active' as const, statusDate: null, statusReason: '', latestAdl: null };
}

export async function serverRecord(id: string): Promise<Record<string, unknown> | undefined> {
  return (await h.db.query('SELECT data, seq FROM records WHERE id = $1', [id])).rows[0];
}
