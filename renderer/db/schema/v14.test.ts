import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { isCurrentBuild } from '../readModels';
import { freshDbName } from '../testing';
import { closeMigrationDbs, createAt, openAt } from './testing';

afterEach(closeMigrationDbs);

describe('v13 → v14 (the report facts packed for reading)', () => {
  it('adds reportResidentPacks and reportVisitPacks empty, by key, removes reportVisits (the packs replace it); the old marker no longer vouches (the start-up check packs the facts)', async () => {
    const name = freshDbName('v13to14');
    await createAt(name, 13, async (old) => {
      await old.table('reportVisits').add({ id: 'v-1', residentId: 'r-1', date: '2026-12-01' });
      await old.table('reportResidents').add({ id: 'r-1' });
      await old.table('meta').put({ key: 'readModels', version: 'digest-1.register-1.alerts-1.cells-1.reports-1', state: 'built', at: '2026-12-01T00:00:00.000Z' });
    });

    const db = await openAt(name, 14);
    expect(db.tables.map((t) => t.name)).not.toContain('reportVisits');
    expect(await db.table('reportResidents').get('r-1')).toEqual({ id: 'r-1' }); // removed at version 15
    for (const table of [db.reportResidentPacks, db.reportVisitPacks]) {
      expect(table.schema.primKey.name).toBe('key');
      expect(table.schema.indexes).toEqual([]);
      expect(await table.count()).toBe(0);
    }
    expect(isCurrentBuild(await db.meta.get('readModels'))).toBe(false);
  });
});
