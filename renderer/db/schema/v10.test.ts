import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { freshDbName } from '../testing';
import { closeMigrationDbs, createAt, openAt } from './testing';

afterEach(closeMigrationDbs);

describe('v9 → v10 (weekly rounds)', () => {
  it('adds the four stores empty, with the indexes the planner, the day view and eviction use; existing rows stay', async () => {
    const name = freshDbName('v9to10');
    await createAt(name, 9, async (old) => {
      await old.table('syncState').add({ key: 'cursor', value: 'c-1' });
    });

    const db = await openAt(name, 10);
    expect(await db.syncState.get('cursor')).toEqual({ key: 'cursor', value: 'c-1' });
    const indexes = (t: string) => db.table(t).schema.indexes.map((i) => i.name).sort();
    expect(indexes('availability')).toEqual(['bucket']);
    expect(indexes('leaves')).toEqual(['bucket', 'userId']);
    expect(indexes('holidays')).toEqual(['bucket', 'date']);
    expect(indexes('roundVisits')).toEqual(['[caregiverId+date]', 'bucket', 'residentId', 'weekStart']);
    for (const t of ['availability', 'leaves', 'holidays', 'roundVisits']) expect(await db.table(t).count()).toBe(0);
  });
});
