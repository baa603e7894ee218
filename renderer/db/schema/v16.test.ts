import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { freshDbName } from '../testing';
import { closeMigrationDbs, createAt, openAt } from './testing';

afterEach(closeMigrationDbs);

describe('v15 → v16 (PDPA consents)', () => {
  it('adds consents empty, by resident and bucket; the residents stay', async () => {
    const name = freshDbName('v15to16');
    await createAt(name, 15, async (old) => {
      await old.table('residents').add({ id: 'r-1', bucket: 'c:c-01' });
    });
    const db = await openAt(name, 16);
    expect(db.table('consents').schema.primKey.name).toBe('id');
    expect(db.table('consents').schema.indexes.map((i) => i.name).sort()).toEqual(['bucket', 'residentId']);
    expect(await db.table('consents').count()).toBe(0);
    expect(await db.table('residents').get('r-1')).toEqual({ id: 'r-1', bucket: 'c:c-01' });
  });
});
