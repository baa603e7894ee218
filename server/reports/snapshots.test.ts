/**
 * Submitted reports over real HTTP, on both back ends: a care manager marks June as submitted; the snapshot
 * keeps June's figures; a late visit, an amended visit and a voided one are then listed as late changes
 * (with the resident's name and the visit's date) while the kept figures stay as submitted; refusals answer
 * 401/403/400/404.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LateChangeDetail, SnapshotSummary } from './snapshots';
import type { SubmittedFigures } from '../../shared/reports/snapshot';
import { describeBackends } from '../testing/backends';
import { HOOK_TIMEOUT_MS, startHarness, type Harness, type Session } from '../testing/harness';
import { planData, visitData } from '../testing/reportData';
import { assessmentData, newId, residentData, TestSyncClient } from '../testing/sync-client';

const JUNE = { period: { kind: 'month', month: '2025-06' } };

describeBackends('submitted reports', (backend) => {
  let h: Harness;
  let cm: Session;
  let cg: Session;

  beforeAll(async () => {
    h = await startHarness(backend, { config: { rateLimit: { loginPerMinute: 1000, defaultPerMinute: 100_000 } } });
    await h.makeUser('cm', 'care_manager');
    await h.makeUser('cg1', 'caregiver', ['c-01']);
    cm = await h.login('cm');
    cg = await h.login('cg1');
  }, HOOK_TIMEOUT_MS);
  afterAll(() => h.close());

  it('keeps the submitted figures and lists the late changes since, each with its resident and date', async () => {
    const m = new TestSyncClient(h, cm);
    const [rid, aid, pid, v1, v2] = [newId(), newId(), newId(), newId(), newId()];
    const setup = await m.push([
      m.mutation('resident', rid, 'create', residentData('c-01', { firstName: 'บุญมี' })),
      m.mutation('adl_assessment', aid, 'create', assessmentData(rid)),
      m.mutation('care_plan', pid, 'create', planData(rid, cg.user.id)),
      m.mutation('care_plan', pid, 'patch', { status: 'approved', approvedBy: cm.user.id, approvedAt: '2025-06-01T02:00:00.000Z' }),
      m.mutation('visit', v1, 'create', visitData(rid, cg.user.id)),
    ]);
    expect(setup.results.every((r) => r.status === 'applied')).toBe(true);

    const submitted = await h.call('POST', '/reports/snapshots', { token: cm.accessToken, body: JUNE });
    expect(submitted.statusCode).toBe(201);
    const snap = submitted.json<{ snapshot: SnapshotSummary }>().snapshot;
    expect(snap).toMatchObject({ from: '2025-06-01', to: '2025-06-30', submittedBy: cm.user.id, filter: { communities: null, caregivers: null } });

    const listed = await h.call('GET', '/reports/snapshots?from=2025-06-01&to=2025-06-30', { token: cm.accessToken });
    expect(listed.json<{ snapshots: SnapshotSummary[] }>().snapshots.map((s) => s.id)).toEqual([snap.id]);
    expect((await h.call('GET', '/reports/snapshots?from=2025-05-01&to=2025-05-31', { token: cm.accessToken })).json()).toEqual({ snapshots: [] });

    const read = async () => (await h.call('GET', `/reports/snapshots/${snap.id}`, { token: cm.accessToken })).json<{ figures: SubmittedFigures; lateChanges: LateChangeDetail[] }>();
    const clean = await read();
    expect(clean.lateChanges).toEqual([]);
    const doneAt = clean.figures.tables.visitsByCommunity.columns.indexOf('done');
    expect(clean.figures.tables.visitsByCommunity.total[doneAt]).toBe(1);

    // After submission: a late visit, and the submitted visit amended.
    const late = await m.push([
      m.mutation('visit', v2, 'create', visitData(rid, cg.user.id, '120')),
      m.mutation('visit_amendment', newId(), 'create', { visitId: v1, residentId: rid, reason: 'พิมพ์ผิด', changes: { 'vitals.systolic': 120 }, author: cm.user.id, at: '2025-06-01T03:30:00.000Z' }),
    ]);
    expect(late.results.every((r) => r.status === 'applied')).toBe(true);
    const after = await read();
    expect(after.figures).toEqual(clean.figures);
    expect(after.lateChanges.map((c) => [c.id, c.kind, c.date, c.name])).toEqual(
      [
        [v1, 'changed', '2025-06-01', 'นางบุญมี ใจดี'],
        [v2, 'added', '2025-06-01', 'นางบุญมี ใจดี'],
      ].sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : 1)),
    );

    // The submitted visit voided: listed as removed, still with whose it was and when.
    const voided = await m.push([m.mutation('visit', v1, 'void', { voidReason: 'บันทึกซ้ำ' })]);
    expect(voided.results[0]?.status).toBe('applied');
    const removed = (await read()).lateChanges.find((c) => c.id === v1);
    expect(removed).toMatchObject({ record: 'visit', kind: 'removed', date: '2025-06-01', residentId: rid });
    const audit = (await h.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'report.submit'")).rows[0]?.n;
    expect(audit).toBe(1);
  });

  it('answers 401, 403 to a caregiver, 400 for a refused period or a bad id, 404 for an unknown snapshot', async () => {
    expect((await h.call('POST', '/reports/snapshots', { body: JUNE })).statusCode).toBe(401);
    expect((await h.call('POST', '/reports/snapshots', { token: cg.accessToken, body: JUNE })).statusCode).toBe(403);
    expect((await h.call('GET', '/reports/snapshots?from=2025-06-01&to=2025-06-30', { token: cg.accessToken })).statusCode).toBe(403);
    const future = await h.call('POST', '/reports/snapshots', { token: cm.accessToken, body: { period: { kind: 'month', month: '2025-07' } } });
    expect(future.statusCode).toBe(400);
    expect(future.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'invalid_argument', message: expect.stringMatching(/^period\.future/) });
    for (const body of [{}, { ...JUNE, extra: 1 }, { period: { kind: 'month', month: '2025-6' } }]) {
      expect((await h.call('POST', '/reports/snapshots', { token: cm.accessToken, body })).statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await h.call('GET', '/reports/snapshots?from=2025-06-31&to=2025-06-30', { token: cm.accessToken })).statusCode).toBe(400);
    expect((await h.call('GET', '/reports/snapshots/not-an-id', { token: cm.accessToken })).statusCode).toBe(400);
    const missing = await h.call('GET', `/reports/snapshots/${newId()}`, { token: cm.accessToken });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});
