import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { alertRowOf } from '../../../shared/alertRow';
import { digestOf } from '../../../shared/digest';
import type { Resident } from '../../../shared/resident';
import type { Visit } from '../../../shared/visit';
import { buildVisit, testUuid } from '../../../test/fixtures/careHistory';
import { checkReadModels, ensureReadModels, READ_MODELS_KEY } from '../readModels';
import { buildProfile, freshDbName } from '../testing';
import { closeMigrationDbs, createAt, openAt } from './testing';

afterEach(closeMigrationDbs);

const envelope = (id: string) => ({ id, createdAt: '2024-06-01T00:00:00.000Z', createdBy: 'u', updatedAt: '2024-06-01T00:00:00.000Z', updatedBy: 'u', deviceId: 'dev-1', deletedAt: null, seq: 0, hlc: {}, schemaVersion: 1 });
const residents: Resident[] = [1, 2].map((n) => ({
  ...buildProfile({ firstName: `คนที่${n}`, nationalId: null, noIdReason: 'test' }),
  status: 'active',
  statusDate: null,
  statusReason: '',
  latestAdl: null,
  ...envelope(testUuid(7, n)),
}));
const rid = (i: number): string => residents[i]?.id ?? '';
const visits: Visit[] = [
  { ...buildVisit(rid(0), { day: 3, hour: 9, done: true, type: 'routine', systolic: 182, pulse: 80, weight: 50, next: 7 }), ...envelope(testUuid(7, 10)) },
  { ...buildVisit(rid(1), { day: 5, hour: 9, done: true, type: 'follow_up', systolic: 120, pulse: 70, weight: 61, next: null }), ...envelope(testUuid(7, 11)) },
];

describe('v6 → v7 (alertRows)', () => {
  it('adds the store empty; a device whose read models were built before it no longer trusts them, and the start-up check builds an alert row per digest', async () => {
    const name = freshDbName('v6to7');
    await createAt(name, 6, async (old) => {
      await old.table('residents').bulkAdd(residents);
      await old.table('visits').bulkAdd(visits);
      await old.table('residentDigests').bulkAdd(residents.map((r) => digestOf(r, visits.filter((v) => v.residentId === r.id), [], [], [], [])));
      // The marker the version-6 code wrote once it had built the digests and register rows.
      await old.table('meta').bulkAdd([{ key: 'mid', value: 0 }, { key: READ_MODELS_KEY, version: 'digest-1.register-1', state: 'built', at: '2024-06-01T00:00:00.000Z' }]);
    });

    const db = await openAt(name, 7);
    expect(await db.alertRows.count()).toBe(0);
    expect(await db.residents.orderBy('id').toArray()).toEqual(residents);
    expect(await db.visits.orderBy('id').toArray()).toEqual(visits);

    expect(await checkReadModels(db)).toEqual({ ok: false, reason: 'marker' });
    await ensureReadModels(db);
    expect(await checkReadModels(db)).toEqual({ ok: true });
    const digests = await db.residentDigests.orderBy('id').toArray();
    expect(await db.alertRows.orderBy('id').toArray()).toEqual(digests.map(alertRowOf));
    expect((await db.alertRows.get(rid(0)))?.vitals?.systolic).toBe(182);
  });
});
