import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { freshDbName } from '../testing';
import { closeMigrationDbs, createAt, openAt } from './testing';

afterEach(closeMigrationDbs);

describe('v16 → v17 (PDPA consents)', () => {
  it('adds consents empty, by resident and bucket; the residents stay', async () => {
    const name = freshDbName('v16to17');
    await createAt(name, 16, async (old) => {
      await old.table('residents').add({ id: 'r-1', bucket: 'c:c-01' });
    });
    const db = await openAt(name, 17);
    expect(db.table('consents').schema.primKey.name).toBe('id');
    expect(db.table('consents').schema.indexes.map((i) => i.name).sort()).toEqual(['bucket', 'residentId']);
    expect(await db.table('consents').count()).toBe(0);
    expect(await db.table('residents').get('r-1')).toEqual({ id: 'r-1', bucket: 'c:c-01' });
  });
});
