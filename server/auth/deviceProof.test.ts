import { afterAll, beforeAll, expect, it } from 'vitest';
import { PROOF_MAX_AGE_S, PROOF_MAX_AHEAD_S } from '../../shared/sync/deviceProof';
import { describeBackends } from '../testing/backends';
import { makeDeviceKey, signedRefreshBody } from '../testing/deviceKey';
import { HOOK_TIMEOUT_MS, startHarness, type Harness } from '../testing/harness';
import { REFRESH_RETRY_GRACE_MS } from './refresh';

type Pair = { accessToken: string; refreshToken: string; expiresIn: number };
const codeOf = (res: { json: <T>() => T }) => res.json<{ error: { code: string } }>().error.code;

describeBackends('device-bound refresh', (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(backend, { config: { rateLimit: { loginPerMinute: 1000, defaultPerMinute: 10_000 } } });
    await h.makeUser('malee', 'caregiver', ['c-01']);
  }, HOOK_TIMEOUT_MS);
  afterAll(() => h.close());

  const auditCount = async (deviceId: string, action: string) =>
    (await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE device_id = $1 AND action = $2', [deviceId, action])).rows[0]?.n;

  it('stores the device key at login and gives no refresh token to a login without one', async () => {
    const s = await h.login('malee');
    const stored = (await h.db.query<{ public_key_jwk: string }>('SELECT public_key_jwk FROM devices WHERE id = $1', [s.deviceId])).rows[0];
    expect(JSON.parse(stored?.public_key_jwk ?? 'null')).toEqual(s.key.publicJwk);
    const bare = await h.call('POST', '/auth/login', { body: { username: 'malee', password: 'correct horse battery', deviceName: 'script' } });
    expect(bare.statusCode).toBe(200);
    expect(bare.json<{ refreshToken?: string }>().refreshToken).toBeUndefined();
  });

  it('refuses a device key that is not P-256 or carries extra members', async () => {
    const key = await makeDeviceKey();
    for (const deviceKey of [
      { ...key.publicJwk, crv: 'P-384' },
      { ...key.publicJwk, d: key.publicJwk.x },
      { kty: 'RSA', n: 'AQAB', e: 'AQAB' },
      { ...key.publicJwk, x: 'short' },
    ]) {
      const res = await h.call('POST', '/auth/login', { body: { username: 'malee', password: 'correct horse battery', deviceName: 'x', deviceKey } });
      expect(res.statusCode, JSON.stringify(deviceKey)).toBe(400);
      expect(codeOf(res)).toBe('invalid_argument');
    }
  });

  it('refuses a copied refresh token signed by another key, audited, and the rightful device keeps its session', async () => {
    const s = await h.login('malee');
    const thief = await makeDeviceKey();
    const stolen = await h.refresh(s, { key: thief });
    expect(stolen.statusCode).toBe(401);
    expect(codeOf(stolen)).toBe('proof_invalid');
    expect(await auditCount(s.deviceId, 'auth.refresh_proof')).toBe(1);
    // Nothing was voided: the device's live access token and its refresh token both still work.
    expect((await h.call('GET', '/auth/me', { token: s.accessToken })).statusCode).toBe(200);
    const own = await h.refresh(s);
    expect(own.statusCode).toBe(200);
    expect((await h.call('GET', '/auth/me', { token: own.json<Pair>().accessToken })).statusCode).toBe(200);
  });

  it('refuses a refresh with no proof, or a proof over another token', async () => {
    const s = await h.login('malee');
    const noProof = await h.call('POST', '/auth/refresh', { body: { deviceId: s.deviceId, refreshToken: s.refreshToken } });
    expect(noProof.statusCode).toBe(400);
    const other = await h.login('malee');
    const forOther = await signedRefreshBody(s.key, { deviceId: s.deviceId, refreshToken: other.refreshToken, nowMs: h.clock.now });
    const moved = await h.call('POST', '/auth/refresh', { body: { ...forOther, refreshToken: s.refreshToken } });
    expect(codeOf(moved)).toBe('proof_invalid');
    // Signed for another endpoint: the path must be the refresh path (the host is not compared: proxies rewrite it).
    const otherPath = await signedRefreshBody(s.key, { ...s, nowMs: h.clock.now, origin: 'http://localhost/auth/login?' });
    expect(codeOf(await h.call('POST', '/auth/refresh', { body: otherPath }))).toBe('proof_invalid');
    const viaProxy = await signedRefreshBody(s.key, { ...s, nowMs: h.clock.now, origin: 'https://care.example.go.th/carerounds' });
    expect((await h.call('POST', '/auth/refresh', { body: viaProxy })).statusCode).toBe(200);
  });

  it('answers a lost reply resent with the same signed request with the same pair, minting nothing', async () => {
    const s = await h.login('malee');
    const body = await signedRefreshBody(s.key, { ...s, nowMs: h.clock.now });
    const first = await h.call('POST', '/auth/refresh', { body });
    expect(first.statusCode).toBe(200);
    const countTokens = async () => (await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM refresh_tokens WHERE device_id = $1', [s.deviceId])).rows[0]?.n;
    const before = await countTokens();

    h.clock.now += 5_000;
    const resent = await h.call('POST', '/auth/refresh', { body });
    expect(resent.statusCode).toBe(200);
    expect(resent.json<Pair>().refreshToken).toBe(first.json<Pair>().refreshToken);
    expect(resent.json<Pair>().accessToken).toBe(first.json<Pair>().accessToken);
    expect(resent.json<Pair>().expiresIn).toBe(first.json<Pair>().expiresIn - 5);
    expect(await countTokens()).toBe(before);
    expect(await auditCount(s.deviceId, 'auth.refresh_retry')).toBe(1);
    // The pair rotates normally afterwards.
    const next = await h.refresh({ ...s, refreshToken: resent.json<Pair>().refreshToken });
    expect(next.statusCode).toBe(200);
  });

  it('keeps no readable token in the database: the retry box opens only with the presented token', async () => {
    const s = await h.login('malee');
    const answer = (await h.refresh(s)).json<Pair>();
    const rows = (await h.db.query<Record<string, unknown>>('SELECT * FROM refresh_tokens WHERE device_id = $1', [s.deviceId])).rows;
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(answer.refreshToken);
    expect(dump).not.toContain(answer.accessToken.split('.')[2]);
    expect(dump).not.toContain(s.refreshToken);
    expect(rows.filter((r) => r.retry_box !== null)).toHaveLength(1);
    // Using the successor drops the box that could answer a resend.
    await h.refresh({ ...s, refreshToken: answer.refreshToken });
    const boxes = (await h.db.query<{ id: string }>('SELECT id FROM refresh_tokens WHERE device_id = $1 AND retry_box IS NOT NULL', [s.deviceId])).rows;
    expect(boxes).toHaveLength(1);
  });

  it('treats the rotated token with a new jti as a replay: the device’s tokens are voided', async () => {
    const s = await h.login('malee');
    const first = (await h.refresh(s)).json<Pair>();
    h.clock.now += 1_000;
    const replay = await h.refresh(s); // a fresh jti over the already rotated token
    expect(replay.statusCode).toBe(401);
    expect(codeOf(replay)).toBe('invalid_credentials');
    expect(await auditCount(s.deviceId, 'auth.refresh_replay')).toBe(1);
    expect((await h.refresh({ ...s, refreshToken: first.refreshToken })).statusCode).toBe(401);
    expect(codeOf(await h.call('GET', '/auth/me', { token: first.accessToken }))).toBe('auth_expired');
  });

  it('treats the same signed request after the grace window as a replay', async () => {
    const s = await h.login('malee');
    const body = await signedRefreshBody(s.key, { ...s, nowMs: h.clock.now });
    expect((await h.call('POST', '/auth/refresh', { body })).statusCode).toBe(200);
    h.clock.now += REFRESH_RETRY_GRACE_MS + 1;
    const late = await h.call('POST', '/auth/refresh', { body });
    expect(codeOf(late)).toBe('invalid_credentials');
    expect(await auditCount(s.deviceId, 'auth.refresh_replay')).toBe(1);
  });

  it('refuses a reused jti with a different proof, revoking nothing', async () => {
    const s = await h.login('malee');
    const jti = 'same-jti-0123456789abcdef';
    const first = await h.refresh(s, { jti });
    expect(first.statusCode).toBe(200);
    const other = await h.refresh(s, { jti, iatSec: Math.floor(h.clock.now / 1000) - 1 });
    expect(other.statusCode).toBe(401);
    expect(codeOf(other)).toBe('proof_reused');
    expect((await h.refresh({ ...s, refreshToken: first.json<Pair>().refreshToken })).statusCode).toBe(200);
  });

  it('refuses proofs with a stale or future iat, revoking nothing', async () => {
    const s = await h.login('malee');
    const nowSec = Math.floor(h.clock.now / 1000);
    for (const iatSec of [nowSec - PROOF_MAX_AGE_S - 1, nowSec + PROOF_MAX_AHEAD_S + 1]) {
      const res = await h.refresh(s, { iatSec });
      expect(res.statusCode, String(iatSec - nowSec)).toBe(401);
      expect(codeOf(res)).toBe('proof_stale');
    }
    expect((await h.refresh(s, { iatSec: nowSec - PROOF_MAX_AGE_S + 1 })).statusCode).toBe(200);
  });

  it('a new sign-in replaces the key: proofs by the old key are refused', async () => {
    const s = await h.login('malee');
    const again = await h.login('malee', undefined, s.deviceId);
    expect(again.deviceId).toBe(s.deviceId);
    expect(codeOf(await h.refresh({ ...again, key: s.key }))).toBe('proof_invalid');
    expect((await h.refresh(again)).statusCode).toBe(200);
  });
});
