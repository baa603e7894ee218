/**
 * A wipe order end to end, sync client against the REAL server over real HTTP (testing.ts): an administrator
 * revokes the device with `wipe`, the device's next request learns it (a pull with a live access token, or a
 * refresh after a restart), every store is emptied, the outbox included, the host forgets its device key and
 * refresh token, and the server records the confirmation. A revocation without the order keeps the data.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { storePhoto } from '../db/attachments';
import { createRecord } from '../db/repository';
import type { CareRoundsDb } from '../db/db';
import { DEVICE_SESSION_SECRET } from '../host/browser-auth';
import { SyncAuth } from './auth';
import { SyncEngine } from './engine';
import { readWipeMarker } from './state';
import { base, device, h, residentInput, startRealServer, type Device } from './testing';
import { wipeDevice } from './wipe';
import { AppLock } from '../lock/appLock';
import { memoryStore } from '../lock/device';
import { Keyring } from '../lock/keyring';

startRealServer();

let adminToken: string | null = null;

/** Revokes the device as the administrator would, over HTTP. */
async function revoke(deviceId: string, body: object): Promise<void> {
  if (adminToken === null) {
    await h.makeUser('wipeadmin', 'admin');
    const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'wipeadmin', password: 'correct horse battery', deviceName: 'admin desk' }) });
    adminToken = ((await login.json()) as { accessToken: string }).accessToken;
  }
  const res = await fetch(`${base}/admin/devices/${deviceId}/revoke`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
}

/** A device holding synced records, a photo, and an unsent change. */
async function deviceWithData(): Promise<Device & { deviceId: string }> {
  const d = await device('malee');
  const r = await createRecord(d.db, 'residents', residentInput('ลบทิ้ง'), { userId: d.userId });
  await storePhoto(d.db, { residentId: r.id, bytes: new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3]).buffer, mimeType: 'image/jpeg', width: 1, height: 1 });
  await d.client.syncNow();
  await createRecord(d.db, 'residents', residentInput('ยังไม่ส่ง'), { userId: d.userId });
  expect(await d.db.outbox.count()).toBe(1);
  expect(await d.db.residents.count()).toBeGreaterThanOrEqual(2);
  const session = await d.auth.session();
  if (!session) throw new Error('no session');
  return { ...d, deviceId: session.deviceId };
}

/** Every store's row count, except the wipe marker. */
async function rowsLeft(db: CareRoundsDb): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of db.tables) {
    const n = t.name === 'syncState' ? await db.syncState.where('key').notEqual('wiped').count() : await t.count();
    if (n > 0) out[t.name] = n;
  }
  return out;
}

function engineFor(d: Device, tokens = d.auth): SyncEngine {
  return new SyncEngine({
    db: d.db,
    pullDb: d.db.pullConnection(),
    baseUrl: base,
    tokens,
    events: false,
    onWipeOrder: async (order) => {
      await wipeDevice({ db: d.db, auth: d.host.auth, order });
    },
  });
}

async function wipedOnServer(deviceId: string): Promise<{ wiped: boolean; audits: number }> {
  const row = (await h.db.query('SELECT wiped_at FROM devices WHERE id = $1', [deviceId])).rows[0];
  const audits = (await h.db.query("SELECT count(*)::int AS n FROM audit_log WHERE action = 'device.wiped' AND device_id = $1", [deviceId])).rows[0];
  return { wiped: row?.wiped_at !== null && row?.wiped_at !== undefined, audits: Number(audits?.n) };
}

describe('a wipe order against the real server', () => {
  it('empties every store on the next sync, deletes the refresh token and confirms to the server', async () => {
    const d = await deviceWithData();
    expect(Object.keys(await rowsLeft(d.db))).toEqual(expect.arrayContaining(['residents', 'outbox', 'attachments', 'meta', 'syncState', 'registerRows']));
    await revoke(d.deviceId, { wipe: true });

    const engine = engineFor(d);
    await engine.start();
    await engine.syncNow();
    engine.stop();

    expect(await rowsLeft(d.db)).toEqual({});
    expect(await readWipeMarker(d.db)).toMatchObject({ key: 'wiped', orderedAt: expect.any(String), wipedAt: expect.any(String) });
    expect(await d.host.secrets.get(DEVICE_SESSION_SECRET)).toBeNull();
    expect(await wipedOnServer(d.deviceId)).toEqual({ wiped: true, audits: 1 });
  });

  it('learns the order from a refresh after a restart (no access token in memory), with the same result', async () => {
    const d = await deviceWithData();
    await revoke(d.deviceId, { wipe: true });
    // A restarted app: a new SyncAuth on the same database and secrets, so the first request refreshes.
    const restarted = new SyncAuth({ db: d.db, host: d.host.auth });
    const engine = engineFor(d, restarted);
    await engine.start();
    await engine.syncNow();
    engine.stop();
    expect(await rowsLeft(d.db)).toEqual({});
    expect(await d.host.secrets.get(DEVICE_SESSION_SECRET)).toBeNull();
    expect(await wipedOnServer(d.deviceId)).toEqual({ wiped: true, audits: 1 });
  });

  it('erases everything even when the host cannot forget its token or confirm the wipe', async () => {
    const d = await deviceWithData();
    const broken = { confirmWiped: () => Promise.reject(new Error('secret store unavailable')) };
    const marker = await wipeDevice({ db: d.db, auth: broken, order: { orderedAt: new Date().toISOString() } });
    expect(marker.key).toBe('wiped');
    expect(await rowsLeft(d.db)).toEqual({});
    expect(await readWipeMarker(d.db)).toEqual(marker);
  });

  it('makes the app lock forget the signed-in user\'s wrapped keys once the database is erased', async () => {
    const d = await deviceWithData();
    const lock = new AppLock({ store: memoryStore(), keyring: new Keyring(), secrets: d.host.secrets, hostKind: 'browser' });
    await lock.signedIn({ id: d.userId, username: 'malee', displayName: 'Malee' }, 'correct horse battery');
    await lock.choose({ kind: 'pin', pin: '482916' });
    await wipeDevice({ db: d.db, auth: d.host.auth, order: { orderedAt: new Date().toISOString() }, lock: { userId: d.userId, forgetKeys: (id) => lock.forgetKeys(id) } });
    expect(await rowsLeft(d.db)).toEqual({});
    expect(lock.phase().kind).not.toBe('unlocked');
    expect(await lock.unlock('482916')).toMatchObject({ ok: false });
  });

  it('a revocation without the order stops syncing and keeps every local row and the outbox', async () => {
    const d = await deviceWithData();
    const before = await rowsLeft(d.db);
    await revoke(d.deviceId, {});
    const engine = engineFor(d);
    await engine.start();
    await engine.syncNow();
    engine.stop();
    expect(engine.getSnapshot()).toMatchObject({ phase: 'stopped', problem: 'device_revoked' });
    const after = await rowsLeft(d.db);
    expect(after.residents).toBe(before.residents);
    expect(after.outbox).toBe(1);
    expect(await readWipeMarker(d.db)).toBeNull();
    expect(await wipedOnServer(d.deviceId)).toEqual({ wiped: false, audits: 0 });
  });
});
