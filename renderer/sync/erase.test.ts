/**
 * Erasure reaches devices (docs/sync-protocol.md §6.4, docs/security.md §6): the real server over real HTTP
 * (testing.ts), each device its own Dexie database. After an administrator approves an erasure, a synced
 * device and one that was offline with an unsent edit of the person both hold nothing of them at their next
 * sync: no row, read model, draft, photo, outbox value or refused copy, in any store.
 */
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildVisit } from '../../test/fixtures/careHistory';
import { storePhoto } from '../db/attachments';
import type { CareRoundsDb } from '../db/db';
import { buildAssessmentData } from '../db/testing';
import { createRecord, patchRecord } from '../db/repository';
import { base, device, h, residentInput, startRealServer } from './testing';

startRealServer();

const ADMIN_PASSWORD = 'pdpa admin password';
const MARK = 'ความลับ-PDPA-q8w2';

/** Every store of the device's database as text. */
async function dump(db: CareRoundsDb): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const t of db.tables) out.set(t.name, JSON.stringify(await t.toArray()));
  return out;
}
const holding = (tables: Map<string, string>, needle: string): string[] => [...tables].filter(([, text]) => text.includes(needle)).map(([n]) => n);

async function api(method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('an erasure reaches every device', () => {
  let adminToken = '';
  beforeAll(async () => {
    await h.makeUser('dpo-admin', 'admin', [], ADMIN_PASSWORD);
    const login = await api('POST', '/auth/login', null, { username: 'dpo-admin', password: ADMIN_PASSWORD, deviceName: 'office' });
    adminToken = String(login.json.accessToken);
  });

  it('removes the person from a synced device and from one that was offline with an unsent edit', async () => {
    const a = await device('malee');
    const r = await createRecord(a.db, 'residents', residentInput(MARK), { userId: a.userId });
    await createRecord(a.db, 'assessments', buildAssessmentData(r.id, '2025-01-02', 9), { userId: a.userId });
    await createRecord(a.db, 'visits', { ...buildVisit(r.id, { day: 3, hour: 9, done: true, type: 'routine', systolic: 130, pulse: 80, weight: 60, next: 30 }), caregiverId: a.userId }, { userId: a.userId });
    await storePhoto(a.db, { residentId: r.id, bytes: new TextEncoder().encode(MARK).buffer, mimeType: 'image/jpeg', width: 1, height: 1 });
    const other = await createRecord(a.db, 'residents', residentInput('คงอยู่'), { userId: a.userId });
    await a.client.syncNow();

    const b = await device('nid');
    await b.client.syncNow();
    expect(await b.db.residents.get(r.id)).toBeDefined();
    // b goes offline and edits the person; the change waits in its outbox.
    await patchRecord(b.db, 'residents', r.id, { notes: `${MARK} แก้ไขขณะออฟไลน์` }, { userId: b.userId });
    expect(await b.db.outbox.count()).toBe(1);
    expect(holding(await dump(a.db), MARK).length).toBeGreaterThan(0); // the check below can see the person

    const recorded = await api('POST', '/pdpa/erasures', adminToken, { residentId: r.id, requestedBy: 'บุตรสาว (ผู้แทนโดยชอบธรรม)', requestedOn: '2025-06-01', reason: 'ขอลบข้อมูลทั้งหมด' });
    expect(recorded.status).toBe(201);
    const approved = await api('POST', `/pdpa/erasures/${String((recorded.json.request as { id: string }).id)}/approve`, adminToken);
    expect(approved.status).toBe(200);

    await a.client.syncNow();
    await b.client.syncNow();
    for (const d of [a, b]) {
      const tables = await dump(d.db);
      expect(holding(tables, MARK)).toEqual([]);
      expect(holding(tables, r.id)).toEqual([]);
      expect(await d.db.residents.get(other.id)).toBeDefined();
      expect(await d.db.outbox.count()).toBe(0);
    }
    // The offline edit never reached the server either.
    expect((await h.db.query("SELECT 1 FROM record_history WHERE fields::text LIKE '%' || $1 || '%'", [MARK])).rows).toEqual([]);
  });

  it('withdraws an outbox entry of the erased person pulled before it was pushed, keeping the mids gap-free', async () => {
    const a = await device('malee');
    const r = await createRecord(a.db, 'residents', residentInput(`${MARK}-2`), { userId: a.userId });
    await a.client.syncNow();
    const c = await device('pim');
    await c.client.syncNow();
    // A visit typed on c while the erasure is approved; c pulls before it pushes.
    const visit = await createRecord(c.db, 'visits', { ...buildVisit(r.id, { day: 4, hour: 10, done: true, type: 'routine', systolic: 120, pulse: 70, weight: 58, next: 30 }), observations: MARK, caregiverId: c.userId }, { userId: c.userId });
    const later = await createRecord(c.db, 'residents', residentInput('ผู้มาใหม่'), { userId: c.userId });
    const recorded = await api('POST', '/pdpa/erasures', adminToken, { residentId: r.id, requestedBy: 'ตัวผู้สูงอายุเอง', requestedOn: '2025-06-01', reason: 'ถอนความยินยอมและขอลบ' });
    await api('POST', `/pdpa/erasures/${String((recorded.json.request as { id: string }).id)}/approve`, adminToken);

    await c.client.pullOnce();
    const outbox = await c.db.outbox.orderBy('mid').toArray();
    expect(outbox.map((e) => [e.recordId, e.fields])).toEqual([[visit.id, {}], [later.id, expect.objectContaining({ firstName: 'ผู้มาใหม่' })]]);
    expect(await c.db.syncRejected.get(outbox[0]?.mid ?? -1)).toMatchObject({ withdrawn: true, code: 'record_deleted' });
    expect(holding(await dump(c.db), MARK)).toEqual([]);

    await c.client.syncNow();
    expect(await c.db.outbox.count()).toBe(0);
    expect((await h.db.query('SELECT 1 FROM records WHERE id = $1', [later.id])).rows).toHaveLength(1);
    expect((await h.db.query('SELECT 1 FROM records WHERE id = $1', [visit.id])).rows).toEqual([]);
  });

  it('leaves no draft or photo of an erased person on a device that bootstraps instead of pulling the erasure', async () => {
    const a = await device('malee');
    const r = await createRecord(a.db, 'residents', residentInput(`${MARK}-3`), { userId: a.userId });
    await a.client.syncNow();
    const d = await device('nid');
    await d.client.syncNow();
    // A photo this device downloaded (stored, not queued for upload), and a visit being written.
    await d.db.attachments.put({ sha256: 'ab'.repeat(32), residentId: r.id, mimeType: 'image/jpeg', bytes: new TextEncoder().encode(`${MARK}-photo`).buffer, storedAt: '2025-06-01T02:00:00.000Z' });
    await d.db.visitDrafts.put({ key: `${r.id}|${d.userId}`, residentId: r.id, userId: d.userId, values: {} as never, startedAt: '2025-06-01T02:00:00.000Z', savedAt: '2025-06-01T02:00:00.000Z' });
    const recorded = await api('POST', '/pdpa/erasures', adminToken, { residentId: r.id, requestedBy: 'ตัวผู้สูงอายุเอง', requestedOn: '2025-06-01', reason: 'ขอลบ' });
    await api('POST', `/pdpa/erasures/${String((recorded.json.request as { id: string }).id)}/approve`, adminToken);

    await d.db.syncState.delete('cursor'); // a device that starts over (or far behind) bootstraps
    await d.client.syncNow();
    expect(holding(await dump(d.db), r.id)).toEqual([]);
  });
});
