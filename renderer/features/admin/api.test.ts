/**
 * AdminApi against the REAL server (server/app.ts on in-memory PGlite) over real HTTP with Node's fetch, and
 * describeAdminFailure on the refusals the server really sends, so a change of the server's wording that the
 * form would no longer recognise fails here.
 *
 * The server is imported through a path held in a variable (as in sync/client.test.ts): the renderer's
 * tsconfig has no Node types, so the server's sources must stay out of its type-check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginResponse } from '../../../shared/sync/protocol';
import { SyncFailure, type FetchLike, type TokenProvider } from '../../sync/http';
import { AdminApi } from './api';
import { describeAdminFailure, takenUsername } from './serverErrors';

interface ServerDb {
  close(): Promise<void>;
}
interface ServerApp {
  listen(o: { port: number; host: string }): Promise<string>;
  close(): Promise<void>;
}
const serverDir = '../../../server';
async function load<T>(path: string): Promise<T> {
  return (await import(/* @vite-ignore */ `${serverDir}/${path}`)) as T;
}

const PASSWORD = 'admin-api-test-pass';
let db: ServerDb;
let app: ServerApp;
let base = '';

beforeAll(async () => {
  const { openDb } = await load<{ openDb(o: { dataDir: string }): Promise<ServerDb> }>('db/db.ts');
  const { migrate } = await load<{ migrate(db: ServerDb): Promise<unknown> }>('db/migrate.ts');
  const { buildServer } = await load<{ buildServer(o: { db: ServerDb; config: unknown }): Promise<ServerApp> }>('app.ts');
  const { defaultConfig } = await load<{ defaultConfig(o: Record<string, unknown>): unknown }>('config.ts');
  const users = await load<{
    createCommunity(db: ServerDb, c: { id: string; code: string; nameTh: string; nameEn: string }): Promise<boolean>;
    createUser(db: ServerDb, u: { username: string; password: string; displayName: string; role: string; communities?: string[] }): Promise<unknown>;
  }>('users.ts');
  db = await openDb({ dataDir: 'memory://' });
  await migrate(db);
  for (const id of ['c-01', 'c-02']) await users.createCommunity(db, { id, code: id.slice(2), nameTh: `ชุมชน ${id}`, nameEn: `Community ${id}` });
  await users.createUser(db, { username: 'boss', password: PASSWORD, displayName: 'Boss', role: 'admin' });
  await users.createUser(db, { username: 'malee', password: PASSWORD, displayName: 'Malee', role: 'caregiver', communities: ['c-01'] });
  const config = defaultConfig({ jwtSecret: new TextEncoder().encode('admin-api-test-secret-admin-api-test-secret'), rateLimit: { loginPerMinute: 1000, defaultPerMinute: 100_000 } });
  app = await buildServer({ db, config });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
}, 120_000);

afterAll(async () => {
  await app.close();
  await db.close();
});

/** Signs in as the app does, with a device key, so the session holds a refresh token a reset can end. */
async function login(username: string, password = PASSWORD): Promise<LoginResponse> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const jwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
  const deviceKey = { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
  const res = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password, deviceName: `${username} test`, deviceKey }) });
  if (res.status !== 200) throw new SyncFailure('invalid_credentials', `login ${username}: ${res.status}`, res.status);
  return LoginResponse.parse(await res.json());
}

/** A token provider that hands out `first` once, then `later` on refresh (counting refreshes). */
function tokens(first: string, later: string | null = first): TokenProvider & { refreshes: number } {
  const p = {
    refreshes: 0,
    accessToken: () => Promise.resolve(first),
    refresh: () => {
      p.refreshes++;
      return Promise.resolve(later);
    },
  };
  return p;
}

async function failure(promise: Promise<unknown>): Promise<SyncFailure> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof SyncFailure) return err;
    throw err;
  }
  throw new Error('expected a SyncFailure');
}

describe('AdminApi on the real server', () => {
  it('lists users, communities and devices (the admin\'s own device among them)', async () => {
    const s = await login('boss');
    const api = new AdminApi({ baseUrl: base, tokens: tokens(s.accessToken) });
    const users = await api.listUsers();
    expect(users.map((u) => u.username)).toEqual(expect.arrayContaining(['boss', 'malee']));
    expect(users.find((u) => u.username === 'malee')?.communities).toEqual(['c-01']);
    expect((await api.listCommunities()).map((c) => c.id)).toEqual(['c-01', 'c-02']);
    const devices = await api.listDevices();
    expect(devices.find((d) => d.id === s.device.id)).toMatchObject({ name: 'boss test', revokedAt: null, userId: s.user.id });
  });

  it('reads the audit log page by page and exports it as CSV; a caregiver is refused with forbidden', async () => {
    const s = await login('boss');
    const api = new AdminApi({ baseUrl: base, tokens: tokens(s.accessToken) });
    const first = await api.listAudit({ action: 'auth.login', limit: '1' });
    expect(first.entries).toHaveLength(1);
    expect(first.entries[0]).toMatchObject({ action: 'auth.login', outcome: 'success', userId: s.user.id });
    expect(first.nextBefore).toBe(first.entries[0]?.id);
    const older = await api.listAudit({ action: 'auth.login', limit: '1', before: String(first.nextBefore) });
    expect(older.entries.every((e) => e.id < (first.entries[0]?.id ?? 0))).toBe(true);
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await api.exportAudit({ action: 'auth.login' }));
    expect(csv.startsWith('\uFEFFid,at,client_at,user_id,')).toBe(true);
    expect(csv).toContain(',auth.login,');
    const carer = await login('malee');
    const refused = await failure(new AdminApi({ baseUrl: base, tokens: tokens(carer.accessToken) }).listAudit({}));
    expect(describeAdminFailure(refused).code).toBe('admin.forbidden');
  });

  it('creates a user; a second create of the same name is refused under the username field, naming it', async () => {
    const s = await login('boss');
    const api = new AdminApi({ baseUrl: base, tokens: tokens(s.accessToken) });
    const created = await api.createUser({ username: 'somsri', displayName: 'สมศรี', role: 'caregiver', password: 'somsri-first-pass', communities: ['c-02'] });
    expect(created).toMatchObject({ username: 'somsri', role: 'caregiver', status: 'active', communities: ['c-02'] });
    const err = await failure(api.createUser({ username: 'somsri', displayName: 'อีกคน', role: 'caregiver', password: 'another-pass-1', communities: ['c-01'] }));
    expect(err.code).toBe('invalid_argument');
    expect(describeAdminFailure(err)).toEqual({ field: 'username', code: 'admin.username.taken' });
    expect(takenUsername(err)).toBe('somsri');
  });

  it('maps each password and community refusal of the server to its field and code', async () => {
    const s = await login('boss');
    const api = new AdminApi({ baseUrl: base, tokens: tokens(s.accessToken) });
    const body = { username: 'newbie', displayName: 'Newbie', role: 'caregiver' as const, communities: ['c-01'] };
    // Sent straight to the server (the form would refuse these first): the server's own words are mapped.
    expect(describeAdminFailure(await failure(api.createUser({ ...body, password: 'short' })))).toEqual({ field: 'password', code: 'admin.password.tooShort' });
    expect(describeAdminFailure(await failure(api.createUser({ ...body, password: 'password123' })))).toEqual({ field: 'password', code: 'admin.password.tooCommon' });
    expect(describeAdminFailure(await failure(api.createUser({ ...body, password: 'x'.repeat(129) })))).toEqual({ field: 'password', code: 'admin.password.tooLong' });
    expect(describeAdminFailure(await failure(api.createUser({ ...body, username: 'newbie.long', password: 'NEWBIE.LONG' })))).toEqual({ field: 'password', code: 'admin.password.sameAsUsername' });
    expect(describeAdminFailure(await failure(api.createUser({ ...body, password: 'a-fine-password', communities: ['c-99'] })))).toEqual({ field: 'communities', code: 'admin.communities.unknown' });
    expect(describeAdminFailure(await failure(api.createUser({ ...body, username: 'UPPER', password: 'a-fine-password' })))).toEqual({ field: 'username', code: 'admin.username.format' });
  });

  it('changes role, communities and status; refuses demoting the last admin under the role field', async () => {
    const s = await login('boss');
    const api = new AdminApi({ baseUrl: base, tokens: tokens(s.accessToken) });
    const malee = (await api.listUsers()).find((u) => u.username === 'malee');
    if (!malee) throw new Error('malee missing');
    const changed = await api.updateUser(malee.id, { communities: ['c-01', 'c-02'], displayName: 'มาลี' });
    expect(changed).toMatchObject({ communities: ['c-01', 'c-02'], displayName: 'มาลี', role: 'caregiver' });
    const err = await failure(api.updateUser(s.user.id, { role: 'caregiver' }));
    expect(describeAdminFailure(err)).toEqual({ field: 'role', code: 'admin.lastAdmin' });
    expect(describeAdminFailure(await failure(api.updateUser(s.user.id, { status: 'disabled' })))).toEqual({ field: 'role', code: 'admin.lastAdmin' });
    expect(describeAdminFailure(await failure(api.updateUser('00000000-0000-4000-8000-000000000000', { displayName: 'x' })))).toEqual({ field: null, code: 'admin.notFound' });
  });

  it('resets a password: the signed-in device is counted as signed out, the old password no longer signs in, the new one does', async () => {
    const s = await login('boss');
    const api = new AdminApi({ baseUrl: base, tokens: tokens(s.accessToken) });
    const user = await api.createUser({ username: 'resetme', displayName: 'Reset', role: 'care_manager', password: 'first-password-1', communities: [] });
    await login('resetme', 'first-password-1'); // one signed-in device, signed out by the reset
    await expect(api.resetPassword(user.id, { password: 'second-password-2' })).resolves.toBe(1);
    expect((await failure(login('resetme', 'first-password-1'))).status).toBe(401);
    expect((await login('resetme', 'second-password-2')).user.username).toBe('resetme');
  });

  it('revokes a device: its next admin call is refused as device_revoked', async () => {
    const first = await login('boss');
    const second = await login('boss');
    const api = new AdminApi({ baseUrl: base, tokens: tokens(first.accessToken) });
    const revoked = await api.revokeDevice(second.device.id);
    expect(revoked.id).toBe(second.device.id);
    expect(revoked.revokedAt).not.toBeNull();
    const gone = new AdminApi({ baseUrl: base, tokens: tokens(second.accessToken) });
    const err = await failure(gone.listUsers());
    expect(err.code).toBe('device_revoked');
    expect(describeAdminFailure(err)).toEqual({ field: null, code: 'admin.deviceRevoked' });
  });

  it('orders a device wiped: the answer and the device list show the order, and its next call carries it', async () => {
    const first = await login('boss');
    const lost = await login('boss');
    const api = new AdminApi({ baseUrl: base, tokens: tokens(first.accessToken) });
    const revoked = await api.revokeDevice(lost.device.id, true);
    expect(revoked.wipeOrderedAt).toBe(revoked.revokedAt);
    expect(revoked).not.toHaveProperty('wipedAt');
    expect((await api.listDevices()).find((d) => d.id === lost.device.id)?.wipeOrderedAt).toBe(revoked.wipeOrderedAt);
    const err = await failure(new AdminApi({ baseUrl: base, tokens: tokens(lost.accessToken) }).listUsers());
    expect(err.code).toBe('device_revoked');
    expect(err.detail?.wipe).toEqual({ orderedAt: revoked.wipeOrderedAt });
  });

  it('a caregiver is refused (forbidden)', async () => {
    const s = await login('malee');
    const err = await failure(new AdminApi({ baseUrl: base, tokens: tokens(s.accessToken) }).listUsers());
    expect(err.code).toBe('forbidden');
    expect(describeAdminFailure(err).code).toBe('admin.forbidden');
  });

  it('refreshes once after 401 auth_expired and resends; gives up as signed_out when refresh yields nothing', async () => {
    const s = await login('boss');
    const stale = tokens('aaaa.bbbb.cccc', s.accessToken);
    expect((await new AdminApi({ baseUrl: base, tokens: stale }).listUsers()).length).toBeGreaterThan(0);
    expect(stale.refreshes).toBe(1);
    const dead = tokens('aaaa.bbbb.cccc', null);
    const err = await failure(new AdminApi({ baseUrl: base, tokens: dead }).listUsers());
    expect(err.code).toBe('signed_out');
    expect(dead.refreshes).toBe(1);
    // A refresh that keeps failing is not retried in a loop.
    const loop = tokens('aaaa.bbbb.cccc', 'dddd.eeee.ffff');
    expect((await failure(new AdminApi({ baseUrl: base, tokens: loop }).listUsers())).code).toBe('auth_expired');
    expect(loop.refreshes).toBe(1);
  });

  it('no answer is "network" (shown as offline); a refresh that throws is too', async () => {
    const down: FetchLike = () => Promise.reject(new TypeError('Failed to fetch'));
    const err = await failure(new AdminApi({ baseUrl: base, tokens: tokens('a.b.c'), fetch: down }).listDevices());
    expect(err.code).toBe('network');
    expect(describeAdminFailure(err)).toEqual({ field: null, code: 'admin.offline' });
    const throwing: TokenProvider = { accessToken: () => Promise.reject(new Error('refresh failed: HTTP 0')), refresh: () => Promise.resolve(null) };
    expect((await failure(new AdminApi({ baseUrl: base, tokens: throwing }).listDevices())).code).toBe('network');
    const hanging: FetchLike = (_input, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    expect((await failure(new AdminApi({ baseUrl: base, tokens: tokens('a.b.c'), fetch: hanging, timeoutMs: 50 }).listUsers())).code).toBe('network');
  });
});
