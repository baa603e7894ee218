import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { digestOf } from '../../../shared/digest';
import type { Resident } from '../../../shared/resident';
import type { Visit } from '../../../shared/visit';
import { buildAssessment, buildVisit, testUuid } from '../../../test/fixtures/careHistory';
import { checkReadModels, ensureReadModels, READ_MODELS_KEY } from '../readModels';
import { buildProfile, freshDbName } from '../testing';
import { closeMigrationDbs, createAt, openAt } from './testing';

afterEach(closeMigrationDbs);

const envelope = (id: string) => ({ id, createdAt: '2024-06-01T00:00:00.000Z', createdBy: 'u', updatedAt: '2024-06-01T00:00:00.000Z', updatedBy: 'u', deviceId: 'dev-1', deletedAt: null, seq: 0, hlc: {}, schemaVersion: 1 });
const residents: Resident[] = [1, 2, 3].map((n) => ({
  ...buildProfile({ firstName: `คนที่${n}`, nationalId: null, noIdReason: 'test' }),
  status: 'active',
  statusDate: null,
  statusReason: '',
  latestAdl: null,
  ...envelope(testUuid(6, n)),
}));
const rid = (i: number): string => residents[i]?.id ?? '';
const visits: Visit[] = [
  { ...buildVisit(rid(0), { day: 3, hour: 9, done: true, type: 'routine', systolic: 182, pulse: 80, weight: 50, next: 7 }), ...envelope(testUuid(6, 10)) },
  { ...buildVisit(rid(0), { day: 20, hour: 10, done: false, type: 'routine', systolic: null, pulse: null, weight: null, next: null }), ...envelope(testUuid(6, 11)) },
  { ...buildVisit(rid(1), { day: 5, hour: 9, done: true, type: 'follow_up', systolic: 120, pulse: 70, weight: 61, next: null }), ...envelope(testUuid(6, 12)) },
];
const assessments = [{ ...buildAssessment(testUuid(6, 20), rid(2), { day: 40, total: 6 }), ...envelope(testUuid(6, 20)) }];

describe('v5 → v6 (residentDigests)', () => {
  it('adds the store empty and no build marker, keeps every row; the start-up check then builds a digest per resident', async () => {
    const name = freshDbName('v5to6');
    await createAt(name, 5, async (old) => {
      await old.table('residents').bulkAdd(residents);
      await old.table('visits').bulkAdd(visits);
      await old.table('assessments').bulkAdd(assessments);
      await old.table('meta').bulkAdd([{ key: 'mid', value: 0 }]);
    });

    const db = await openAt(name, 6);
    expect(await db.residentDigests.count()).toBe(0);
    expect(await db.meta.get(READ_MODELS_KEY)).toBeUndefined();
    expect(await db.residents.orderBy('id').toArray()).toEqual(residents);
    expect(await db.visits.orderBy('id').toArray()).toEqual(visits);
    expect(await db.assessments.toArray()).toEqual(assessments);
    expect(await db.outbox.count()).toBe(0);

    db.close();

    // The frozen upgrade builds nothing; the versioned builder does, at start-up (of the current code, whose
    // builder also writes the stores of later versions).
    const current = await openAt(name);
    expect(await checkReadModels(current)).toEqual({ ok: false, reason: 'marker' });
    await ensureReadModels(current);
    expect(await checkReadModels(current)).toEqual({ ok: true });
    const digests = await current.residentDigests.orderBy('id').toArray();
    const mine = <T extends { residentId: string }>(xs: readonly T[], id: string): T[] => xs.filter((x) => x.residentId === id);
    expect(JSON.stringify(digests)).toBe(JSON.stringify(residents.map((r) => digestOf(r, mine(visits, r.id), [], mine(assessments, r.id), [], []))));
  });
});
