/**
 * The daily upkeep (server/upkeep.ts, docs/security.md §5–6) on both back ends, with a timer the test drives
 * and the harness's clock: a check erases exactly the residents past retention, audited as the endpoint's
 * run is, and records the run for the admin screen; a check within the day does nothing; the view ids older
 * than the dedupe window go and recent ones stay, still refusing a resend; close() stops the checks.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { VIEW_SEEN_KEEP_DAYS } from './admin/audit';
import { residentHash } from './pdpa/purge';
import { describeBackends } from './testing/backends';
import { HOOK_TIMEOUT_MS, startHarness, type Harness, type Session } from './testing/harness';
import { newId, residentData, TestSyncClient } from './testing/sync-client';
import type { Every } from './upkeep';

const DAY_MS = 86_400_000;

describeBackends('daily upkeep', (backend) => {
  let h: Harness;
  let cm: Session;
  let admin: Session;
  const timer = { check: null as (() => Promise<void>) | null, everyMs: 0, stopped: 0 };
  const every: Every = (ms, run) => {
    timer.check = run;
    timer.everyMs = ms;
    return () => {
      timer.stopped += 1;
    };
  };
  const check = async () => {
    if (!timer.check) throw new Error('the upkeep did not start its timer');
    await timer.check();
  };

  beforeAll(async () => {
    h = await startHarness(backend, { upkeep: { every }, config: { rateLimit: { loginPerMinute: 1000, defaultPerMinute: 100_000 } } });
    await h.makeUser('cm', 'care_manager');
    await h.makeUser('admin1', 'admin');
    cm = await h.login('cm');
    admin = await h.login('admin1');
  }, HOOK_TIMEOUT_MS);
  afterAll(() => h.close());

  const exists = async (id: string) => (await h.db.query("SELECT 1 FROM records WHERE type = 'resident' AND id = $1", [id])).rows.length === 1;
  const lastRun = async (s: Session) => (await h.call('GET', '/pdpa/retention', { token: s.accessToken })).json<{ lastRun: unknown }>().lastRun;

  it('checks hourly, runs retention once a day by the injected clock, audited as the endpoint does', async () => {
    expect(timer.everyMs).toBe(3_600_000);
    const m = new TestSyncClient(h, cm);
    const make = async (extra: Record<string, unknown>) => {
      const id = newId();
      expect((await m.push([m.mutation('resident', id, 'create', residentData('c-02', extra))])).results[0]?.status).toBe('applied');
      return id;
    };
    const died6y = await make({ status: 'died', statusDate: '2019-01-10', statusReason: 'เสียชีวิต' });
    const moved4y = await make({ status: 'moved', statusDate: '2021-03-01', statusReason: 'ย้ายไปอยู่กับลูก' });
    const active = await make({});
    expect(await lastRun(cm)).toBeNull();

    // 2025-06-01 Bangkok, retention 5 years: only the death of 2019 is past it.
    await check();
    expect(await Promise.all([died6y, moved4y, active].map(exists))).toEqual([false, true, true]);
    const audited = (await h.db.query<{ user_id: string | null; record_id: string }>("SELECT user_id, record_id FROM audit_log WHERE action = 'pdpa.retention'")).rows;
    expect(audited).toEqual([{ user_id: null, record_id: residentHash(died6y) }]);
    const first = { at: new Date(h.clock.now).toISOString(), erased: 1, by: 'schedule' };
    expect(await lastRun(cm)).toEqual(first);

    // Within the day a check does nothing, even when something has become due.
    expect((await h.call('PUT', '/pdpa/retention', { token: admin.accessToken, body: { archivedYears: 4 } })).statusCode).toBe(200);
    h.clock.now += DAY_MS - 1;
    await check();
    expect(await exists(moved4y)).toBe(true);
    expect(await lastRun(await h.login('admin1'))).toEqual(first); // a day on: the old session has expired

    // A day after the last run it runs again: 2021-03-01 + 4 years has passed.
    h.clock.now += 1;
    await check();
    expect(await Promise.all([moved4y, active].map(exists))).toEqual([false, true]);
    const admin2 = await h.login('admin1');
    expect(await lastRun(admin2)).toEqual({ at: new Date(h.clock.now).toISOString(), erased: 1, by: 'schedule' });
    expect((await h.db.query("SELECT 1 FROM erasure_requests WHERE source = 'retention'")).rows).toHaveLength(2);

    // A run started by the administrator counts as the day's run.
    expect((await h.call('POST', '/pdpa/retention/run', { token: admin2.accessToken })).json()).toEqual({ erased: 0 });
    expect(await lastRun(admin2)).toMatchObject({ erased: 0, by: 'admin' });
  });

  it('forgets view ids older than the dedupe window, and a recent batch resent still appends nothing', async () => {
    const me = await h.login('cm');
    const view = () => ({ id: newId(), residentId: newId(), page: 'profile', at: new Date(h.clock.now).toISOString() });
    const send = async (views: unknown[]) => (await h.call('POST', '/audit/views', { token: me.accessToken, body: { views } })).json<{ appended: number }>().appended;
    const old = [view(), view()];
    expect(await send(old)).toBe(2);
    h.clock.now += (VIEW_SEEN_KEEP_DAYS - 1) * DAY_MS;
    const recent = [view()];
    const me2 = await h.login('cm');
    expect((await h.call('POST', '/audit/views', { token: me2.accessToken, body: { views: recent } })).json()).toEqual({ appended: 1 });

    h.clock.now += 2 * DAY_MS; // the old batch is now past the window, the recent one is not
    await check();
    const seen = (await h.db.query<{ view_id: string }>('SELECT view_id FROM audit_view_seen ORDER BY view_id')).rows.map((r) => r.view_id);
    for (const v of old) expect(seen).not.toContain(v.id);
    expect(seen).toContain(recent[0]?.id);
    const me3 = await h.login('cm');
    expect((await h.call('POST', '/audit/views', { token: me3.accessToken, body: { views: recent } })).json()).toEqual({ appended: 0 });
  });

  it('close() stops the checks', async () => {
    expect(timer.stopped).toBe(0);
    await h.close();
    expect(timer.stopped).toBe(1);
    await check(); // a tick already queued when close ran: does nothing, touches no closed pool
  });
});
