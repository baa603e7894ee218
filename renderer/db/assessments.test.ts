import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { listAssessments, recordAdlAssessment, voidAssessment } from './assessments';
import { openStore, type CareRoundsDb } from './db';
import { isStoreError } from './errors';
import { readMid } from './meta';
import { deleteRecord } from './repository';
import { createResident } from './residents';
import { buildAdlForm, buildProfile, freshDbName, steppingClock } from './testing';

const opened: CareRoundsDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

async function freshDb(): Promise<CareRoundsDb> {
  const result = await openStore(freshDbName('adl'));
  if (!result.ok) throw new Error(result.detail);
  opened.push(result.db);
  return result.db;
}

const ctx = { userId: 'nurse-1', now: steppingClock() };

describe('recordAdlAssessment', () => {
  it('creates the assessment and updates latestAdl in one go, each with its outbox entry', async () => {
    const db = await freshDb();
    const r = await createResident(db, buildProfile(), ctx);
    const a = await recordAdlAssessment(db, r.id, buildAdlForm('2025-01-10', 8), ctx);

    expect(a).toMatchObject({ residentId: r.id, assessedOn: '2025-01-10', total: 8, group: 'homebound' });
    expect((await db.residents.get(r.id))?.latestAdl).toEqual({ assessmentId: a.id, total: 8, group: 'homebound', assessedOn: '2025-01-10' });
    const entries = await db.outbox.orderBy('mid').toArray();
    expect(entries.map((e) => [e.mid, e.table, e.op])).toEqual([
      [1, 'residents', 'create'],
      [2, 'assessments', 'create'],
      [3, 'residents', 'patch'],
    ]);
    expect(entries[2]?.fields).toEqual({ latestAdl: { assessmentId: a.id, total: 8, group: 'homebound', assessedOn: '2025-01-10' } });
  });

  it('latestAdl follows the newest by assessment date, not by entry order', async () => {
    const db = await freshDb();
    const r = await createResident(db, buildProfile(), ctx);
    const jan = await recordAdlAssessment(db, r.id, buildAdlForm('2025-01-10', 8), ctx);
    const midBefore = await readMid(db);
    // Entered later, but assessed earlier: latestAdl stays, and no resident patch is queued.
    await recordAdlAssessment(db, r.id, buildAdlForm('2024-11-02', 18), ctx);
    expect((await db.residents.get(r.id))?.latestAdl?.assessmentId).toBe(jan.id);
    expect(await readMid(db)).toBe(midBefore + 1);

    const feb = await recordAdlAssessment(db, r.id, buildAdlForm('2025-02-01', 3), ctx);
    expect((await db.residents.get(r.id))?.latestAdl).toMatchObject({ assessmentId: feb.id, group: 'bedbound' });
    // Same day twice: the one recorded last wins.
    const febAgain = await recordAdlAssessment(db, r.id, buildAdlForm('2025-02-01', 12), ctx);
    expect((await db.residents.get(r.id))?.latestAdl).toMatchObject({ assessmentId: febAgain.id, group: 'social' });
    expect((await db.residents.where('latestAdl.group').equals('social').toArray()).map((x) => x.id)).toEqual([r.id]);

    expect((await listAssessments(db, r.id)).map((a) => [a.assessedOn, a.total])).toEqual([
      ['2025-02-01', 12],
      ['2025-02-01', 3],
      ['2025-01-10', 8],
      ['2024-11-02', 18],
    ]);
  });

  it('refuses a missing or deleted resident and writes nothing', async () => {
    const db = await freshDb();
    await expect(recordAdlAssessment(db, 'nobody', buildAdlForm('2025-01-10', 8), ctx)).rejects.toMatchObject({ code: 'record.notFound' });
    const r = await createResident(db, buildProfile(), ctx);
    await deleteRecord(db, 'residents', r.id, ctx);
    await expect(recordAdlAssessment(db, r.id, buildAdlForm('2025-01-10', 8), ctx)).rejects.toMatchObject({ code: 'record.deleted' });
    expect(await db.assessments.count()).toBe(0);
    expect(await db.outbox.count()).toBe(2);
  });

  it('if the resident update fails, the assessment is not stored either', async () => {
    const db = await freshDb();
    const r = await createResident(db, buildProfile(), ctx);
    const fail = () => {
      throw new Error('resident write failed');
    };
    db.residents.hook('updating', fail);
    await expect(recordAdlAssessment(db, r.id, buildAdlForm('2025-01-10', 8), ctx)).rejects.toThrow('resident write failed');
    db.residents.hook('updating').unsubscribe(fail);
    expect(await db.assessments.count()).toBe(0);
    expect(await db.outbox.count()).toBe(1);
    expect(await readMid(db)).toBe(1);
  });
});

describe('voidAssessment', () => {
  it('tombstones with a reason and recomputes latestAdl; voiding the last one clears it', async () => {
    const db = await freshDb();
    const r = await createResident(db, buildProfile(), ctx);
    const older = await recordAdlAssessment(db, r.id, buildAdlForm('2025-01-10', 8), ctx);
    const newer = await recordAdlAssessment(db, r.id, buildAdlForm('2025-02-10', 3), ctx);

    const voided = await voidAssessment(db, newer.id, '  บันทึกผิดคน ', ctx);
    expect(voided.deletedAt).not.toBeNull();
    expect(await db.assessments.count()).toBe(2);
    expect((await db.residents.get(r.id))?.latestAdl).toMatchObject({ assessmentId: older.id, total: 8 });
    const entries = await db.outbox.orderBy('mid').toArray();
    expect(entries.slice(-2).map((e) => [e.table, e.op, e.fields])).toEqual([
      ['assessments', 'void', { voidReason: 'บันทึกผิดคน' }],
      ['residents', 'patch', { latestAdl: { assessmentId: older.id, total: 8, group: 'homebound', assessedOn: '2025-01-10' } }],
    ]);
    expect((await listAssessments(db, r.id)).map((a) => a.id)).toEqual([older.id]);
    expect((await listAssessments(db, r.id, { includeVoided: true })).map((a) => a.id)).toEqual([newer.id, older.id]);

    await voidAssessment(db, older.id, 'ซ้ำ', ctx);
    expect((await db.residents.get(r.id))?.latestAdl).toBeNull();
  });

  it('requires a reason', async () => {
    const db = await freshDb();
    const r = await createResident(db, buildProfile(), ctx);
    const a = await recordAdlAssessment(db, r.id, buildAdlForm('2025-01-10', 8), ctx);
    const err: unknown = await voidAssessment(db, a.id, ' \u200b ', ctx).catch((e: unknown) => e);
    expect(isStoreError(err, 'assessment.reasonRequired')).toBe(true);
    expect((await db.assessments.get(a.id))?.deletedAt).toBeNull();
  });
});
