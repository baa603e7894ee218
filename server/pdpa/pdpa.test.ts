/**
 * PDPA actions over real HTTP on both back ends (docs/security.md §6): one person's export holds all of
 * their rows and no other's; an approved erasure leaves no personal field on the server, keeps submitted
 * report figures adding up under an anonymous id, evicts the person from a synced device and refuses an
 * offline device's later writes; the retention job (injected clock) erases exactly the expired residents.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubjectExport } from '../../shared/pdpa/export';
import type { SubmittedFigures } from '../../shared/reports/snapshot';
import type { ServiceRow } from '../../shared/reports/definitions';
import { describeBackends } from '../testing/backends';
import { HOOK_TIMEOUT_MS, startHarness, type Harness, type Session } from '../testing/harness';
import { planData, visitData } from '../testing/reportData';
import { assessmentData, newId, residentData, TestSyncClient } from '../testing/sync-client';
import { anonymousId, residentHash } from './purge';

const MARK = 'ลับเฉพาะ-PDPA-7f3k';
const NATIONAL_ID = '1130300123458';

/** Every table of the database as text, to look for a value anywhere. */
async function dump(h: Harness): Promise<Map<string, string>> {
  const tables = (await h.db.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
  )).rows.map((r) => r.table_name);
  const out = new Map<string, string>();
  for (const t of tables) {
    const rows = (await h.db.query<{ t: string }>(`SELECT x::text AS t FROM "${t}" x`)).rows;
    out.set(t, rows.map((r) => r.t).join('\n'));
  }
  return out;
}

function holding(tables: Map<string, string>, needle: string): string[] {
  return [...tables].filter(([, text]) => text.includes(needle)).map(([name]) => name);
}

describeBackends('PDPA: export, erasure, retention', (backend) => {
  let h: Harness;
  let cm: Session;
  let cg: Session;
  let admin: Session;

  beforeAll(async () => {
    h = await startHarness(backend, { config: { rateLimit: { loginPerMinute: 1000, defaultPerMinute: 100_000 } } });
    await h.makeUser('cm', 'care_manager');
    await h.makeUser('cg1', 'caregiver', ['c-01']);
    await h.makeUser('admin1', 'admin');
    cm = await h.login('cm');
    cg = await h.login('cg1');
    admin = await h.login('admin1');
  }, HOOK_TIMEOUT_MS);
  afterAll(() => h.close());

  /** A dependent resident with an assessment, an approved and fund-approved plan, a visit and a photo. */
  async function person(m: TestSyncClient, firstName: string, extra: Record<string, unknown> = {}) {
    const [rid, aid, pid, vid, kid] = [newId(), newId(), newId(), newId(), newId()];
    const base = assessmentData(rid);
    // Dependent (ADL 9), so a fund-approved plan puts the person on the service list.
    const dependent = { ...base, assessedOn: '2025-05-20', answers: { ...base.answers, stairs: 0, mobility: 1 }, total: 9, group: 'homebound' };
    const res = await m.push([
      m.mutation('resident', rid, 'create', residentData('c-01', { firstName, ...extra })),
      m.mutation('adl_assessment', aid, 'create', dependent),
      m.mutation('care_plan', pid, 'create', planData(rid, cg.user.id)),
      m.mutation('care_plan', pid, 'patch', { status: 'approved', approvedBy: cm.user.id, approvedAt: '2025-05-25T04:00:00.000Z', subCommittee: { date: '2025-05-28', ref: 'LTC 12/2568' } }),
      m.mutation('visit', vid, 'create', visitData(rid, cg.user.id)),
      m.mutation('consent', kid, 'create', { residentId: rid, givenBy: 'representative', representativeName: 'สมหญิง', relationship: 'บุตรสาว', purposes: ['care', 'photos'], noticeVersion: '2025-1', givenOn: '2025-05-20', recordedBy: m.session.user.id, withdrawnOn: null, withdrawnBy: null, withdrawalNote: '' }),
    ]);
    expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied', 'applied']);
    const sha = (rid.replace(/-/g, '') + rid.replace(/-/g, '')).slice(0, 64);
    await h.db.query('INSERT INTO attachments (sha256, resident_id, mime_type, size, bytes, created_by) VALUES ($1, $2, $3, 3, $4, $5)', [sha, rid, 'image/jpeg', new Uint8Array([1, 2, 3]), cg.user.id]);
    return { rid, ids: [rid, aid, pid, vid, kid], sha };
  }

  it('exports all of one resident\'s rows and photos and nobody else\'s, to care managers and admins only', async () => {
    const m = new TestSyncClient(h, cm);
    const a = await person(m, 'ส่งออกหนึ่ง');
    const b = await person(m, 'ส่งออกสอง');
    // A caregiver withdraws a consent in her own name only.
    h.clock.now += 60_000; // her stamps come after the consent's
    const c = new TestSyncClient(h, cg);
    await c.pullAll();
    const kid = a.ids[4] ?? '';
    const withdraw = await c.push([
      c.mutation('consent', kid, 'patch', { withdrawnOn: '2025-06-01', withdrawnBy: cm.user.id }, c.seqOf('consent', kid)),
      c.mutation('consent', kid, 'patch', { withdrawnOn: '2025-06-01', withdrawnBy: cg.user.id }, c.seqOf('consent', kid)),
    ]);
    expect(withdraw.results.map((r) => (r.status === 'rejected' ? `${r.code}:${r.field ?? ''}` : r.status))).toEqual(['validation_failed:withdrawnBy', 'applied']);

    const res = await h.call('GET', `/pdpa/residents/${a.rid}/export`, { token: cm.accessToken });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const data = res.json<SubjectExport>();
    expect(data.records[0]).toMatchObject({ type: 'resident', id: a.rid });
    expect(data.records.map((r) => r.id).sort()).toEqual([...a.ids].sort());
    expect(data.attachments.map((p) => p.sha256)).toEqual([a.sha]);
    expect(data.records.find((r) => r.type === 'consent')?.data).toMatchObject({ purposes: ['care', 'photos'], withdrawnBy: cg.user.id });
    expect(data.attachments[0]?.base64).toBe('AQID');
    for (const id of b.ids) expect(res.body).not.toContain(id);
    expect(res.body).not.toContain('ส่งออกสอง');

    expect((await h.call('GET', `/pdpa/residents/${b.rid}/export`, { token: admin.accessToken })).statusCode).toBe(200);
    const refused = await h.call('GET', `/pdpa/residents/${a.rid}/export`, { token: cg.accessToken });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: 'forbidden' } });
    expect((await h.call('GET', `/pdpa/residents/${newId()}/export`, { token: cm.accessToken })).json()).toMatchObject({ error: { code: 'not_found' } });
    expect((await h.call('GET', '/pdpa/residents/not-a-uuid/export', { token: cm.accessToken })).json()).toMatchObject({ error: { code: 'invalid_argument' } });
    expect((await h.call('GET', `/pdpa/residents/${a.rid}/export`)).statusCode).toBe(401);

    const audit = (await h.db.query<{ user_id: string; record_id: string; outcome: string }>("SELECT user_id, record_id, outcome FROM audit_log WHERE action = 'pdpa.export' ORDER BY id")).rows;
    expect(audit.slice(0, 2)).toEqual([
      { user_id: cm.user.id, record_id: a.rid, outcome: 'success' },
      { user_id: admin.user.id, record_id: b.rid, outcome: 'success' },
    ]);
  });

  it('erases an approved request everywhere: no personal field on the server or a synced device; reports still add up', async () => {
    const m = new TestSyncClient(h, cm);
    const gone = await person(m, MARK, { nationalId: NATIONAL_ID, noIdReason: null });
    const kept = await person(m, 'ยังอยู่');
    const device = new TestSyncClient(h, cg);
    await device.pullAll();
    expect(device.rows.has(`resident/${gone.rid}`)).toBe(true);
    const offline = new TestSyncClient(h, cg);
    await offline.pullAll();

    const submitted = await h.call('POST', '/reports/snapshots', { token: cm.accessToken, body: { period: { kind: 'month', month: '2025-06' } } });
    expect(submitted.statusCode).toBe(201);
    const snapId = submitted.json<{ snapshot: { id: string } }>().snapshot.id;
    const figuresOf = async () => (await h.call('GET', `/reports/snapshots/${snapId}`, { token: cm.accessToken })).json<{ figures: SubmittedFigures & { service: ServiceRow[] } }>().figures;
    const before = await figuresOf();
    expect(before.service.map((r) => r.firstName)).toContain(MARK);

    const body = { residentId: gone.rid, requestedBy: 'ตัวผู้สูงอายุเอง', requestedOn: '2025-05-30', reason: 'ขอให้ลบข้อมูล' };
    expect((await h.call('POST', '/pdpa/erasures', { token: cg.accessToken, body })).statusCode).toBe(403);
    expect((await h.call('POST', '/pdpa/erasures', { token: cm.accessToken, body: { ...body, reason: '' } })).json()).toMatchObject({ error: { code: 'invalid_argument' } });
    const recorded = await h.call('POST', '/pdpa/erasures', { token: cm.accessToken, body });
    expect(recorded.statusCode).toBe(201);
    const reqId = recorded.json<{ request: { id: string } }>().request.id;
    expect((await h.call('POST', `/pdpa/erasures/${reqId}/approve`, { token: cm.accessToken })).statusCode).toBe(403);
    const approved = await h.call('POST', `/pdpa/erasures/${reqId}/approve`, { token: admin.accessToken });
    expect(approved.statusCode).toBe(200);
    expect(approved.json<{ erased: { records: number; snapshots: number } }>().erased).toMatchObject({ records: 5, snapshots: 1 });
    expect((await h.call('POST', `/pdpa/erasures/${reqId}/approve`, { token: admin.accessToken })).json()).toMatchObject({ error: { code: 'not_found' } });

    // The server: the marker and the national ID nowhere; the bare id only where devices need it.
    const tables = await dump(h);
    expect(holding(tables, MARK)).toEqual([]);
    expect(holding(tables, NATIONAL_ID)).toEqual([]);
    expect(holding(tables, gone.rid).filter((t) => t !== 'audit_log')).toEqual(['deleted_ids', 'sync_erasures']);
    expect(holding(tables, residentHash(gone.rid))).toEqual(expect.arrayContaining(['audit_log', 'erasure_requests']));
    expect((await h.db.query("SELECT 1 FROM audit_log WHERE action = 'pdpa.erase' AND record_id = $1 AND user_id = $2", [residentHash(gone.rid), admin.user.id])).rows).toHaveLength(1);
    expect((await h.db.query('SELECT 1 FROM records WHERE id = $1', [kept.rid])).rows).toHaveLength(1);

    // The submitted report: the same figures, the person under an anonymous id.
    const after = await figuresOf();
    expect(after.tables).toEqual(before.tables);
    expect(after.service.map((r) => r.amountSatang)).toEqual(before.service.map((r) => r.amountSatang));
    const anon = after.service.find((r) => r.residentId === anonymousId(gone.rid));
    expect(anon).toMatchObject({ nationalId: null, lastName: '', birthDate: '', phone: '', address: '' });

    // The synced device drops the person at its next pull; the other resident stays.
    const pages = await device.pullAll();
    expect(pages.flatMap((p) => p.evict)).toContainEqual({ erased: gone.rid });
    expect([...device.rows.values()].filter((c) => c.id === gone.rid || c.data.residentId === gone.rid)).toEqual([]);
    expect(JSON.stringify([...device.rows.values()])).not.toContain(MARK);
    expect(device.rows.has(`resident/${kept.rid}`)).toBe(true);

    // A device that was offline: its edit and its new visit are refused, and nothing of them is kept.
    const late = await offline.push([
      offline.mutation('resident', gone.rid, 'patch', { notes: `${MARK} อีกครั้ง` }, offline.seqOf('resident', gone.rid)),
      offline.mutation('visit', newId(), 'create', visitData(gone.rid, cg.user.id)),
    ]);
    expect(late.results.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual(['record_deleted', 'record_deleted']);
    expect(holding(await dump(h), MARK)).toEqual([]);
  });

  describe('retention', () => {
    it('erases exactly the residents archived longer than the setting, by the injected clock', async () => {
      const m = new TestSyncClient(h, cm);
      const make = async (extra: Record<string, unknown>) => {
        const id = newId();
        const res = await m.push([m.mutation('resident', id, 'create', residentData('c-02', extra))]);
        expect(res.results[0]?.status).toBe('applied');
        return id;
      };
      const died6y = await make({ status: 'died', statusDate: '2019-01-10', statusReason: 'เสียชีวิต' });
      const moved4y = await make({ status: 'moved', statusDate: '2021-03-01', statusReason: 'ย้ายไปอยู่กับลูก' });
      const edge = await make({ status: 'died', statusDate: '2020-06-01', statusReason: 'เสียชีวิต' });
      const active = await make({});
      const deleted = newId();
      await m.push([m.mutation('resident', deleted, 'create', residentData('c-02'))]);
      await m.push([m.mutation('resident', deleted, 'delete', {}, 0)]);

      const exists = async (id: string) => (await h.db.query("SELECT 1 FROM records WHERE type = 'resident' AND id = $1", [id])).rows.length === 1;
      // 2025-06-01 Bangkok: five years after 2020-06-01 is today, still kept; the deletion is today's.
      const run1 = await h.call('POST', '/pdpa/retention/run', { token: admin.accessToken });
      expect(run1.json()).toEqual({ erased: 1 });
      expect(await Promise.all([died6y, moved4y, edge, active, deleted].map(exists))).toEqual([false, true, true, true, true]);

      expect((await h.call('PUT', '/pdpa/retention', { token: cm.accessToken, body: { archivedYears: 3 } })).statusCode).toBe(403);
      expect((await h.call('PUT', '/pdpa/retention', { token: admin.accessToken, body: { archivedYears: 0 } })).json()).toMatchObject({ error: { code: 'invalid_argument' } });
      expect((await h.call('PUT', '/pdpa/retention', { token: admin.accessToken, body: { archivedYears: 4 } })).statusCode).toBe(200);
      // 2029-06-01 Bangkok: four years after 2021 and 2020 have passed; after the deletion, only reached.
      h.clock.now = Date.parse('2029-06-01T01:00:00.000Z');
      const admin2 = await h.login('admin1');
      const run2 = await h.call('POST', '/pdpa/retention/run', { token: admin2.accessToken });
      expect(run2.json()).toEqual({ erased: 2 });
      expect(await Promise.all([moved4y, edge, active, deleted].map(exists))).toEqual([false, false, true, true]);
      const logged = (await h.db.query<{ n: number }>("SELECT count(*)::int AS n FROM erasure_requests WHERE source = 'retention'")).rows[0]?.n;
      expect(logged).toBe(3);
    });
  });
});
