import { describe, expect, it } from 'vitest';
import { describeBackends } from './testing/backends';
import { HOOK_TIMEOUT_MS } from './testing/harness';
import { DEMO_DEVICE_NAME, DEMO_USERS, seedDemo, seedDemoRecords } from './seed';

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

      const counts = await db.query<{ type: string; n: number; max_seq: number }>('SELECT type, count(*)::int AS n, max(seq)::int AS max_seq FROM records GROUP BY type ORDER BY type');
      expect(counts.rows.map((r) => [r.type, r.n])).toEqual([
        ['adl_assessment', loaded?.assessments],
        ['resident', 12],
      ]);
      // Every record got a seq from the counter, like a device's push.
      const counter = await db.query<{ seq: number }>('SELECT seq FROM sync_counter WHERE id = 1');
      expect(Math.max(...counts.rows.map((r) => r.max_seq))).toBe(counter.rows[0]?.seq);

      const device = await db.query<{ revoked_at: Date | null }>('SELECT revoked_at FROM devices WHERE name = $1', [DEMO_DEVICE_NAME]);
      expect(device.rows).toHaveLength(1);
      expect(device.rows[0]?.revoked_at).not.toBeNull();

      // A restart seeds nothing twice.
      const again = await seedDemo(db);
      expect(again.users.every((u) => !u.created)).toBe(true);
      expect(await seedDemoRecords(db, { residents: 12 })).toBeNull();
      const total = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM records WHERE type = 'resident'");
      expect(total.rows[0]?.n).toBe(12);
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
