import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { freshDbName } from '../testing';
import { closeMigrationDbs, createAt, openAt } from './testing';

afterEach(closeMigrationDbs);

describe('v10 → v11 (acknowledged round changes)', () => {
  it('adds roundSeen empty, by user; the round visits stay', async () => {
    const name = freshDbName('v10to11');
    await createAt(name, 10, async (old) => {
      await old.table('roundVisits').add({ id: 'r-1', caregiverId: 'cg-1', date: '2026-12-08', weekStart: '2026-12-07', residentId: 'x', bucket: 'w:cg-1' });
    });

    const db = await openAt(name, 11);
    expect(await db.roundVisits.get('r-1')).toMatchObject({ caregiverId: 'cg-1' });
    expect(db.table('roundSeen').schema.primKey.name).toBe('key');
    expect(db.table('roundSeen').schema.indexes.map((i) => i.name)).toEqual(['userId']);
    expect(await db.table('roundSeen').count()).toBe(0);
  });
});
