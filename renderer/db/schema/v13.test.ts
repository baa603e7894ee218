import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { isCurrentBuild, READ_MODELS_VERSION } from '../readModels';
import { freshDbName } from '../testing';
import { closeMigrationDbs, createAt, openAt } from './testing';

afterEach(closeMigrationDbs);

describe('v12 → v13 (the funding reports’ read models)', () => {
  it('adds reportResidents empty, by id, and reportVisits empty, by date; the records stay (the start-up check builds the facts)', async () => {
    const name = freshDbName('v12to13');
    await createAt(name, 12, async (old) => {
      await old.table('visits').add({ id: 'v-1', residentId: 'r-1', startedAt: '2026-12-01T02:00:00.000Z', serviceDate: '2026-12-01' });
      await old.table('meta').put({ key: 'readModels', version: READ_MODELS_VERSION.replace(/\.reports-\d+$/, ''), state: 'built', at: '2026-12-01T00:00:00.000Z' });
    });

    const db = await openAt(name, 13);
    expect(await db.visits.get('v-1')).toMatchObject({ residentId: 'r-1' });
    const reportResidents = db.table('reportResidents'); // removed again at version 15
    expect(reportResidents.schema.primKey.name).toBe('id');
    expect(reportResidents.schema.indexes).toEqual([]);
    expect(await reportResidents.count()).toBe(0);
    const reportVisits = db.table('reportVisits'); // removed again at version 14
    expect(reportVisits.schema.primKey.name).toBe('id');
    expect(reportVisits.schema.indexes.map((i) => i.name)).toEqual(['date']);
    expect(await reportVisits.count()).toBe(0);
    // The marker an older build left does not vouch for the new stores: the start-up check rebuilds.
    expect(isCurrentBuild(await db.meta.get('readModels'))).toBe(false);
  });
});
