import { chmod, mkdtemp, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCsp } from '../scripts/static-server.mjs';
import { ErrorBody, MAX_PUSH_BYTES, LoginResponse, RefreshResponse, AdminUserList, AdminUserAnswer, AdminResetPasswordAnswer, AdminDeviceList, CommunityInfoList, HealthResponse } from '../shared/sync/protocol';
import { verifyAuditChain } from './audit';
import { buildServer } from './app';
import { defaultConfig } from './config';
import { defaultKeyFile, resolveJwtSecret } from './jwtKey';
import { APP_CSP } from './csp';
import { describeBackends } from './testing/backends';
import { DEFAULT_TEST_PASSWORD, HOOK_TIMEOUT_MS, startHarness, TEST_JWT_SECRET, type Harness, type Session } from './testing/harness';
import { makeDeviceKey } from './testing/deviceKey';

/** A JSON body of exactly `bytes` bytes that is not a push request. */
const padTo = (bytes: number): string => `{"blob":"${'x'.repeat(bytes - '{"blob":""}'.length)}"}`;

describe('CSP', () => {
  it('is the policy of the static server and the Electron protocol handler', () => {
    expect(APP_CSP).toBe(buildCsp([]));
  });
});

describeBackends('http hygiene, admin and health', (backend) => {
  let h: Harness;
  let admin: Session;
  let cg: Session;
  let staticDir: string;

  beforeAll(async () => {
    staticDir = await mkdtemp(path.join(tmpdir(), 'carerounds-static-'));
    await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>CareRounds</title>');
    await mkdir(path.join(staticDir, 'assets'));
    await writeFile(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
    await writeFile(path.join(staticDir, 'sw.js'), '// CareRounds app shell');
    await writeFile(path.join(staticDir, '.env'), 'SECRET=1');
    h = await startHarness(backend, { config: { rendererDir: staticDir, rateLimit: { loginPerMinute: 1000, defaultPerMinute: 100_000 } } });
    await h.makeUser('root', 'admin');
    await h.makeUser('cg', 'caregiver', ['c-01']);
    admin = await h.login('root');
    cg = await h.login('cg');
  }, HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await h.close();
    await rm(staticDir, { recursive: true, force: true });
  });

  it('keeps the JWT key in a 0600 file outside the database unless JWT_SECRET is set; moves an old database key there', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'carerounds-jwt-'));
    try {
      const keyFile = defaultKeyFile(path.join(dir, 'data', 'pglite'));
      expect(keyFile).toBe(path.join(dir, 'data', 'jwt.key'));
      // A key kept in the database by an older server moves to the file, so issued tokens stay valid.
      await h.db.query("INSERT INTO server_settings (key, value) VALUES ('jwt_secret', $1) ON CONFLICT (key) DO UPDATE SET value = $1", ['o'.repeat(48)]);
      const first = await resolveJwtSecret(h.db, { envSecret: undefined, keyFile });
      expect(new TextDecoder().decode(first)).toBe('o'.repeat(48));
      expect((await h.db.query("SELECT 1 FROM server_settings WHERE key = 'jwt_secret'")).rows).toEqual([]);
      expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
      expect(Buffer.from(await resolveJwtSecret(h.db, { envSecret: '', keyFile })).equals(Buffer.from(first))).toBe(true);

      // A new server generates one, never in the database.
      const fresh = path.join(dir, 'fresh', 'jwt.key');
      const generated = await resolveJwtSecret(h.db, { envSecret: undefined, keyFile: fresh });
      expect(generated.length).toBeGreaterThanOrEqual(32);
      expect(Buffer.from(generated).equals(Buffer.from(first))).toBe(false);
      expect((await h.db.query("SELECT 1 FROM server_settings WHERE key = 'jwt_secret'")).rows).toEqual([]);

      // A key others can read stops the start-up with the fix; a short one too; JWT_SECRET wins over the file.
      await chmod(fresh, 0o644);
      await expect(resolveJwtSecret(h.db, { envSecret: undefined, keyFile: fresh })).rejects.toThrow(`run: chmod 600 ${fresh}`);
      const short = path.join(dir, 'short.key');
      await writeFile(short, 'short\n', { mode: 0o600 });
      await expect(resolveJwtSecret(h.db, { envSecret: undefined, keyFile: short })).rejects.toThrow(/at least 32/);
      const fromEnv = await resolveJwtSecret(h.db, { envSecret: 'e'.repeat(40), keyFile: fresh });
      expect(new TextDecoder().decode(fromEnv)).toBe('e'.repeat(40));
      await expect(resolveJwtSecret(h.db, { envSecret: 'short', keyFile })).rejects.toThrow(/JWT_SECRET must be at least 32/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('/health names the database and version', async () => {
    const res = await h.call('GET', '/health');
    expect(res.statusCode).toBe(200);
    const body = HealthResponse.parse(res.json());
    expect(body).toMatchObject({ db: backend.kind, status: 'ok', protocol: 1 });
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('sends nosniff and HSTS everywhere, no-store on personal data', async () => {
    for (const url of ['/health', '/auth/me', '/sync/pull?schemaVersion=1', '/admin/users', '/directory']) {
      const res = await h.call('GET', url, { token: admin.accessToken });
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['strict-transport-security'], url).toMatch(/max-age=\d+/);
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
    const err = await h.call('POST', '/auth/login', { body: { username: 'x', password: 'y', deviceName: 'z' } });
    expect(err.headers['cache-control']).toBe('no-store');
  });

  it('CORS answers only carerounds://app', async () => {
    const evil = await h.call('OPTIONS', '/sync/pull', { headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' } });
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
    const ours = await h.call('OPTIONS', '/sync/pull', { headers: { origin: 'carerounds://app', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
    expect(ours.headers['access-control-allow-origin']).toBe('carerounds://app');
    const get = await h.call('GET', '/health', { headers: { origin: 'https://evil.example' } });
    expect(get.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('maps malformed, oversized and non-JSON bodies to documented 4xx codes', async () => {
    const cases: [string, Record<string, string>, string, number, string][] = [
      ['/auth/login', { 'content-type': 'application/json' }, '{"username":', 400, 'invalid_argument'],
      ['/auth/login', { 'content-type': 'application/json' }, '{"__proto__":{"admin":true},"username":"a","password":"b","deviceName":"c"}', 400, 'invalid_argument'],
      ['/auth/login', { 'content-type': 'application/json' }, '{"constructor":{"prototype":{"x":1}}}', 400, 'invalid_argument'],
      ['/auth/login', { 'content-type': 'application/json' }, '{"username":"a\\u0000","password":"bbbbbbbb","deviceName":"c"}', 400, 'invalid_argument'],
      ['/auth/login', { 'content-type': 'text/plain' }, 'hello', 415, 'invalid_argument'],
      ['/auth/login', { 'content-type': 'application/json' }, JSON.stringify({ username: 'a'.repeat(20_000), password: 'x', deviceName: 'y' }), 413, 'batch_too_large'],
      ['/sync/push', { 'content-type': 'application/json', authorization: `Bearer ${cg.accessToken}` }, JSON.stringify({ blob: 'x'.repeat(3 * 1024 * 1024) }), 413, 'batch_too_large'],
      // The push limit is exactly the protocol's MAX_PUSH_BYTES: one byte over is refused, a body at it is read.
      ['/sync/push', { 'content-type': 'application/json', authorization: `Bearer ${cg.accessToken}` }, padTo(MAX_PUSH_BYTES + 1), 413, 'batch_too_large'],
      ['/sync/push', { 'content-type': 'application/json', authorization: `Bearer ${cg.accessToken}` }, padTo(MAX_PUSH_BYTES), 400, 'invalid_argument'],
      ['/sync/push', { 'content-type': 'application/json', authorization: `Bearer ${cg.accessToken}` }, '[]', 400, 'invalid_argument'],
      ['/sync/push', { 'content-type': 'application/json', authorization: `Bearer ${cg.accessToken}` }, '', 400, 'invalid_argument'],
    ];
    for (const [url, headers, body, status, code] of cases) {
      const res = await h.app.inject({ method: 'POST', url, headers, payload: body });
      expect(res.statusCode, `${url} ${body.slice(0, 40)}`).toBe(status);
      const parsed = ErrorBody.safeParse(res.json());
      expect(parsed.success, res.body).toBe(true);
      expect(parsed.data?.error.code).toBe(code);
      expect(res.body).not.toMatch(/at .*\.ts:\d+|stack/i);
    }
    const many = Array.from({ length: 1001 }, (_, i) => ({ mid: i + 1 }));
    const big = await h.call('POST', '/sync/push', { token: cg.accessToken, body: { protocol: 1, schemaVersion: 1, clientId: 'a1a1a1a1a1a1a1a1', mutations: many } });
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ error: { code: 'batch_too_large', retryable: true } });
  });

  it('unknown routes are 404 not_found', async () => {
    const res = await h.call('GET', '/sync/nothing', { token: cg.accessToken });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'not_found' } });
    expect((await h.call('DELETE', '/admin/users')).statusCode).toBe(404);
  });

  it('login and refresh answer the protocol shapes', async () => {
    const key = await makeDeviceKey();
    const login = await h.call('POST', '/auth/login', { body: { username: 'cg', password: 'correct horse battery', deviceName: 'Laptop', deviceKey: key.publicJwk } });
    const body = LoginResponse.parse(login.json());
    expect(body.expiresIn).toBe(900);
    const refresh = await h.refresh({ deviceId: body.device.id, refreshToken: body.refreshToken ?? '', key });
    expect(RefreshResponse.parse(refresh.json()).user.communities).toEqual(['c-01']);
    const logout = await h.call('POST', '/auth/logout', { body: { deviceId: body.device.id, refreshToken: RefreshResponse.parse(refresh.json()).refreshToken } });
    expect(logout.statusCode).toBe(204);
    const after = await h.call('GET', '/auth/me', { token: RefreshResponse.parse(refresh.json()).accessToken });
    expect(after.statusCode).toBe(401);
  });

  it('admin routes refuse non-admins with 403 forbidden and anonymous callers with 401', async () => {
    const routes: [('GET' | 'POST' | 'PATCH'), string, unknown][] = [
      ['GET', '/admin/users', undefined],
      ['POST', '/admin/users', { username: 'zzz', password: 'long enough pw', displayName: 'Z', role: 'admin' }],
      ['PATCH', `/admin/users/${cg.user.id}`, { role: 'admin' }],
      ['POST', `/admin/users/${cg.user.id}/password`, { password: 'another long pw' }],
      ['GET', '/admin/devices', undefined],
      ['POST', `/admin/devices/${admin.deviceId}/revoke`, {}],
      ['GET', '/admin/communities', undefined],
      ['POST', '/admin/communities', { id: 'c-77', code: '77', nameTh: 'x', nameEn: 'x' }],
    ];
    for (const [method, url, body] of routes) {
      const asCg = await h.call(method, url, { token: cg.accessToken, body });
      expect(asCg.statusCode, `${method} ${url}`).toBe(403);
      expect(asCg.json()).toMatchObject({ error: { code: 'forbidden' } });
      const anon = await h.call(method, url, { body });
      expect(anon.statusCode, `${method} ${url}`).toBe(401);
    }
    expect((await h.call('GET', '/admin/users', { token: admin.accessToken })).statusCode).toBe(200);
    const me = await h.call('GET', '/auth/me', { token: cg.accessToken });
    expect(me.json<{ user: { role: string } }>().user.role).toBe('caregiver');
  });

  it('a password reset ends every session of the user: refresh tokens (used ones too) and live access tokens', async () => {
    const created = await h.call('POST', '/admin/users', { token: admin.accessToken, body: { username: 'resetme', password: 'first password', displayName: 'ลืมรหัส', role: 'caregiver', communities: ['c-01'] } });
    const userId = AdminUserAnswer.parse(created.json()).user.id;
    const laptop = await h.login('resetme', 'first password');
    const tablet = await h.login('resetme', 'first password');
    // The laptop rotated once just now: its old token is still inside the lost-reply retry grace.
    const rotated = RefreshResponse.parse((await h.refresh(laptop)).json());
    expect((await h.call('GET', '/auth/me', { token: tablet.accessToken })).statusCode).toBe(200);

    const reset = await h.call('POST', `/admin/users/${userId}/password`, { token: admin.accessToken, body: { password: 'second password' } });
    expect(AdminResetPasswordAnswer.parse(reset.json())).toEqual({ endedSessions: 2 });

    for (const s of [{ ...laptop, refreshToken: rotated.refreshToken }, laptop, tablet]) {
      const refused = await h.refresh(s);
      expect(refused.statusCode).toBe(401);
      expect(refused.json()).toMatchObject({ error: { code: 'invalid_credentials' } });
    }
    for (const token of [rotated.accessToken, tablet.accessToken]) {
      const me = await h.call('GET', '/auth/me', { token });
      expect(me.statusCode).toBe(401);
      expect(me.json()).toMatchObject({ error: { code: 'auth_expired' } });
    }
    // The devices stay enrolled: the new password signs in on the same device.
    const again = await h.login('resetme', 'second password', tablet.deviceId);
    expect((await h.call('GET', '/auth/me', { token: again.accessToken })).statusCode).toBe(200);
  });

  it('an administrator resetting her own password keeps the session she does it from, and ends her others', async () => {
    const other = await h.login('root');
    const own = await h.login('root');
    const reset = await h.call('POST', `/admin/users/${own.user.id}/password`, { token: own.accessToken, body: { password: DEFAULT_TEST_PASSWORD } });
    expect(reset.statusCode).toBe(200);
    expect(AdminResetPasswordAnswer.parse(reset.json()).endedSessions).toBeGreaterThanOrEqual(1);
    expect((await h.call('GET', '/auth/me', { token: own.accessToken })).statusCode).toBe(200);
    expect((await h.refresh(own)).statusCode).toBe(200);
    expect((await h.call('GET', '/auth/me', { token: other.accessToken })).statusCode).toBe(401);
    admin = await h.login('root');
  });

  it('admins create users, assign communities, reset passwords, list and revoke devices; all audited', async () => {
    const created = await h.call('POST', '/admin/users', {
      token: admin.accessToken,
      body: { username: 'newcg', password: 'first password', displayName: 'สมใจ', role: 'caregiver', communities: ['c-02'] },
    });
    expect(created.statusCode).toBe(201);
    const user = created.json<{ user: { id: string; communities: string[] } }>().user;
    expect(user.communities).toEqual(['c-02']);
    const dup = await h.call('POST', '/admin/users', { token: admin.accessToken, body: { username: 'newcg', password: 'first password', displayName: 'x', role: 'caregiver' } });
    expect(dup.statusCode).toBe(400);
    expect(dup.json()).toMatchObject({ error: { code: 'invalid_argument' } });
    for (const password of ['short', 'password123', 'x'.repeat(129)]) {
      const weak = await h.call('POST', '/admin/users', { token: admin.accessToken, body: { username: 'weak1', password, displayName: 'x', role: 'caregiver' } });
      expect(weak.statusCode, password).toBe(400);
    }
    const unknownCommunity = await h.call('PATCH', `/admin/users/${user.id}`, { token: admin.accessToken, body: { communities: ['c-99'] } });
    expect(unknownCommunity.statusCode).toBe(400);

    const patched = await h.call('PATCH', `/admin/users/${user.id}`, { token: admin.accessToken, body: { communities: ['c-01', 'c-03'], displayName: 'สมใจ ใหม่' } });
    expect(patched.json()).toMatchObject({ user: { communities: ['c-01', 'c-03'], displayName: 'สมใจ ใหม่' } });

    const s = await h.login('newcg', 'first password');
    const reset = await h.call('POST', `/admin/users/${user.id}/password`, { token: admin.accessToken, body: { password: 'second password' } });
    expect(reset.statusCode).toBe(200);
    expect(AdminResetPasswordAnswer.parse(reset.json())).toEqual({ endedSessions: 1 });
    await expect(h.login('newcg', 'first password')).rejects.toThrow(/401/);
    await h.login('newcg', 'second password');

    const users = AdminUserList.parse((await h.call('GET', '/admin/users', { token: admin.accessToken })).json());
    expect(users.users.map((u) => u.username)).toEqual(expect.arrayContaining(['root', 'cg', 'newcg']));
    const devices = AdminDeviceList.parse((await h.call('GET', `/admin/devices?userId=${user.id}`, { token: admin.accessToken })).json());
    expect(devices.devices.map((d) => d.id)).toContain(s.deviceId);
    const revoked = await h.call('POST', `/admin/devices/${s.deviceId}/revoke`, { token: admin.accessToken, body: {} });
    expect(revoked.json()).toMatchObject({ device: { id: s.deviceId, revokedAt: expect.any(String) } });
    expect((await h.call('POST', `/admin/devices/${crypto.randomUUID()}/revoke`, { token: admin.accessToken, body: {} })).statusCode).toBe(404);

    const communities = await h.call('POST', '/admin/communities', { token: admin.accessToken, body: { id: 'c-09', code: '09', nameTh: 'ชุมชน 9', nameEn: 'Nine' } });
    expect(communities.statusCode).toBe(201);
    expect(CommunityInfoList.parse((await h.call('GET', '/communities', { token: cg.accessToken })).json()).communities.map((c) => c.id)).toContain('c-09');

    // The last active admin cannot be demoted.
    const demote = await h.call('PATCH', `/admin/users/${admin.user.id}`, { token: admin.accessToken, body: { role: 'caregiver' } });
    expect(demote.statusCode).toBe(400);

    const actions = (await h.db.query<{ action: string; record_id: string | null }>('SELECT action, record_id FROM audit_log ORDER BY id')).rows;
    for (const a of ['user.create', 'user.update', 'user.password_reset', 'device.revoke', 'community.create']) {
      expect(actions.map((r) => r.action), a).toContain(a);
    }
    const audit = JSON.stringify((await h.db.query('SELECT * FROM audit_log')).rows);
    expect(audit).not.toMatch(/first password|second password/);
    expect(await verifyAuditChain(h.db)).toMatchObject({ ok: true });
    // The app's own connection can neither edit nor remove an entry.
    const first = "(SELECT min(id) FROM audit_log)";
    await expect(h.db.query(`UPDATE audit_log SET outcome = 'failure' WHERE id = ${first}`)).rejects.toThrow(/append-only/);
    await expect(h.db.query(`DELETE FROM audit_log WHERE id = ${first}`)).rejects.toThrow(/append-only/);
    await expect(h.db.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    expect(await verifyAuditChain(h.db)).toMatchObject({ ok: true });
    // Editing any entry (a role that can switch the trigger off) breaks the chain.
    await h.db.transaction(async (tx) => {
      await tx.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete');
      await tx.query(`UPDATE audit_log SET outcome = 'failure' WHERE id = ${first}`);
      await tx.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete');
    });
    expect((await verifyAuditChain(h.db)).ok).toBe(false);
  });

  it('serves the app-shell worker at the root scope, revalidated on every update check, as JavaScript', async () => {
    const res = await h.call('GET', '/sw.js');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('CareRounds app shell');
    expect(res.headers['content-type']).toMatch(/^(text|application)\/javascript\b/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toBe(APP_CSP);
    expect(APP_CSP).toContain("worker-src 'self';");
    // No header widens a worker's scope beyond the folder it is served from.
    expect(res.headers['service-worker-allowed']).toBeUndefined();
  });

  it('serves the renderer with the app CSP, and never dotfiles or paths outside it', async () => {
    const index = await h.call('GET', '/');
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('CareRounds');
    expect(index.headers['content-security-policy']).toBe(APP_CSP);
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect((await h.call('GET', '/assets/app.js')).statusCode).toBe(200);
    for (const url of ['/.env', '/../package.json', '/%2e%2e/package.json', '/assets/..%2f..%2fpackage.json', '/missing.js']) {
      const res = await h.call('GET', url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain('SECRET');
    }
  });
});

describe('server without a renderer folder', () => {
  it('still answers the API', async () => {
    // /health only runs `SELECT 1`; a stub database is enough here.
    const fakeDb = {
      kind: 'pglite' as const,
      query: async <T>() => ({ rows: [] as T[] }),
      exec: async () => undefined,
      transaction: async <T>(fn: (tx: never) => Promise<T>) => fn(undefined as never),
      close: async () => undefined,
    };
    const app = await buildServer({ db: fakeDb, config: defaultConfig({ jwtSecret: TEST_JWT_SECRET, rendererDir: '/nonexistent/dir' }) });
    const res = await app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/' })).statusCode).toBe(404);
    await app.close();
  });
});
