import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { SEED_COMMUNITIES } from '../../shared/reference/communities';
import { openStore } from './db';
import { ensureCommunities } from './seed';
import { freshDbName } from './testing';

describe('ensureCommunities', () => {
  it('seeds an empty table once, without outbox entries, and never overwrites the list', async () => {
    const opened = await openStore(freshDbName('seed'));
    if (!opened.ok) throw new Error(opened.detail);
    const db = opened.db;
    expect(await ensureCommunities(db)).toBe(SEED_COMMUNITIES.length);
    expect(await db.communities.count()).toBe(SEED_COMMUNITIES.length);
    await db.communities.update('c-01', { nameTh: 'ชื่อจากเซิร์ฟเวอร์' });
    expect(await ensureCommunities(db)).toBe(0);
    expect((await db.communities.get('c-01'))?.nameTh).toBe('ชื่อจากเซิร์ฟเวอร์');
    expect(await db.outbox.count()).toBe(0);
    db.close();
  });
});
