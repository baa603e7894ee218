/**
 * POST /auth/recovery-key over real HTTP (docs/sync-protocol.md §4 "Recovery key"): the same device and user get
 * the same key every time; another device gets another key and cannot ask for this one; a token from a refresh
 * is refused; the revocation of the device deletes its key; the fetch is audited without the key.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ErrorBody, RecoveryKeyResponse, RefreshResponse } from '../../shared/sync/protocol';
import { describeBackends } from '../testing/backends';
import { HOOK_TIMEOUT_MS, startHarness, type Harness, type Session } from '../testing/harness';

describeBackends('the recovery key of a device', (backend) => {
  let h: Harness;
  let base = '';
  let admin: Session;

  beforeAll(async () => {
    h = await startHarness(backend, { config: { rateLimit: { loginPerMinute: 1000, defaultPerMinute: 100_000 } } });
    base = await h.app.listen({ port: 0, host: '127.0.0.1' });
    await h.makeUser('radmin', 'admin');
    await h.makeUser('rann', 'caregiver', ['c-01']);
    await h.makeUser('rben', 'caregiver', ['c-01']);
    admin = await h.login('radmin');
  }, HOOK_TIMEOUT_MS);
  afterAll(() => h.close());

  async function ask(token: string, deviceId: string): Promise<{ status: number; json: unknown }> {
    const res = await fetch(`${base}/auth/recovery-key`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ deviceId }) });
    // Never kept by a cache between the server and the device.
    expect(res.headers.get('cache-control')).toBe('no-store');
    return { status: res.status, json: (await res.json()) as unknown };
  }

  async function keyOf(s: { accessToken: string; deviceId: string }): Promise<string> {
    const r = await ask(s.accessToken, s.deviceId);
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const parsed = RecoveryKeyResponse.parse(r.json);
    expect(parsed.deviceId).toBe(s.deviceId);
    expect(Buffer.from(parsed.key, 'base64')).toHaveLength(32);
    return parsed.key;
  }

  const refusal = (r: { status: number; json: unknown }) => [r.status, ErrorBody.parse(r.json).error.code];

  it('gives the same key to the same device and user, across sign-ins, and another to every other device', async () => {
    const ann = await h.login('rann');
    const first = await keyOf(ann);
    expect(await keyOf(ann)).toBe(first);
    // Signing in again on the same device (the password reset's way back) reads the same key.
    const again = await h.login('rann', undefined, ann.deviceId);
    expect(again.deviceId).toBe(ann.deviceId);
    expect(await keyOf(again)).toBe(first);
    const annLaptop = await h.login('rann');
    const ben = await h.login('rben');
    const others = [await keyOf(annLaptop), await keyOf(ben)];
    expect(new Set([first, ...others]).size).toBe(3);
    const rows = await h.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'recovery.key' AND device_id = $1", [ann.deviceId]);
    expect(rows.rows[0]?.n).toBe(3);
    const text = JSON.stringify((await h.db.query("SELECT * FROM audit_log WHERE action = 'recovery.key'")).rows);
    expect(text).not.toContain(first);
  });

  it("refuses another device's or another user's key: 403 forbidden", async () => {
    const ann = await h.login('rann');
    const annKey = await keyOf(ann);
    const ben = await h.login('rben');
    expect(refusal(await ask(ben.accessToken, ann.deviceId))).toEqual([403, 'forbidden']);
    const annLaptop = await h.login('rann');
    expect(refusal(await ask(annLaptop.accessToken, ann.deviceId))).toEqual([403, 'forbidden']);
    // The refusals are audited as refusals, and Ann's key is unchanged.
    const denied = await h.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'request.denied' AND device_id = ANY($1)", [[ben.deviceId, annLaptop.deviceId]]);
    expect(denied.rows[0]?.n).toBe(2);
    expect(await keyOf(ann)).toBe(annKey);
  });

  it('refuses a token made by a refresh: only a sign-in with the password reads the key', async () => {
    const ann = await h.login('rann');
    const refreshed = await h.refresh(ann);
    expect(refreshed.statusCode).toBe(200);
    const token = RefreshResponse.parse(refreshed.json()).accessToken;
    expect(refusal(await ask(token, ann.deviceId))).toEqual([403, 'forbidden']);
    expect(refusal(await ask('not-a-token', ann.deviceId))).toEqual([401, 'auth_expired']);
  });

  it("drops the key when the device is revoked; the revoked device's token is refused", async () => {
    const ann = await h.login('rann');
    await keyOf(ann);
    const res = await h.call('POST', `/admin/devices/${ann.deviceId}/revoke`, { token: admin.accessToken, body: {} });
    expect(res.statusCode).toBe(200);
    expect((await h.db.query('SELECT 1 FROM recovery_keys WHERE device_id = $1', [ann.deviceId])).rows).toEqual([]);
    expect(refusal(await ask(ann.accessToken, ann.deviceId))).toEqual([401, 'device_revoked']);
  });
});
