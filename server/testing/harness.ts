/**
 * Test harness: a migrated database, a server built on it (driven through `app.inject`) and helpers to make
 * users, sign in and call routes with a bearer token. The clock is a mutable value so tests can move time.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildServer } from '../app';
import { defaultConfig, type ServerConfig } from '../config';
import { SyncEvents } from '../context';
import type { Db } from '../db/db';
import { ReportProjector } from '../reports/projector';
import type { UpkeepOptions } from '../upkeep';
import { createCommunity, createUser, type Role, type User } from '../users';
import type { Backend } from './backends';
import { makeDeviceKey, signedRefreshBody, type TestDeviceKey } from './deviceKey';

export const TEST_JWT_SECRET = new TextEncoder().encode('test-secret-test-secret-test-secret-0123456789');

export interface TestClock {
  now: number;
}

export interface Session {
  user: User;
  deviceId: string;
  accessToken: string;
  refreshToken: string;
  /** The device key the login enrolled; refreshes are signed with it. */
  key: TestDeviceKey;
}

export type InjectMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE' | 'OPTIONS' | 'HEAD';

export interface Harness {
  db: Db;
  app: FastifyInstance;
  clock: TestClock;
  config: ServerConfig;
  events: SyncEvents;
  /** The server's report projector, and the failures of the runs pushes triggered (a report read's are its 500). */
  reportFacts: ReportProjector;
  projectionErrors: unknown[];
  makeUser(username: string, role: Role, communities?: string[], password?: string): Promise<User>;
  login(username: string, password?: string, deviceId?: string): Promise<Session>;
  /** POST /auth/refresh signed by `key` (the session's own unless given), at the harness clock. */
  refresh(s: { deviceId: string; refreshToken: string; key: TestDeviceKey }, opts?: { key?: TestDeviceKey; jti?: string; iatSec?: number }): Promise<LightMyRequestResponse>;
  call(method: InjectMethod, url: string, opts?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** Suites open a database, hash passwords and sign in before their tests: slow on a busy machine. */
export const HOOK_TIMEOUT_MS = 120_000;

export const DEFAULT_TEST_PASSWORD = 'correct horse battery';

export async function startHarness(
  backend: Backend,
  options: { config?: Partial<ServerConfig>; communities?: string[]; now?: number; beforeReady?: (app: FastifyInstance) => void; upkeep?: UpkeepOptions } = {},
): Promise<Harness> {
  const db = await backend.open();
  const clock: TestClock = { now: options.now ?? Date.parse('2025-06-01T03:00:00.000Z') };
  const config = defaultConfig({ jwtSecret: TEST_JWT_SECRET, ...options.config });
  const events = new SyncEvents();
  const projectionErrors: unknown[] = [];
  const reportFacts = new ReportProjector(db, (error) => projectionErrors.push(error));
  const app = await buildServer({ db, config, now: () => clock.now, events, reportFacts, ...(options.upkeep ? { upkeep: options.upkeep } : {}) });
  options.beforeReady?.(app);
  await app.ready();
  for (const id of options.communities ?? ['c-01', 'c-02', 'c-03']) {
    await createCommunity(db, { id, code: id.replace(/\D/g, '') || id, nameTh: `ชุมชน ${id}`, nameEn: `Community ${id}` }, { ifMissing: true });
  }

  const call: Harness['call'] = async (method, url, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    return app.inject({
      method,
      url,
      headers,
      ...(opts.body === undefined ? {} : typeof opts.body === 'string' ? { payload: opts.body } : { payload: opts.body as object }),
    });
  };

  return {
    db,
    app,
    clock,
    config,
    events,
    reportFacts,
    projectionErrors,
    makeUser: (username, role, communities = [], password = DEFAULT_TEST_PASSWORD) =>
      createUser(db, { username, password, displayName: username.toUpperCase(), role, communities }),
    async login(username, password = DEFAULT_TEST_PASSWORD, deviceId) {
      const key = await makeDeviceKey();
      const res = await call('POST', '/auth/login', { body: { username, password, deviceName: 'test laptop', deviceKey: key.publicJwk, ...(deviceId ? { deviceId } : {}) } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const body = res.json<{ user: User; device: { id: string }; accessToken: string; refreshToken: string }>();
      return { user: body.user, deviceId: body.device.id, accessToken: body.accessToken, refreshToken: body.refreshToken, key };
    },
    async refresh(s, opts = {}) {
      const body = await signedRefreshBody(opts.key ?? s.key, {
        deviceId: s.deviceId,
        refreshToken: s.refreshToken,
        nowMs: clock.now,
        ...(opts.jti === undefined ? {} : { jti: opts.jti }),
        ...(opts.iatSec === undefined ? {} : { iatSec: opts.iatSec }),
      });
      return call('POST', '/auth/refresh', { body });
    },
    call,
    async close() {
      await app.close();
    },
  };
}
