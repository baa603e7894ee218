import { describe, expect, it } from 'vitest';
import { describeBackends } from './testing/backends';
import { HOOK_TIMEOUT_MS } from './testing/harness';
import { DEMO_DEVICE_NAME, DEMO_USERS, DEMO_VISITS_PER_RESIDENT, seedDemo, seedDemoRecords } from './seed';

describeBackends('demo data for npm start', (backend) => {
  it(
    'creates the demo users and residents once, through the push path, and leaves no usable loader device',
    async () => {
      const db = await backend.open();
      const first = await seedDemo(db);
      expect(first.users.map((u) => [u.username, u.created])).toEqual(DEMO_USERS.map((u) => [u.username, true]));
      const loaded = await seedDemoRecords(db, { residents: 12 });
      expect(loaded?.residents).toBe(12);
      expect(loaded?.assessments).toBeGreaterThanOrEqual(12);
      expect(loaded?.visits).toBe(12 * DEMO_VISITS_PER_RESIDENT);
      expect(loaded?.carePlans).toBeGreaterThan(0);

      const counts = await db.query<{ type: string; n: number; max_seq: number }>('SELECT type, count(*)::int AS n, max(seq)::int AS max_seq FROM records GROUP BY type ORDER BY type');
      expect(counts.rows.map((r) => [r.type, r.n])).toEqual([
        ['adl_assessment', loaded?.assessments],
        ['care_plan', loaded?.carePlans],
        ['resident', 12],
        ['visit', loaded?.visits],
      ]);
      // Every record got a seq from the counter, like a device's push.
      const counter = await db.query<{ seq: number }>('SELECT seq FROM sync_counter WHERE id = 1');
      expect(Math.max(...counts.rows.map((r) => r.max_seq))).toBe(counter.rows[0]?.seq);

      // Visits are cg1's, plans approved by cm, and every visit and plan lives in its resident's bucket.
      const users = await db.query<{ username: string; id: string }>('SELECT username, id FROM users');
      const idOf = (name: string) => users.rows.find((u) => u.username === name)?.id;
      const visits = await db.query<{ caregiver: string; n: number }>("SELECT data->>'caregiverId' AS caregiver, count(*)::int AS n FROM records WHERE type = 'visit' GROUP BY 1");
      expect(visits.rows).toEqual([{ caregiver: idOf('cg1'), n: loaded?.visits }]);
      const plans = await db.query<{ approved_by: string; status: string }>("SELECT DISTINCT data->>'approvedBy' AS approved_by, data->>'status' AS status FROM records WHERE type = 'care_plan'");
      expect(plans.rows).toEqual([{ approved_by: idOf('cm'), status: 'approved' }]);
      const placed = await db.query<{ joined: number; strays: number }>(
        `SELECT count(*)::int AS joined, count(*) FILTER (WHERE c.bucket <> r.bucket)::int AS strays
         FROM records c JOIN records r ON r.type = 'resident' AND r.id = c.data->>'residentId'
         WHERE c.type IN ('visit', 'care_plan')`,
      );
      expect(placed.rows[0]).toEqual({ joined: (loaded?.visits ?? 0) + (loaded?.carePlans ?? 0), strays: 0 });
      // Some demo visits are worth an alert: an abnormal blood pressure, and at least one escalation.
      const abnormal = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM records WHERE type = 'visit' AND (data->'vitals'->>'systolic')::int >= 140");
      expect(abnormal.rows[0]?.n).toBeGreaterThan(0);

      // Two loader devices (the admin's for residents, cm's for visits and plans), both revoked.
      const device = await db.query<{ revoked_at: Date | null; user_id: string }>('SELECT revoked_at, user_id FROM devices WHERE name = $1 ORDER BY created_at', [DEMO_DEVICE_NAME]);
      expect(device.rows.map((d) => d.user_id).sort()).toEqual([idOf('admin'), idOf('cm')].sort());
      expect(device.rows.every((d) => d.revoked_at !== null)).toBe(true);

      // A restart seeds nothing twice.
      const again = await seedDemo(db);
      expect(again.users.every((u) => !u.created)).toBe(true);
      expect(await seedDemoRecords(db, { residents: 12 })).toBeNull();
      const total = await db.query<{ type: string; n: number }>('SELECT type, count(*)::int AS n FROM records GROUP BY type ORDER BY type');
      expect(total.rows).toEqual(counts.rows.map((r) => ({ type: r.type, n: r.n })));
    },
    HOOK_TIMEOUT_MS,
  );
});

describe('seedDemoRecords', () => {
  it('refuses to run before the demo admin exists', async () => {
    const { openDb } = await import('./db/db');
    const { migrate } = await import('./db/migrate');
    const db = await openDb({ dataDir: 'memory://' });
    try {
      await migrate(db);
      await expect(seedDemoRecords(db, { residents: 1 })).rejects.toThrow(/seedDemo must run first/);
    } finally {
      await db.close();
    }
  }, HOOK_TIMEOUT_MS);
});
