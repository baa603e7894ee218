import { SignJWT, decodeProtectedHeader, decodeJwt } from 'jose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBackends } from '../testing/backends';
import { makeDeviceKey } from '../testing/deviceKey';
import { HOOK_TIMEOUT_MS, startHarness, TEST_JWT_SECRET, type Harness } from '../testing/harness';
import { findUserByUsername } from '../users';
import { verifyAuditChain } from '../audit';
import { JWT_AUDIENCE, JWT_ISSUER } from './tokens';

function b64url(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64url');
}

describeBackends('auth', (backend) => {
  let h: Harness;
  beforeAll(async () => {
    // This suite signs in often; the limiter has its own suite below.
    h = await startHarness(backend, { config: { rateLimit: { loginPerMinute: 1000, defaultPerMinute: 10_000 } } });
    await h.makeUser('alice', 'caregiver', ['c-01']);
    await h.makeUser('admin1', 'admin');
  }, HOOK_TIMEOUT_MS);
  afterAll(() => h.close());

  it('stores argon2id hashes with m ≥ 19456, t ≥ 2, p = 1', async () => {
    const u = await findUserByUsername(h.db, 'alice');
    expect(u?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('signs in, registers the device and returns an HS256 access token with iss/aud/sub/dev', async () => {
    const { publicJwk } = await makeDeviceKey();
    const res = await h.call('POST', '/auth/login', { body: { username: 'Alice', password: 'correct horse battery', deviceName: 'Laptop 1', deviceKey: publicJwk } });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ accessToken: string; refreshToken: string; device: { id: string }; user: { username: string; communities: string[]; role: string } }>();
    expect(body.user).toMatchObject({ username: 'alice', role: 'caregiver', communities: ['c-01'] });
    expect(body.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(decodeProtectedHeader(body.accessToken).alg).toBe('HS256');
    const claims = decodeJwt(body.accessToken);
    expect(claims).toMatchObject({ iss: JWT_ISSUER, aud: JWT_AUDIENCE, sub: body.user && expect.any(String), dev: body.device.id });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(900);
    const devices = (await h.db.query<{ id: string; name: string }>('SELECT id, name FROM devices WHERE id = $1', [body.device.id])).rows;
    expect(devices).toEqual([{ id: body.device.id, name: 'Laptop 1' }]);
    const stored = (await h.db.query<{ token_hash: string }>('SELECT token_hash FROM refresh_tokens WHERE device_id = $1', [body.device.id])).rows;
    expect(stored).toHaveLength(1);
    expect(stored[0]?.token_hash).not.toBe(body.refreshToken); // only the hash is kept
    const me = await h.call('GET', '/auth/me', { token: body.accessToken });
    expect(me.statusCode).toBe(200);
    expect(me.json<{ user: { username: string } }>().user.username).toBe('alice');
  });

  it('reuses the caller’s device id only when it is theirs', async () => {
    const first = await h.login('alice');
    const again = await h.login('alice', undefined, first.deviceId);
    expect(again.deviceId).toBe(first.deviceId);
    const other = await h.login('admin1', undefined, first.deviceId);
    expect(other.deviceId).not.toBe(first.deviceId);
    // A new sign-in on the device supersedes its earlier refresh token.
    const stale = await h.refresh(first);
    expect(stale.statusCode).toBe(401);
  });

  it('answers unknown user, wrong password and disabled account identically', async () => {
    await h.makeUser('dora', 'caregiver', ['c-01']);
    await h.db.query("UPDATE users SET status = 'disabled' WHERE username = 'dora'");
    const wrong = await h.call('POST', '/auth/login', { body: { username: 'alice', password: 'wrong password!', deviceName: 'x' } });
    const unknown = await h.call('POST', '/auth/login', { body: { username: 'nobody-here', password: 'wrong password!', deviceName: 'x' } });
    const disabled = await h.call('POST', '/auth/login', { body: { username: 'dora', password: 'correct horse battery', deviceName: 'x' } });
    for (const r of [wrong, unknown, disabled]) {
      expect(r.statusCode).toBe(401);
      expect(r.json()).toEqual({ error: { code: 'invalid_credentials', message: 'wrong username or password', retryable: false } });
    }
    expect(unknown.headers['content-length']).toBe(wrong.headers['content-length']);
  });

  it('rotates refresh tokens; a replayed one (new proof, own key) voids every token of the device, the newest included', async () => {
    const s = await h.login('alice');
    const r1 = await h.refresh(s);
    expect(r1.statusCode).toBe(200);
    const t1 = r1.json<{ accessToken: string; refreshToken: string }>();
    expect(t1.refreshToken).not.toBe(s.refreshToken);
    expect((await h.call('GET', '/auth/me', { token: t1.accessToken })).statusCode).toBe(200);

    const replay = await h.refresh(s);
    expect(replay.statusCode).toBe(401);
    expect(replay.json<{ error: { code: string } }>().error.code).toBe('invalid_credentials');

    const newest = await h.refresh({ ...s, refreshToken: t1.refreshToken });
    expect(newest.statusCode).toBe(401);
    const live = await h.call('GET', '/auth/me', { token: t1.accessToken });
    expect(live.statusCode).toBe(401);
    expect(live.json<{ error: { code: string } }>().error.code).toBe('auth_expired');
    // Signing in again works.
    const again = await h.login('alice', undefined, s.deviceId);
    expect((await h.call('GET', '/auth/me', { token: again.accessToken })).statusCode).toBe(200);
  });

  it('refuses a refresh token presented for another device', async () => {
    const a = await h.login('alice');
    const b = await h.login('alice');
    const res = await h.refresh({ ...a, deviceId: b.deviceId });
    expect(res.statusCode).toBe(401);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('invalid_credentials');
  });

  it('refuses expired, wrong-audience, wrong-issuer, badly signed and alg:none tokens with 401', async () => {
    const s = await h.login('alice');
    const claims = decodeJwt(s.accessToken);
    const base = () =>
      new SignJWT({ dev: s.deviceId, gen: claims.gen })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(String(claims.sub))
        .setIssuedAt(Math.floor(h.clock.now / 1000));
    const nowSec = Math.floor(h.clock.now / 1000);
    const good = await base().setIssuer(JWT_ISSUER).setAudience(JWT_AUDIENCE).setExpirationTime(nowSec + 60).sign(TEST_JWT_SECRET);
    expect((await h.call('GET', '/auth/me', { token: good })).statusCode).toBe(200);

    const expired = await base().setIssuer(JWT_ISSUER).setAudience(JWT_AUDIENCE).setExpirationTime(nowSec - 1).sign(TEST_JWT_SECRET);
    const wrongAud = await base().setIssuer(JWT_ISSUER).setAudience('someone-else').setExpirationTime(nowSec + 60).sign(TEST_JWT_SECRET);
    const wrongIss = await base().setIssuer('evil').setAudience(JWT_AUDIENCE).setExpirationTime(nowSec + 60).sign(TEST_JWT_SECRET);
    const wrongKey = await base().setIssuer(JWT_ISSUER).setAudience(JWT_AUDIENCE).setExpirationTime(nowSec + 60).sign(new TextEncoder().encode('x'.repeat(48)));
    const noneHeader = b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }));
    const payload = b64url(JSON.stringify({ sub: claims.sub, dev: s.deviceId, gen: claims.gen, iss: JWT_ISSUER, aud: JWT_AUDIENCE, iat: nowSec, exp: nowSec + 60 }));
    const algNone = `${noneHeader}.${payload}.`;
    const hs512 = await new SignJWT({ dev: s.deviceId, gen: claims.gen })
      .setProtectedHeader({ alg: 'HS512' })
      .setSubject(String(claims.sub))
      .setIssuedAt(nowSec)
      .setIssuer(JWT_ISSUER).setAudience(JWT_AUDIENCE).setExpirationTime(nowSec + 60).sign(TEST_JWT_SECRET);

    for (const token of [expired, wrongAud, wrongIss, wrongKey, algNone, hs512, 'garbage', '']) {
      const res = await h.call('GET', '/auth/me', { headers: { authorization: `Bearer ${token}` } });
      expect(res.statusCode, token).toBe(401);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('auth_expired');
    }
    expect((await h.call('GET', '/auth/me')).statusCode).toBe(401);
  });

  it('an access token expires after 15 minutes by the server clock', async () => {
    const s = await h.login('alice');
    const start = h.clock.now;
    try {
      h.clock.now = start + 899_000;
      expect((await h.call('GET', '/auth/me', { token: s.accessToken })).statusCode).toBe(200);
      h.clock.now = start + 901_000;
      const res = await h.call('GET', '/auth/me', { token: s.accessToken });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ error: { code: 'auth_expired', retryable: true } });
    } finally {
      h.clock.now = start;
    }
  });

  it('a revoked device’s next request gets 401 device_revoked, and it cannot refresh', async () => {
    const admin = await h.login('admin1');
    const s = await h.login('alice');
    const revoke = await h.call('POST', `/admin/devices/${s.deviceId}/revoke`, { token: admin.accessToken, body: {} });
    expect(revoke.statusCode).toBe(200);
    for (const url of ['/auth/me', '/sync/pull?schemaVersion=1']) {
      const res = await h.call('GET', url, { token: s.accessToken });
      expect(res.statusCode, url).toBe(401);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('device_revoked');
    }
    const refresh = await h.refresh(s);
    expect(refresh.statusCode).toBe(401);
    expect(refresh.json<{ error: { code: string } }>().error.code).toBe('device_revoked');
    // Signing in again from that device gives a new device id, never the revoked one.
    const again = await h.login('alice', undefined, s.deviceId);
    expect(again.deviceId).not.toBe(s.deviceId);
  });

  it('a disabled user is refused on the next request (401 device_revoked, as the protocol says)', async () => {
    const u = await h.makeUser('erin', 'caregiver', ['c-01']);
    const s = await h.login('erin');
    await h.db.query("UPDATE users SET status = 'disabled' WHERE id = $1", [u.id]);
    const res = await h.call('GET', '/auth/me', { token: s.accessToken });
    expect(res.statusCode).toBe(401);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('device_revoked');
  });

  it('writes a chained audit entry for sign-in success and failure, never the password', async () => {
    const before = (await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')).rows[0]?.n ?? 0;
    await h.login('alice');
    await h.call('POST', '/auth/login', { body: { username: 'alice', password: 'not-the-password', deviceName: 'x' } });
    const rows = (await h.db.query<Record<string, unknown>>('SELECT * FROM audit_log ORDER BY id OFFSET $1', [before])).rows;
    const actions = rows.map((r) => `${String(r.action)}:${String(r.outcome)}`);
    expect(actions).toContain('auth.login:success');
    expect(actions).toContain('auth.login:failure');
    expect(JSON.stringify(rows)).not.toMatch(/correct horse|not-the-password/);
    expect(await verifyAuditChain(h.db)).toMatchObject({ ok: true });
  });
});

describeBackends('rate limits', (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(backend, { config: { rateLimit: { loginPerMinute: 10, defaultPerMinute: 5 } } });
    await h.makeUser('bob', 'caregiver', ['c-01']);
    await h.makeUser('dave', 'caregiver', ['c-01']);
  }, HOOK_TIMEOUT_MS);
  afterAll(() => h.close());

  it('the 11th login attempt for one IP + username within a minute gets 429 rate_limited', async () => {
    const attempt = (username: string) => h.call('POST', '/auth/login', { body: { username, password: 'wrong password 1', deviceName: 'x' } });
    for (let i = 0; i < 10; i++) expect((await attempt('bob')).statusCode).toBe(401);
    const eleventh = await attempt('bob');
    expect(eleventh.statusCode).toBe(429);
    expect(eleventh.json()).toMatchObject({ error: { code: 'rate_limited', retryable: true } });
    // Even the right password is refused while limited.
    const right = await h.call('POST', '/auth/login', { body: { username: 'BOB', password: 'correct horse battery', deviceName: 'x' } });
    expect(right.statusCode).toBe(429);
    // Another username from the same IP is not affected.
    expect((await attempt('carol')).statusCode).toBe(401);
  });

  it('counts other requests per device (else per IP): the 6th of a device in a minute gets 429', async () => {
    const a = await h.login('dave');
    const b = await h.login('dave');
    for (let i = 0; i < 5; i++) expect((await h.call('GET', '/auth/me', { token: a.accessToken })).statusCode).toBe(200);
    const sixth = await h.call('GET', '/auth/me', { token: a.accessToken });
    expect(sixth.statusCode).toBe(429);
    expect(sixth.json()).toMatchObject({ error: { code: 'rate_limited', retryAfterMs: expect.any(Number) } });
    expect(sixth.headers['retry-after']).toBeDefined();
    expect((await h.call('GET', '/auth/me', { token: b.accessToken })).statusCode).toBe(200);
    // Anonymous requests share the IP's budget.
    const anon = [];
    for (let i = 0; i < 6; i++) anon.push((await h.call('GET', '/communities')).statusCode);
    expect(anon.slice(0, 5).every((s) => s === 401)).toBe(true);
    expect(anon[5]).toBe(429);
  });
});
