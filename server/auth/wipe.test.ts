/**
 * docs/sync-protocol.md §4 "Revocation": an administrator's wipe order reaches the revoked device on its next
 * pull, push or refresh (401 `device_revoked` with `wipe`), the device's confirmation is recorded once
 * (`device.wiped`), and the admin device list shows both. A revocation without the order answers as before.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AdminDeviceList, ErrorBody } from '../../shared/sync/protocol';
import { describeBackends } from '../testing/backends';
import { HOOK_TIMEOUT_MS, startHarness, type Harness, type Session } from '../testing/harness';
import { residentData, newId, TestSyncClient } from '../testing/sync-client';

describeBackends('remote wipe of a revoked device', (backend) => {
  let h: Harness;
  let admin: Session;

  beforeAll(async () => {
    h = await startHarness(backend, { config: { rateLimit: { loginPerMinute: 1000, defaultPerMinute: 100_000 } } });
    await h.makeUser('wadmin', 'admin');
    await h.makeUser('wcg', 'caregiver', ['c-01']);
    admin = await h.login('wadmin');
  }, HOOK_TIMEOUT_MS);
  afterAll(() => h.close());

  async function device(id: string) {
    const res = await h.call('GET', '/admin/devices', { token: admin.accessToken });
    return AdminDeviceList.parse(res.json()).devices.find((d) => d.id === id);
  }

  async function audits(action: string, deviceId: string): Promise<number> {
    const r = await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND (record_id = $2 OR device_id = $2)', [action, deviceId]);
    return r.rows[0]?.n ?? -1;
  }

  /** The refusals of the device's next pull, push and refresh. */
  async function refusals(s: Session): Promise<ErrorBody[]> {
    const client = new TestSyncClient(h, s);
    const pull = await client.pullRaw('');
    const push = await client.pushRaw([client.mutation('resident', newId(), 'create', residentData('c-01'))]);
    const refresh = await h.refresh(s);
    return [pull, push, refresh].map((r) => {
      expect(r.statusCode).toBe(401);
      return ErrorBody.parse(r.json());
    });
  }

  it('a revocation without a wipe order answers device_revoked with no order, as before', async () => {
    const s = await h.login('wcg');
    const res = await h.call('POST', `/admin/devices/${s.deviceId}/revoke`, { token: admin.accessToken, body: {} });
    expect(res.statusCode).toBe(200);
    for (const body of await refusals(s)) expect(body.error).toEqual({ code: 'device_revoked', message: expect.any(String), retryable: false });
    const listed = await device(s.deviceId);
    expect(listed?.revokedAt).not.toBeNull();
    expect(listed).not.toHaveProperty('wipeOrderedAt');
    // A confirmation for a device that was never ordered to wipe records nothing.
    expect((await h.call('POST', '/auth/wiped', { body: { deviceId: s.deviceId, refreshToken: s.refreshToken } })).statusCode).toBe(204);
    expect(await audits('device.wiped', s.deviceId)).toBe(0);
    expect(await device(s.deviceId)).not.toHaveProperty('wipedAt');
  });

  it('a wipe order reaches the device on its next pull, push and refresh; its confirmation is recorded once', async () => {
    const s = await h.login('wcg');
    h.clock.now += 1000;
    const orderedAt = new Date(h.clock.now).toISOString();
    const res = await h.call('POST', `/admin/devices/${s.deviceId}/revoke`, { token: admin.accessToken, body: { wipe: true } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ device: { id: s.deviceId, revokedAt: orderedAt, wipeOrderedAt: orderedAt } });
    expect(await audits('device.wipe_order', s.deviceId)).toBe(1);
    for (const body of await refusals(s)) expect(body.error).toMatchObject({ code: 'device_revoked', retryable: false, wipe: { orderedAt } });

    // Someone else's token, or a made-up one, confirms nothing.
    const other = await h.login('wcg');
    expect((await h.call('POST', '/auth/wiped', { body: { deviceId: s.deviceId, refreshToken: other.refreshToken } })).statusCode).toBe(204);
    expect((await h.call('POST', '/auth/wiped', { body: { deviceId: s.deviceId, refreshToken: 'x'.repeat(43) } })).statusCode).toBe(204);
    expect(await audits('device.wiped', s.deviceId)).toBe(0);

    h.clock.now += 5000;
    const wipedAt = new Date(h.clock.now).toISOString();
    expect((await h.call('POST', '/auth/wiped', { body: { deviceId: s.deviceId, refreshToken: s.refreshToken } })).statusCode).toBe(204);
    h.clock.now += 5000;
    expect((await h.call('POST', '/auth/wiped', { body: { deviceId: s.deviceId, refreshToken: s.refreshToken } })).statusCode).toBe(204);
    expect(await audits('device.wiped', s.deviceId)).toBe(1);
    expect(await device(s.deviceId)).toMatchObject({ wipeOrderedAt: orderedAt, wipedAt });
    // The device stays revoked: the confirmation opens nothing.
    expect((await refusals(s)).map((b) => b.error.code)).toEqual(['device_revoked', 'device_revoked', 'device_revoked']);
  });

  it('a device revoked earlier can be ordered to wipe later; revoking again without the order keeps it', async () => {
    const s = await h.login('wcg');
    await h.call('POST', `/admin/devices/${s.deviceId}/revoke`, { token: admin.accessToken, body: {} });
    h.clock.now += 1000;
    await h.call('POST', `/admin/devices/${s.deviceId}/revoke`, { token: admin.accessToken, body: { wipe: true } });
    await h.call('POST', `/admin/devices/${s.deviceId}/revoke`, { token: admin.accessToken });
    expect((await device(s.deviceId))?.wipeOrderedAt).toBe(new Date(h.clock.now).toISOString());
    expect((await refusals(s))[0]?.error.wipe).toEqual({ orderedAt: new Date(h.clock.now).toISOString() });
  });

  it('the revoke body is checked: unknown keys and wrong types are 400, a caregiver is 403', async () => {
    const s = await h.login('wcg');
    for (const body of [{ wipe: 'yes' }, { wipe: true, everything: true }, []]) {
      const res = await h.call('POST', `/admin/devices/${s.deviceId}/revoke`, { token: admin.accessToken, body });
      expect([res.statusCode, res.json<ErrorBody>().error.code]).toEqual([400, 'invalid_argument']);
    }
    const res = await h.call('POST', `/admin/devices/${s.deviceId}/revoke`, { token: s.accessToken, body: { wipe: true } });
    expect([res.statusCode, res.json<ErrorBody>().error.code]).toEqual([403, 'forbidden']);
    expect(await device(s.deviceId)).toMatchObject({ revokedAt: null });
  });
});
