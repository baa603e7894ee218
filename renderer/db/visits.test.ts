import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { buildAmendment, type Visit } from '../../shared/visit';
import { emptyVisitForm, validateVisitForm, type VisitFormOutput, type VisitFormValues } from '../../shared/visitForm';
import type { RoundVisitData } from '../../shared/rounds/recordsSchema';
import { roundVisitOf } from '../../shared/rounds/testWeek';
import { openStore, type CareRoundsDb } from './db';
import { isStoreError } from './errors';
import { readMid } from './meta';
import { createRecord, deleteRecord, patchRecord, type WriteCtx } from './repository';
import { visitDraftKey } from './records';
import { createResident } from './residents';
import { buildAdlForm, buildProfile, freshDbName, steppingClock } from './testing';
import {
  amendVisit,
  discardVisitDraft,
  getVisitDraft,
  listAmendedVisits,
  listResidentAmendments,
  listVisits,
  recordVisit,
  saveVisitDraft,
  voidVisit,
} from './visits';

const opened: CareRoundsDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

async function freshDb(): Promise<CareRoundsDb> {
  const result = await openStore(freshDbName('visits'));
  if (!result.ok) throw new Error(result.detail);
  opened.push(result.db);
  return result.db;
}

const NOW = '2025-01-31T08:00:00.000Z'; // 15:00 Bangkok
const cg: WriteCtx = { userId: 'cg-1', now: steppingClock() };
const other: WriteCtx = { userId: 'cg-2', now: steppingClock(Date.UTC(2025, 1, 1)) };

function form(overrides: Partial<VisitFormValues> = {}): VisitFormValues {
  return {
    ...emptyVisitForm(NOW),
    time: '09:30',
    durationMinutes: '40',
    vitals: { systolic: '132', diastolic: '84', pulse: '78', temperature: '36.8', spo2: '97', respRate: '18', glucose: '', weight: '55.2' },
    careGiven: [{ code: 'bathing', minutes: '20' }],
    observations: 'ทานข้าวได้',
    ...overrides,
  };
}

function output(overrides: Partial<VisitFormValues> = {}): VisitFormOutput {
  const r = validateVisitForm(form(overrides), { now: NOW, resident: { birthDate: { value: '1950-03-14', precision: 'day' }, status: 'active' } });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.data;
}

async function withResident(): Promise<{ db: CareRoundsDb; residentId: string }> {
  const db = await freshDb();
  const r = await createResident(db, buildProfile(), cg);
  return { db, residentId: r.id };
}

function amendment(visit: Visit, current: Visit, edited: Partial<VisitFormValues>, author: string, at: string, reason = 'พิมพ์ผิด') {
  const r = buildAmendment({ visit, current, edited: output(edited), reason, author, at });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.data;
}

describe('recordVisit', () => {
  const round = (residentId: string, caregiverId: string): RoundVisitData =>
    roundVisitOf({
      weekStart: '2025-01-27',
      residentId,
      caregiverId,
      date: '2025-01-31',
      minutes: 45,
      activities: ['bathing'],
      status: 'published',
      outcome: 'missed',
      missedReason: 'not_home',
      outcomeNote: 'ไม่อยู่',
    });


  it('marks the round visit it was made for done, in the same transaction; leaves another caregiver’s round alone', async () => {
    const { db, residentId } = await withResident();
    const cm: WriteCtx = { userId: 'cm-1', now: steppingClock() };
    const mine = await createRecord(db, 'roundVisits', round(residentId, 'cg-1'), cm);
    const hers = await createRecord(db, 'roundVisits', round(residentId, 'cg-2'), cm);
    const midBefore = await readMid(db);

    const v = await recordVisit(db, residentId, output(), cg, { roundVisitId: mine.id });
    expect(await db.roundVisits.get(mine.id)).toMatchObject({ outcome: 'done', visitId: v.id, missedReason: null, outcomeNote: '' });
    const entries = await db.outbox.where('mid').above(midBefore).toArray();
    expect(entries.map((e) => [e.table, e.op, e.recordId])).toEqual([
      ['visits', 'create', v.id],
      ['roundVisits', 'patch', mine.id],
    ]);
    expect(Object.keys(entries[1]?.fields ?? {}).sort()).toEqual(['missedReason', 'outcome', 'outcomeNote', 'visitId']);

    const v2 = await recordVisit(db, residentId, output(), cg, { roundVisitId: hers.id });
    expect(await db.visits.get(v2.id)).toBeDefined();
    expect(await db.roundVisits.get(hers.id)).toMatchObject({ outcome: 'missed', visitId: null });
  });

  it('stores the visit with exactly one outbox entry and removes the caregiver’s draft, in one go', async () => {
    const { db, residentId } = await withResident();
    await saveVisitDraft(db, residentId, 'cg-1', form());
    await saveVisitDraft(db, residentId, 'cg-2', form({ observations: 'ของคนอื่น' }));
    const midBefore = await readMid(db);

    const v = await recordVisit(db, residentId, output(), cg);
    expect(v).toMatchObject({ residentId, caregiverId: 'cg-1', serviceDate: '2025-01-31', startedAt: '2025-01-31T02:30:00.000Z', deletedAt: null, seq: 0 });
    expect(await db.visits.get(v.id)).toEqual(v);
    const entries = await db.outbox.where('mid').above(midBefore).toArray();
    expect(entries.map((e) => [e.table, e.op, e.recordId])).toEqual([['visits', 'create', v.id]]);
    expect(entries[0]?.fields).toMatchObject({ residentId, caregiverId: 'cg-1', vitals: { systolic: 132, diastolic: 84 } });
    expect(await readMid(db)).toBe(midBefore + 1);
    // Only this caregiver's draft for this resident is gone.
    expect(await getVisitDraft(db, residentId, 'cg-1')).toBeUndefined();
    expect((await getVisitDraft(db, residentId, 'cg-2'))?.values.observations).toBe('ของคนอื่น');
  });

  it('stores an ADL re-score in the same transaction (assessment + latestAdl)', async () => {
    const { db, residentId } = await withResident();
    const midBefore = await readMid(db);
    const v = await recordVisit(db, residentId, output(), cg, { adl: buildAdlForm('2025-01-31', 9) });
    const entries = await db.outbox.where('mid').above(midBefore).toArray();
    expect(entries.map((e) => [e.table, e.op])).toEqual([
      ['visits', 'create'],
      ['assessments', 'create'],
      ['residents', 'patch'],
    ]);
    expect(entries.filter((e) => e.table === 'visits').map((e) => e.recordId)).toEqual([v.id]);
    const [a] = await db.assessments.toArray();
    expect(a).toMatchObject({ residentId, total: 9, assessedOn: '2025-01-31' });
    expect((await db.residents.get(residentId))?.latestAdl).toMatchObject({ assessmentId: a?.id, total: 9 });
  });

  it('a failing write keeps the draft and stores nothing', async () => {
    const { db, residentId } = await withResident();
    await saveVisitDraft(db, residentId, 'cg-1', form({ observations: 'อย่าหาย' }));
    const midBefore = await readMid(db);
    const fail = () => {
      throw new Error('assessment write failed');
    };
    db.assessments.hook('creating', fail);
    await expect(recordVisit(db, residentId, output(), cg, { adl: buildAdlForm('2025-01-31', 9) })).rejects.toThrow('assessment write failed');
    db.assessments.hook('creating').unsubscribe(fail);

    expect(await db.visits.count()).toBe(0);
    expect(await db.assessments.count()).toBe(0);
    expect(await readMid(db)).toBe(midBefore);
    expect(await db.outbox.count()).toBe(midBefore);
    expect((await getVisitDraft(db, residentId, 'cg-1'))?.values.observations).toBe('อย่าหาย');

    // A failure after the draft was deleted (storing the counter, the last step) rolls the delete back too.
    const failMeta = () => {
      throw new Error('counter write failed');
    };
    db.meta.hook('updating', failMeta);
    await expect(recordVisit(db, residentId, output(), cg)).rejects.toThrow('counter write failed');
    db.meta.hook('updating').unsubscribe(failMeta);
    expect(await db.visits.count()).toBe(0);
    expect(await db.outbox.count()).toBe(midBefore);
    expect((await getVisitDraft(db, residentId, 'cg-1'))?.values.observations).toBe('อย่าหาย');
  });

  it('refuses a missing or deleted resident and keeps the draft', async () => {
    const { db, residentId } = await withResident();
    await expect(recordVisit(db, '0195f3a2-7c4e-7a10-9b2c-3d4e5f600000', output(), cg)).rejects.toMatchObject({ code: 'record.notFound' });
    // A visit the server would refuse (here: diastolic above systolic) never reaches the outbox.
    const bad = output();
    await expect(recordVisit(db, residentId, { ...bad, vitals: { ...bad.vitals, systolic: 90, diastolic: 120 } }, cg)).rejects.toMatchObject({ code: 'record.invalidField', details: { field: 'vitals.diastolic' } });
    expect((await db.outbox.toArray()).filter((e) => e.table === 'visits')).toEqual([]);
    await saveVisitDraft(db, residentId, 'cg-1', form());
    await deleteRecord(db, 'residents', residentId, cg);
    await expect(recordVisit(db, residentId, output(), cg)).rejects.toMatchObject({ code: 'record.deleted' });
    expect(await db.visits.count()).toBe(0);
    expect(await getVisitDraft(db, residentId, 'cg-1')).toBeDefined();
  });

  it('a saved visit cannot be patched or deleted (record.immutable); nothing is queued', async () => {
    const { db, residentId } = await withResident();
    const v = await recordVisit(db, residentId, output(), cg);
    const mid = await readMid(db);
    const err: unknown = await patchRecord(db, 'visits', v.id, { observations: 'แก้' }, cg).catch((e: unknown) => e);
    expect(isStoreError(err, 'record.immutable')).toBe(true);
    await expect(deleteRecord(db, 'visits', v.id, cg)).rejects.toMatchObject({ code: 'record.immutable' });
    expect(await readMid(db)).toBe(mid);
    expect((await db.visits.get(v.id))?.observations).toBe('ทานข้าวได้');
  });
});

describe('voidVisit', () => {
  it('tombstones with the reason (op void); listVisits hides it unless asked', async () => {
    const { db, residentId } = await withResident();
    const keep = await recordVisit(db, residentId, output({ time: '08:00' }), cg);
    const wrong = await recordVisit(db, residentId, output(), cg);
    const voided = await voidVisit(db, wrong.id, '  ผิดคน ', cg);
    expect(voided.deletedAt).not.toBeNull();
    expect(voided).toMatchObject({ voidReason: 'ผิดคน' });
    const last = await db.outbox.orderBy('mid').last();
    expect(last).toMatchObject({ table: 'visits', op: 'void', recordId: wrong.id, fields: { voidReason: 'ผิดคน' } });
    expect((await listVisits(db, residentId)).map((v) => v.id)).toEqual([keep.id]);
    expect((await listVisits(db, residentId, { includeVoided: true })).map((v) => v.id)).toEqual([wrong.id, keep.id]);
  });

  it('requires a reason', async () => {
    const { db, residentId } = await withResident();
    const v = await recordVisit(db, residentId, output(), cg);
    await expect(voidVisit(db, v.id, ' \u200b ', cg)).rejects.toMatchObject({ code: 'visit.reasonRequired' });
    expect((await db.visits.get(v.id))?.deletedAt).toBeNull();
  });
});

describe('amendVisit', () => {
  it('stores the amendment in the visit’s resident, with one outbox entry; the visit itself is unchanged', async () => {
    const { db, residentId } = await withResident();
    const v = await recordVisit(db, residentId, output(), cg);
    const mid = await readMid(db);
    const a = await amendVisit(db, amendment(v, v, { vitals: { ...form().vitals, systolic: '122' } }, 'cg-1', '2025-01-31T09:00:00.000Z'), cg);
    expect(a).toMatchObject({ visitId: v.id, residentId, author: 'cg-1', changes: { 'vitals.systolic': 122 } });
    expect((await db.outbox.where('mid').above(mid).toArray()).map((e) => [e.table, e.op, e.recordId])).toEqual([['visitAmendments', 'create', a.id]]);
    expect((await db.visits.get(v.id))?.vitals.systolic).toBe(132);
    expect((await listResidentAmendments(db, residentId)).map((x) => x.id)).toEqual([a.id]);
  });

  it('refuses an amendment written in another user’s name, and one of a voided or unknown visit', async () => {
    const { db, residentId } = await withResident();
    const v = await recordVisit(db, residentId, output(), cg);
    const data = amendment(v, v, { observations: 'แก้แล้ว' }, 'cg-1', '2025-01-31T09:00:00.000Z');
    const mid = await readMid(db);
    await expect(amendVisit(db, data, other)).rejects.toMatchObject({ code: 'record.invalidField', details: { field: 'author' } });
    await expect(amendVisit(db, { ...data, visitId: '01958f3a-2222-7000-8000-00000000dead' }, cg)).rejects.toMatchObject({ code: 'record.notFound' });
    await voidVisit(db, v.id, 'ซ้ำ', cg);
    await expect(amendVisit(db, data, cg)).rejects.toMatchObject({ code: 'record.deleted' });
    expect(await db.visitAmendments.count()).toBe(0);
    expect(await readMid(db)).toBe(mid + 1); // only the void
  });

  it('listAmendedVisits applies amendments in (at, id) order whatever the order they were stored in', async () => {
    const { db, residentId } = await withResident();
    const v = await recordVisit(db, residentId, output(), cg);
    const untouched = await recordVisit(db, residentId, output({ time: '08:00' }), cg);
    // Stored in the opposite order of their times: the view follows `at`, not storage order.
    const later = amendment(v, v, { observations: 'ครั้งที่สอง' }, 'cg-1', '2025-01-31T11:00:00.000Z', 'แก้อีกรอบ');
    const earlier = amendment(v, v, { observations: 'ครั้งแรก', mood: '3' }, 'cg-1', '2025-01-31T10:00:00.000Z');
    const a2 = await amendVisit(db, later, cg);
    const a1 = await amendVisit(db, earlier, cg);

    const list = await listAmendedVisits(db, residentId);
    expect(list.map((x) => x.current.id)).toEqual([v.id, untouched.id]); // newest first
    const amended = list[0];
    expect(amended?.current).toMatchObject({ observations: 'ครั้งที่สอง', mood: 3 });
    expect(amended?.history.map((hh) => [hh.amendmentId, hh.status])).toEqual([
      [a1.id, 'applied'],
      [a2.id, 'applied'],
    ]);
    expect(amended?.history[1]?.changes).toEqual([{ field: 'observations', from: 'ครั้งแรก', to: 'ครั้งที่สอง' }]);
    expect(amended?.amendedFields.sort()).toEqual(['mood', 'observations']);
    expect(list[1]?.history).toEqual([]);
    // The stored visit is still what was first saved.
    expect((await db.visits.get(v.id))?.observations).toBe('ทานข้าวได้');
  });
});

describe('visit drafts', () => {
  it('one draft per resident and caregiver; saving again replaces it but keeps startedAt', async () => {
    const { db, residentId } = await withResident();
    const first = await saveVisitDraft(db, residentId, 'cg-1', form({ observations: 'ก' }), new Date('2025-01-31T08:00:00.000Z'));
    const second = await saveVisitDraft(db, residentId, 'cg-1', form({ observations: 'กข' }), new Date('2025-01-31T08:00:05.000Z'));
    expect(first.key).toBe(visitDraftKey(residentId, 'cg-1'));
    expect(second).toMatchObject({ key: first.key, startedAt: '2025-01-31T08:00:00.000Z', savedAt: '2025-01-31T08:00:05.000Z' });
    expect(await db.visitDrafts.count()).toBe(1);
    expect((await getVisitDraft(db, residentId, 'cg-1'))?.values.observations).toBe('กข');

    await saveVisitDraft(db, residentId, 'cg-2', form());
    expect(await db.visitDrafts.count()).toBe(2);
    // Drafts stay on the device: no outbox entries.
    expect((await db.outbox.toArray()).some((e) => (e.table as string) === 'visitDrafts')).toBe(false);
    expect(await db.outbox.count()).toBe(1); // the resident only
  });

  it('keeps what was typed, even invalid, and discarding removes only that draft', async () => {
    const { db, residentId } = await withResident();
    await saveVisitDraft(db, residentId, 'cg-1', form({ vitals: { ...form().vitals, systolic: '1200' } }));
    await saveVisitDraft(db, residentId, 'cg-2', form());
    expect((await getVisitDraft(db, residentId, 'cg-1'))?.values.vitals.systolic).toBe('1200');
    await discardVisitDraft(db, residentId, 'cg-1');
    expect(await getVisitDraft(db, residentId, 'cg-1')).toBeUndefined();
    expect(await getVisitDraft(db, residentId, 'cg-2')).toBeDefined();
  });
});
