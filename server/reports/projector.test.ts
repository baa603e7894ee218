/**
 * The asynchronous report projection (projector.ts) on both back ends, over real HTTP: a report read right
 * after a push sees it (the route awaits the catch-up), a lagging projector catches up over several pushes in
 * batches and lands on what a rebuild gives, coalesced runs cover every push, and a projection that fails
 * neither fails the push nor loses it: the next catch-up projects it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ReportFigures } from '../../shared/reports/definitions';
import { describeBackends } from '../testing/backends';
import { HOOK_TIMEOUT_MS, startHarness, type Harness, type Session } from '../testing/harness';
import { newId, residentData, TestSyncClient } from '../testing/sync-client';
import { visitData } from '../testing/reportData';
import type { Db } from '../db/db';
import { rebuildReportFacts } from './projection';
import { projectAll, projectionLag, ReportProjector } from './projector';

async function tables(db: Db): Promise<unknown[][]> {
  const out: unknown[][] = [];
  for (const t of ['report_residents', 'report_adl', 'report_plans', 'report_visits']) out.push((await db.query(`SELECT * FROM ${t} ORDER BY id`)).rows);
  return out;
}

describeBackends('report projector', (backend) => {
  let h: Harness;
  let cm: Session;
  let cg1: Session;

  beforeAll(async () => {
    h = await startHarness(backend, { config: { rateLimit: { loginPerMinute: 1000, defaultPerMinute: 100_000 } } });
    await h.makeUser('cm', 'care_manager');
    await h.makeUser('cg1', 'caregiver', ['c-01']);
    cm = await h.login('cm');
    cg1 = await h.login('cg1');
  }, HOOK_TIMEOUT_MS);
  afterAll(() => h.close());

  const doneVisits = async (): Promise<number> => {
    const res = await h.call('POST', '/reports/figures', { token: cm.accessToken, body: { period: { kind: 'month', month: '2025-06' } } });
    expect(res.statusCode).toBe(200);
    return res.json<ReportFigures>().visitsByCommunity.total.done.n;
  };

  /** One resident of c-01 with `visits` visits, pushed by a caregiver. */
  const pushResident = async (client: TestSyncClient, visits: number): Promise<string[]> => {
    const rid = newId();
    const ids = Array.from({ length: visits }, () => newId());
    const res = await client.push([
      client.mutation('resident', rid, 'create', residentData('c-01')),
      ...ids.map((id) => client.mutation('visit', id, 'create', visitData(rid, cg1.user.id))),
    ]);
    expect(res.results.every((r) => r.status === 'applied')).toBe(true);
    return ids;
  };

  it('a report read right after a push sees the pushed visits', async () => {
    const client = new TestSyncClient(h, cg1);
    const before = await doneVisits();
    await pushResident(client, 2);
    expect(await doneVisits()).toBe(before + 2);
    await pushResident(client, 1);
    expect(await doneVisits()).toBe(before + 3);
    const lag = await projectionLag(h.db);
    expect(lag.checkpoint).toBe(lag.head);
  });

  it('concurrent pushes from several devices, each triggering the projector: a report read after them sees every visit', async () => {
    const before = await doneVisits();
    const sessions = [cg1, ...(await Promise.all([h.login('cg1', undefined, newId()), h.login('cm', undefined, newId())]))];
    await Promise.all(sessions.map(async (s) => {
      const client = new TestSyncClient(h, s);
      for (let i = 0; i < 3; i++) await pushResident(client, 2);
    }));
    expect(await doneVisits()).toBe(before + sessions.length * 3 * 2);
    await h.reportFacts.settle();
    expect(h.projectionErrors).toEqual([]);
  });

  it('a lagging projector catches up over several pushes, batch by batch, to what a rebuild gives', async () => {
    const client = new TestSyncClient(h, cg1);
    for (let i = 0; i < 3; i++) await pushResident(client, 3);
    await h.reportFacts.settle();
    // A projector that fell behind: its checkpoint back at 0, every projection row gone.
    await h.db.exec("TRUNCATE report_residents, report_adl, report_plans, report_visits; UPDATE server_settings SET value = '0' WHERE key = 'report_facts_seq'");
    expect(await projectAll(h.db, 2)).toBeGreaterThanOrEqual(12); // batches of two records
    const caughtUp = await tables(h.db);
    const visits = (await h.db.query<{ n: number }>("SELECT count(*)::int AS n FROM records WHERE type = 'visit' AND deleted_at IS NULL")).rows[0]?.n;
    expect(visits).toBeGreaterThanOrEqual(9);
    expect(caughtUp[3]).toHaveLength(visits ?? -1);
    await rebuildReportFacts(h.db);
    expect(await tables(h.db)).toEqual(caughtUp);
    const lag = await projectionLag(h.db);
    expect(lag.checkpoint).toBe(lag.head);
    expect(await projectAll(h.db)).toBe(0); // nothing left: the fast path reads no records
  });

  it('coalesces: calls while a run is in flight share one queued run, which starts after them', async () => {
    let runs = 0;
    const projector = new ReportProjector(h.db, () => undefined, async (db) => {
      runs++;
      await projectAll(db);
    });
    await Promise.all([projector.catchUp(), projector.catchUp(), projector.catchUp(), projector.catchUp()]);
    expect(runs).toBe(2); // the first call's run, then one for the three calls made while it ran
    const client = new TestSyncClient(h, cg1);
    const ids = await pushResident(client, 1);
    await projector.catchUp();
    expect(runs).toBe(3);
    expect((await h.db.query('SELECT id FROM report_visits WHERE id = $1', [ids[0]])).rows).toHaveLength(1);
    await projector.settle();
  });

  it('a projection that fails does not fail the push, and the next catch-up projects what it missed', async () => {
    const client = new TestSyncClient(h, cg1);
    const before = await doneVisits();
    await h.reportFacts.settle();
    h.projectionErrors.length = 0;
    await h.db.exec('ALTER TABLE report_visits RENAME TO report_visits_away');
    let ids: string[] = [];
    try {
      ids = await pushResident(client, 2); // answered 200 with every mutation applied
      await h.reportFacts.settle();
      expect(h.projectionErrors).toHaveLength(1);
    } finally {
      await h.db.exec('ALTER TABLE report_visits_away RENAME TO report_visits');
    }
    const lag = await projectionLag(h.db);
    expect(lag.checkpoint).toBeLessThan(lag.head); // the failed batch advanced nothing
    expect(await doneVisits()).toBe(before + 2);
    expect((await h.db.query('SELECT count(*)::int AS n FROM report_visits WHERE id = ANY($1::text[])', [ids])).rows).toEqual([{ n: 2 }]);
  });
});
