import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../shared/reports/csv';
import { AuditPage, type AuditEntryView } from '../../shared/sync/audit';
import { appendAudit, appendAuditMany, appendErasureAudit, erasedRecordId, verifyAuditChain, type AuditEntry } from '../audit';
import { describeBackends } from '../testing/backends';
import { HOOK_TIMEOUT_MS, startHarness, type Harness, type Session } from '../testing/harness';
import { newId, residentData, TestSyncClient } from '../testing/sync-client';

const MARKER_NOTE = 'AUDIT-MARKER-ความดันสูง-180/110';
const MARKER_NATIONAL_ID = '3100700123451';

async function count(h: Harness, sql: string, params: unknown[] = []): Promise<number> {
  return (await h.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql}) AS x`, params)).rows[0]?.n ?? 0;
}

interface Row {
  id: number;
  user_id: string | null;
  device_id: string | null;
  action: string;
  record_type: string | null;
  record_id: string | null;
  outcome: string;
  request_id: string | null;
  client_at: Date | null;
  detail: string | null;
}

async function rowsAfter(h: Harness, id: number): Promise<Row[]> {
  return (await h.db.query<Row>('SELECT * FROM audit_log WHERE id > $1 ORDER BY id', [id])).rows;
}

async function lastId(h: Harness): Promise<number> {
  return (await h.db.query<{ id: number | null }>('SELECT max(id)::int8 AS id FROM audit_log')).rows[0]?.id ?? 0;
}

describeBackends('audit log', (backend) => {
  let h: Harness;
  let admin: Session;
  let cg: Session;
  let cg3: Session;

  beforeAll(async () => {
    h = await startHarness(backend, { config: { rateLimit: { loginPerMinute: 1000, defaultPerMinute: 100_000 } } });
    await h.makeUser('auditroot', 'admin');
    await h.makeUser('auditcg', 'caregiver', ['c-01']);
    await h.makeUser('auditcg3', 'caregiver', ['c-03']);
    admin = await h.login('auditroot');
    cg = await h.login('auditcg');
    cg3 = await h.login('auditcg3');
  }, HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await h.close();
  });

  const secrets = (): string[] => [MARKER_NOTE, MARKER_NATIONAL_ID, admin.accessToken, admin.refreshToken, cg.accessToken, cg.refreshToken, 'correct horse battery'];

  it('appendAuditMany chains a batch exactly as one-by-one appends would, across insert chunks', async () => {
    const before = await lastId(h);
    await appendAudit(h.db, { action: 'test.single', outcome: 'success' }, h.clock.now);
    const batch: AuditEntry[] = Array.from({ length: 4500 }, (_, i) => ({ action: 'test.batch', recordType: 'thing', recordId: `t-${i}`, outcome: 'success', detail: { i } }));
    await appendAuditMany(h.db, batch, h.clock.now);
    await appendAuditMany(h.db, [], h.clock.now);
    await appendAudit(h.db, { action: 'test.single', outcome: 'failure', clientAt: '2025-05-31T01:02:03.004Z' }, h.clock.now);
    const rows = await rowsAfter(h, before);
    expect(rows).toHaveLength(4502);
    // Ids follow the chain: the batch is in the order given.
    expect(rows.slice(1, 4501).map((r) => r.record_id)).toEqual(batch.map((e) => e.recordId));
    expect(rows.at(-1)?.client_at?.toISOString()).toBe('2025-05-31T01:02:03.004Z');
    expect(await verifyAuditChain(h.db)).toMatchObject({ ok: true });
  }, 60_000);

  it('a sync push writes one complete record.write entry per mutation in its transaction, never the values', async () => {
    const a = new TestSyncClient(h, cg);
    const before = await lastId(h);
    const ids = Array.from({ length: 3 }, () => newId());
    const res = await a.push([
      a.mutation('resident', ids[0] ?? '', 'create', residentData('c-01', { notes: MARKER_NOTE, nationalId: MARKER_NATIONAL_ID })),
      a.mutation('resident', ids[1] ?? '', 'create', residentData('c-01')),
      a.mutation('resident', ids[2] ?? '', 'patch', { notes: 'x' }), // no such record: rejected not_found
    ]);
    expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied', 'rejected']);
    const rows = await rowsAfter(h, before);
    expect(rows.map((r) => [r.action, r.record_type, r.record_id, r.outcome])).toEqual([
      ['record.write', 'resident', ids[0], 'success'],
      ['record.write', 'resident', ids[1], 'success'],
      ['record.write', 'resident', ids[2], 'failure'],
    ]);
    for (const r of rows) {
      expect(r.user_id).toBe(cg.user.id);
      expect(r.device_id).toBe(cg.deviceId);
      expect(r.request_id).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(rows.map((r) => JSON.parse(r.detail ?? 'null') as unknown)).toEqual([
      { op: 'create', mid: 1 },
      { op: 'create', mid: 2 },
      { op: 'patch', mid: 3, code: 'not_found' },
    ]);
    // A resend is all duplicates: nothing written, nothing audited.
    a.mid = 0;
    const again = await a.pushRaw([a.mutation('resident', ids[1] ?? '', 'create', residentData('c-01'))]);
    expect(again.statusCode).toBe(200);
    expect(await lastId(h)).toBe(rows.at(-1)?.id);
    expect(await verifyAuditChain(h.db)).toMatchObject({ ok: true });
  });

  it('a push of 1,000 mutations is audited by 1,000 entries that still chain', async () => {
    const a = new TestSyncClient(h, cg);
    const before = await lastId(h);
    const res = await a.push(Array.from({ length: 1000 }, () => a.mutation('resident', newId(), 'create', residentData('c-01'))));
    expect(res.results.every((r) => r.status === 'applied')).toBe(true);
    expect(await count(h, "SELECT 1 FROM audit_log WHERE id > $1 AND action = 'record.write' AND outcome = 'success'", [before])).toBe(1000);
    expect(await verifyAuditChain(h.db)).toMatchObject({ ok: true });
  }, 60_000);

  it('audits every refusal: scope_denied with the refused records, forbidden with its route, device_revoked with its device', async () => {
    const before = await lastId(h);
    const a = new TestSyncClient(h, cg);
    const foreign = newId();
    const refused = await a.pushRaw([a.mutation('resident', newId(), 'create', residentData('c-01')), a.mutation('resident', foreign, 'create', residentData('c-03', { notes: MARKER_NOTE }))]);
    expect(refused.statusCode).toBe(403);
    const forbidden = await h.call('GET', '/admin/users', { token: cg.accessToken });
    expect(forbidden.statusCode).toBe(403);

    const victim = await h.login('auditcg3');
    expect((await h.call('POST', `/admin/devices/${victim.deviceId}/revoke`, { token: admin.accessToken, body: {} })).statusCode).toBe(200);
    const revoked = await h.call('GET', '/sync/pull?schemaVersion=1', { token: victim.accessToken });
    expect(revoked.json()).toMatchObject({ error: { code: 'device_revoked' } });
    const refresh = await h.call('POST', '/auth/refresh', { body: { deviceId: victim.deviceId, refreshToken: victim.refreshToken } });
    expect(refresh.json()).toMatchObject({ error: { code: 'device_revoked' } });

    const denied = (await rowsAfter(h, before)).filter((r) => r.outcome === 'denied');
    expect(denied.map((r) => [r.action, r.user_id, r.device_id, JSON.parse(r.detail ?? 'null') as unknown])).toEqual([
      ['request.denied', cg.user.id, cg.deviceId, { route: 'POST /sync/push', code: 'scope_denied', records: [`resident/${foreign}`], recordCount: 1 }],
      ['request.denied', cg.user.id, cg.deviceId, { route: 'GET /admin/users', code: 'forbidden' }],
      ['request.denied', cg3.user.id, victim.deviceId, { route: 'GET /sync/pull', code: 'device_revoked' }],
      ['request.denied', null, victim.deviceId, { route: 'POST /auth/refresh', code: 'device_revoked' }],
    ]);
    for (const r of denied) expect(r.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await verifyAuditChain(h.db)).toMatchObject({ ok: true });
  });

  it('uploaded view events become record.view entries with the device time and the server time, once each', async () => {
    const before = await lastId(h);
    const resident = newId();
    const views = [
      { id: randomUUID(), residentId: resident, page: 'profile', at: '2025-05-30T08:00:00.000Z' },
      { id: randomUUID(), residentId: resident, page: 'export', at: '2025-05-30T08:05:00.000Z' },
    ];
    const first = await h.call('POST', '/audit/views', { token: cg.accessToken, body: { views } });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ appended: 2 });
    // The answer was lost and the device sends the batch again, with one more.
    const more = { id: randomUUID(), residentId: resident, page: 'profile', at: '2025-05-30T09:00:00.000Z' };
    expect((await h.call('POST', '/audit/views', { token: cg.accessToken, body: { views: [...views, more] } })).json()).toEqual({ appended: 1 });

    const rows = await rowsAfter(h, before);
    expect(rows.map((r) => [r.action, r.record_type, r.record_id, r.user_id, r.device_id, r.client_at?.toISOString(), JSON.parse(r.detail ?? 'null') as unknown])).toEqual([
      ['record.view', 'resident', resident, cg.user.id, cg.deviceId, '2025-05-30T08:00:00.000Z', { page: 'profile' }],
      ['record.view', 'resident', resident, cg.user.id, cg.deviceId, '2025-05-30T08:05:00.000Z', { page: 'export' }],
      ['record.view', 'resident', resident, cg.user.id, cg.deviceId, '2025-05-30T09:00:00.000Z', { page: 'profile' }],
    ]);
    const at = (await h.db.query<{ at: Date }>('SELECT at FROM audit_log WHERE id = $1', [rows[0]?.id])).rows[0]?.at;
    expect(at?.getTime()).toBe(h.clock.now);

    const bad = await h.call('POST', '/audit/views', { token: cg.accessToken, body: { views: [{ ...more, page: 'diary' }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'invalid_argument' } });
    expect(bad.json<{ error: { message: string } }>().error.message).toContain('views.0.page');
    expect((await h.call('POST', '/audit/views', { body: { views } })).statusCode).toBe(401);
  });

  it('an erasure is audited under a hash of the record id, never the id', async () => {
    const before = await lastId(h);
    const id = newId();
    await h.db.transaction((tx) => appendErasureAudit(tx, { userId: admin.user.id, deviceId: admin.deviceId, recordType: 'resident', recordId: id, requestId: null }, h.clock.now));
    const rows = await rowsAfter(h, before);
    expect(rows.map((r) => [r.action, r.record_type, r.record_id])).toEqual([['record.erase', 'resident', erasedRecordId('resident', id)]]);
    expect(JSON.stringify(rows)).not.toContain(id);
    expect(erasedRecordId('resident', id)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  describe('the viewer', () => {
    const page = async (query: string, token = admin.accessToken): Promise<AuditPage> => {
      const res = await h.call('GET', `/admin/audit${query}`, { token });
      expect(res.statusCode, res.body).toBe(200);
      return AuditPage.parse(res.json());
    };

    it('filters by user, device, action prefix, record, outcome and Thai calendar days', async () => {
      const mine = await page(`?userId=${cg.user.id}&limit=500`);
      expect(mine.entries.length).toBeGreaterThan(0);
      expect(mine.entries.every((e) => e.userId === cg.user.id)).toBe(true);
      const byDevice = await page(`?deviceId=${cg.deviceId}&action=record.w&limit=500`);
      expect(byDevice.entries.length).toBe(500);
      expect(byDevice.entries.every((e) => e.deviceId === cg.deviceId && e.action === 'record.write')).toBe(true);
      const ids = byDevice.entries.map((e) => e.id);
      expect(ids).toEqual([...ids].sort((x, y) => y - x));

      const prefix = await page('?action=request.&outcome=denied');
      expect(prefix.entries.map((e) => e.detail?.code)).toEqual(['device_revoked', 'device_revoked', 'forbidden', 'scope_denied']);
      const someRecord = byDevice.entries[3] as AuditEntryView;
      const byRecord = await page(`?recordType=resident&recordId=${someRecord.recordId ?? ''}`);
      expect(byRecord.entries.map((e) => e.id)).toContain(someRecord.id);
      expect(byRecord.entries.every((e) => e.recordId === someRecord.recordId)).toBe(true);

      // The harness clock is 2025-06-01T03:00Z = 10:00 in Thailand on 1 June; views keep the device's own time.
      expect((await page('?from=2025-06-01&to=2025-06-01&action=record.view')).entries).toHaveLength(3);
      expect((await page('?from=2025-06-02&action=record.view')).entries).toHaveLength(0);
      expect((await page('?to=2025-05-31&action=record.view')).entries).toHaveLength(0);
    });

    it('pages newest first by keyset until nextBefore is null', async () => {
      const all = await page('?action=record.view&limit=500');
      expect(all.nextBefore).toBeNull();
      const seen: number[] = [];
      let before: number | null = null;
      for (let i = 0; i < 10; i++) {
        const p: AuditPage = await page(`?action=record.view&limit=2${before === null ? '' : `&before=${before}`}`);
        seen.push(...p.entries.map((e) => e.id));
        before = p.nextBefore;
        if (before === null) break;
      }
      expect(seen).toEqual(all.entries.map((e) => e.id));
    });

    it('refuses a bad query naming the field, and anyone but an administrator', async () => {
      for (const [q, field] of [['?limit=501', 'limit'], ['?from=2025-02-30', 'from'], ['?userId=nope', 'userId'], ['?outcome=maybe', 'outcome'], ['?action=DROP%20TABLE', 'action'], ['?from=2025-06-02&to=2025-06-01', 'to'], ['?colour=red', 'colour']] as const) {
        const res = await h.call('GET', `/admin/audit${q}`, { token: admin.accessToken });
        expect(res.statusCode, q).toBe(400);
        expect(res.json<{ error: { code: string; message: string } }>().error, q).toMatchObject({ code: 'invalid_argument', message: expect.stringContaining(field) as unknown });
      }
      expect((await h.call('GET', '/admin/audit', { token: cg.accessToken })).statusCode).toBe(403);
      expect((await h.call('GET', '/admin/audit/export', { token: cg.accessToken })).statusCode).toBe(403);
    });

    it('exports the filtered log as CSV, and audits the export', async () => {
      const before = await lastId(h);
      const res = await h.call('GET', '/admin/audit/export?action=record.view', { token: admin.accessToken });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['cache-control']).toBe('no-store');
      const [header, ...lines] = parseCsv(res.body).filter((l) => l.length > 1);
      expect(header).toEqual(['id', 'at', 'client_at', 'user_id', 'device_id', 'action', 'record_type', 'record_id', 'outcome', 'request_id', 'detail']);
      expect(lines).toHaveLength(3);
      expect(lines.every((l) => l[5] === 'record.view' && l[2] !== '')).toBe(true);
      expect(JSON.parse(lines[0]?.[10] ?? 'null')).toEqual({ page: 'profile' });
      const exported = (await rowsAfter(h, before)).filter((r) => r.action === 'audit.export');
      expect(exported.map((r) => [r.user_id, r.device_id, r.outcome, JSON.parse(r.detail ?? 'null') as unknown])).toEqual([[admin.user.id, admin.deviceId, 'success', { action: 'record.view' }]]);
      // Larger than one export page.
      const big = await h.call('GET', `/admin/audit/export?deviceId=${cg.deviceId}&action=record.write`, { token: admin.accessToken });
      expect(parseCsv(big.body).filter((l) => l.length > 1).length - 1).toBe(await count(h, "SELECT 1 FROM audit_log WHERE device_id = $1 AND action = 'record.write'", [cg.deviceId]));
    });
  });

  it('holds no health value, token or password anywhere in the log', async () => {
    const text = JSON.stringify((await h.db.query('SELECT * FROM audit_log')).rows);
    for (const s of secrets()) expect(text).not.toContain(s);
  });

  it('stays append-only for the application role (UPDATE, DELETE and TRUNCATE fail), and the chain still verifies', async () => {
    if (backend.kind === 'postgres') {
      // The tests connect as the role the server runs as: a plain login role, not a superuser.
      expect((await h.db.query<{ rolsuper: boolean }>('SELECT rolsuper FROM pg_roles WHERE rolname = current_user')).rows).toEqual([{ rolsuper: false }]);
    }
    const newest = '(SELECT max(id) FROM audit_log)';
    await expect(h.db.query(`UPDATE audit_log SET outcome = 'success' WHERE id = ${newest}`)).rejects.toThrow(/append-only/);
    await expect(h.db.query(`UPDATE audit_log SET detail = NULL WHERE action = 'record.view'`)).rejects.toThrow(/append-only/);
    await expect(h.db.query(`DELETE FROM audit_log WHERE id = ${newest}`)).rejects.toThrow(/append-only/);
    await expect(h.db.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    await expect(h.db.query('DELETE FROM audit_view_seen')).resolves.toBeDefined();
    expect(await verifyAuditChain(h.db)).toMatchObject({ ok: true });
  });
});
