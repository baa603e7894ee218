import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { freshDbName } from '../testing';
import { oldestViews, recordView } from '../viewEvents';
import { closeMigrationDbs, createAt, openAt } from './testing';

afterEach(closeMigrationDbs);

const RESIDENT = '0190a8c1-7c1e-7000-8000-0000000000a1';

describe('v15 → v16 (the outbox of view events)', () => {
  it('adds viewEvents, empty, indexed by user and time; every other row stays', async () => {
    const name = freshDbName('v15to16');
    await createAt(name, 15, async (old) => {
      await old.table('meta').put({ key: 'user', userId: 'u-1', displayName: 'มาลี', role: 'caregiver' });
    });

    const db = await openAt(name, 16);
    expect(await db.viewEvents.count()).toBe(0);
    expect(await db.meta.get('user')).toEqual({ key: 'user', userId: 'u-1', displayName: 'มาลี', role: 'caregiver' });

    let t = Date.parse('2025-03-03T02:00:00.000Z');
    const now = () => (t += 1000);
    expect(await recordView(db, { residentId: RESIDENT, page: 'profile', userId: 'u-2' }, now)).toBe(true);
    expect(await recordView(db, { residentId: RESIDENT, page: 'profile', userId: 'u-1' }, now)).toBe(true);
    expect(await recordView(db, { residentId: RESIDENT, page: 'export', userId: 'u-1' }, now)).toBe(true);
    // An id the server could never take is not recorded, so it can never block the upload.
    expect(await recordView(db, { residentId: 'demo-1', page: 'profile', userId: 'u-1' }, now)).toBe(false);
    const mine = await oldestViews(db, 'u-1', 10);
    expect(mine.map((v) => [v.page, v.at])).toEqual([
      ['profile', '2025-03-03T02:00:02.000Z'],
      ['export', '2025-03-03T02:00:03.000Z'],
    ]);
    expect((await oldestViews(db, 'u-1', 1)).map((v) => v.page)).toEqual(['profile']);
    expect(await oldestViews(db, 'u-2', 10)).toHaveLength(1);
  });
});
