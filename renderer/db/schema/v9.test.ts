import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { freshDbName } from '../testing';
import { closeMigrationDbs, createAt, openAt } from './testing';

afterEach(closeMigrationDbs);

describe('v8 → v9 (notices)', () => {
  it('adds the store, indexed by recipient and bucket, and drops the replaced-edits row the device kept itself; other sync state stays', async () => {
    const name = freshDbName('v8to9');
    await createAt(name, 8, async (old) => {
      await old.table('syncState').bulkAdd([
        { key: 'replacedEdits', items: [{ table: 'residents', recordId: 'r-1', fields: { nickname: 'มา' }, at: '2026-01-01T00:00:00.000Z' }] },
        { key: 'cursor', value: 'c-1' },
      ]);
    });

    const db = await openAt(name, 9);
    expect(await db.syncState.get('replacedEdits')).toBeUndefined();
    expect(await db.syncState.get('cursor')).toEqual({ key: 'cursor', value: 'c-1' });
    expect(await db.notices.count()).toBe(0);
    expect(db.notices.schema.indexes.map((i) => i.name).sort()).toEqual(['bucket', 'userId']);
  });
});
