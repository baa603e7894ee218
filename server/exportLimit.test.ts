/**
 * The hourly limit on exports of personal data (docs/security.md §4), over real HTTP on both back ends: one
 * budget per user across the resident export, the audit CSV and the service list; the next one is 429
 * `export_limited` with when to retry, and audited; another user keeps their own budget; an hour later the
 * user exports again.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBackends } from './testing/backends';
import { HOOK_TIMEOUT_MS, startHarness, type Harness, type Session } from './testing/harness';
import { newId, residentData, TestSyncClient } from './testing/sync-client';

describeBackends('export limit', (backend) => {
  let h: Harness;
  let cm: Session;
  let admin: Session;
  let base = '';
  let residentId = '';

  beforeAll(async () => {
    h = await startHarness(backend, { config: { rateLimit: { loginPerMinute: 1000, defaultPerMinute: 100_000, exportsPerHour: 3 } } });
    await h.makeUser('cm', 'care_manager');
    await h.makeUser('admin1', 'admin');
    cm = await h.login('cm');
    admin = await h.login('admin1');
    residentId = newId();
    const m = new TestSyncClient(h, cm);
    expect((await m.push([m.mutation('resident', residentId, 'create', residentData('c-01'))])).results[0]?.status).toBe('applied');
    await h.app.listen({ host: '127.0.0.1', port: 0 });
    const address = h.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  }, HOOK_TIMEOUT_MS);
  afterAll(() => h.close());

  const get = (path: string, s: Session) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${s.accessToken}` } });
  const exportPath = () => `/pdpa/residents/${residentId}/export`;

  it('refuses the export past the hourly budget with 429 export_limited, audits it, and allows it again an hour later', async () => {
    const started = h.clock.now;
    expect((await get(exportPath(), cm)).status).toBe(200);
    h.clock.now += 10 * 60_000;
    expect((await get('/reports/service-list.csv?kind=month&month=2025-05', cm)).status).toBe(200);
    expect((await get(exportPath(), cm)).status).toBe(200);

    const refused = await get(exportPath(), cm);
    expect(refused.status).toBe(429);
    const body = (await refused.json()) as { error: { code: string; retryable: boolean; retryAfterMs: number } };
    expect(body.error).toMatchObject({ code: 'export_limited', retryable: false, retryAfterMs: 50 * 60_000 });
    expect(refused.headers.get('retry-after')).toBe(String(50 * 60));
    expect((await get('/reports/service-list.csv?kind=month&month=2025-05', cm)).status).toBe(429);

    const denied = (await h.db.query<{ user_id: string; outcome: string; detail: string }>(
      "SELECT user_id, outcome, detail FROM audit_log WHERE action = 'request.denied' AND detail LIKE '%export_limited%' ORDER BY id",
    )).rows;
    expect(denied.map((r) => [r.user_id, r.outcome, JSON.parse(r.detail)])).toEqual([
      [cm.user.id, 'denied', { route: 'GET /pdpa/residents/:residentId/export', code: 'export_limited' }],
      [cm.user.id, 'denied', { route: 'GET /reports/service-list.csv', code: 'export_limited' }],
    ]);
    // The refused tries were not exports: one pdpa.export entry per answered export.
    expect((await h.db.query("SELECT 1 FROM audit_log WHERE action = 'pdpa.export' AND user_id = $1", [cm.user.id])).rows).toHaveLength(2);

    // Another user has a budget of her own, on the audit log's CSV too.
    for (let i = 0; i < 3; i += 1) expect((await get('/admin/audit/export', admin)).status).toBe(200);
    const adminRefused = await get('/admin/audit/export', admin);
    expect(adminRefused.status).toBe(429);
    expect(((await adminRefused.json()) as { error: { code: string } }).error.code).toBe('export_limited');

    // The first export leaves the window an hour after it was made: one more is allowed, not two.
    h.clock.now = started + 3_600_000 + 1;
    const fresh = await h.login('cm'); // the session of an hour ago has expired
    expect((await get(exportPath(), fresh)).status).toBe(200);
    expect((await get(exportPath(), fresh)).status).toBe(429);
  });
});
