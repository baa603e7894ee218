import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type CareRoundsDb } from './db';
import { bulkLoadResidents, type BulkAssessment, type BulkResident } from './bulk';
import { nextId } from './ids';
import { readMid } from './meta';
import { createResident } from './residents';
import { buildAssessmentData, buildProfile, freshDbName } from './testing';

const opened: CareRoundsDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

async function freshDb(): Promise<CareRoundsDb> {
  const result = await openStore(freshDbName('bulk'));
  if (!result.ok) throw new Error(result.detail);
  opened.push(result.db);
  return result.db;
}

function residents(n: number): (BulkResident & { id: string })[] {
  return Array.from({ length: n }, (_, i) => ({
    ...buildProfile({ firstName: `ราย${i}`, nationalId: null, noIdReason: 'demo' }),
    id: nextId(),
    status: 'active' as const,
    statusDate: null,
    statusReason: '',
  }));
}

describe('bulkLoadResidents', () => {
  it('loads in chunks with one outbox entry per record, consecutive mids, and derived latestAdl', async () => {
    const db = await freshDb();
    await createResident(db, buildProfile(), { userId: 'u' }); // mid 1 already taken
    const rs = residents(2500);
    const as: BulkAssessment[] = rs.slice(0, 300).flatMap((r, i) => [
      buildAssessmentData(r.id, '2024-12-01', 20),
      buildAssessmentData(r.id, '2025-01-15', i % 2 === 0 ? 3 : 8),
      buildAssessmentData(r.id, '2024-06-01', 3),
    ]);
    const progress: number[] = [];
    const result = await bulkLoadResidents(db, rs, as, { userId: 'demo', chunkSize: 1000, onProgress: (done) => progress.push(done) });

    expect(result).toEqual({ residents: 2500, assessments: 900, lastMid: 1 + 2500 + 900 });
    expect(progress).toEqual([1000, 2000, 2500, 3400]);
    expect(await db.residents.count()).toBe(2501);
    expect(await db.assessments.count()).toBe(900);
    const mids = await db.outbox.orderBy('mid').primaryKeys();
    expect(mids).toEqual(Array.from({ length: 3401 }, (_, i) => i + 1));
    expect(await readMid(db)).toBe(3401);

    const first = await db.residents.get(rs[0]?.id ?? '');
    expect(first?.latestAdl).toMatchObject({ assessedOn: '2025-01-15', total: 3, group: 'bedbound' });
    const second = await db.residents.get(rs[1]?.id ?? '');
    expect(second?.latestAdl).toMatchObject({ assessedOn: '2025-01-15', total: 8, group: 'homebound' });
    expect(await db.assessments.get(second?.latestAdl?.assessmentId ?? '')).toMatchObject({ residentId: rs[1]?.id, assessedOn: '2025-01-15' });
    expect((await db.residents.get(rs[2000]?.id ?? ''))?.latestAdl).toBeNull();
    expect(await db.residents.where('latestAdl.group').equals('bedbound').count()).toBe(150);
  });

  it('a failing chunk keeps the complete chunks before it and leaves no gap', async () => {
    const db = await freshDb();
    const rs = residents(25);
    const clash = rs[3];
    if (!clash) throw new Error('fixture');
    rs[22] = { ...rs[22], ...buildProfile({ nationalId: null }), status: 'active', statusDate: null, statusReason: '', id: clash.id };
    await expect(bulkLoadResidents(db, rs, [], { userId: 'demo', chunkSize: 10 })).rejects.toThrow();
    expect(await db.residents.count()).toBe(20);
    expect(await db.outbox.orderBy('mid').primaryKeys()).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await readMid(db)).toBe(20);
  });

  it('refuses assessments of residents outside the load before writing anything', async () => {
    const db = await freshDb();
    await expect(bulkLoadResidents(db, residents(2), [buildAssessmentData('someone-else', '2025-01-01', 12)], { userId: 'demo' })).rejects.toMatchObject({
      code: 'record.notFound',
    });
    expect(await db.residents.count()).toBe(0);
  });
});
