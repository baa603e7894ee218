import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { freshDbName } from '../testing';
import { closeMigrationDbs, createAt, openAt } from './testing';

afterEach(closeMigrationDbs);

describe('v11 → v12 (the planner’s caregiver-day summaries, reassigned visits)', () => {
  it('adds roundCells empty, by week, and roundGone empty, by user and day; the round visits stay (the start-up check builds the summaries)', async () => {
    const name = freshDbName('v11to12');
    await createAt(name, 11, async (old) => {
      await old.table('roundVisits').add({ id: 'r-1', caregiverId: 'cg-1', date: '2026-12-08', weekStart: '2026-12-07', residentId: 'x', bucket: 'w:cg-1' });
    });

    const db = await openAt(name, 12);
    expect(await db.roundVisits.get('r-1')).toMatchObject({ caregiverId: 'cg-1' });
    expect(db.table('roundCells').schema.primKey.name).toBe('key');
    expect(db.table('roundCells').schema.indexes.map((i) => i.name)).toEqual(['weekStart']);
    expect(await db.table('roundCells').count()).toBe(0);
    expect(db.table('roundGone').schema.indexes.map((i) => i.name)).toEqual(['[userId+date]']);
    expect(await db.table('roundGone').count()).toBe(0);
  });
});
