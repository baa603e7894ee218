import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { isCurrentBuild, READ_MODELS_VERSION } from '../readModels';
import { freshDbName } from '../testing';
import { closeMigrationDbs, createAt, openAt } from './testing';

afterEach(closeMigrationDbs);

describe('v14 → v15 (the resident facts live only in their packs)', () => {
  it('removes reportResidents; the packs and the marker that vouches for them stay', async () => {
    const name = freshDbName('v14to15');
    const pack = { key: '07', facts: [{ id: 'r-1' }] };
    await createAt(name, 14, async (old) => {
      await old.table('reportResidents').add({ id: 'r-1' });
      await old.table('reportResidentPacks').put(pack);
      await old.table('meta').put({ key: 'readModels', version: READ_MODELS_VERSION, state: 'built', at: '2026-12-01T00:00:00.000Z' });
    });

    const db = await openAt(name, 15);
    expect(db.tables.map((t) => t.name)).not.toContain('reportResidents');
    expect(await db.reportResidentPacks.get('07')).toEqual(pack);
    expect(isCurrentBuild(await db.meta.get('readModels'))).toBe(true);
  });
});
