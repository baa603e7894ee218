import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type CareRoundsDb } from './db';
import { isStoreError, type StoreError } from './errors';
import { readMid } from './meta';
import { deleteRecord } from './repository';
import {
  archiveResident,
  checkDuplicates,
  createResident,
  findByNationalId,
  listResidents,
  unarchiveResident,
  updateResident,
} from './residents';
import { buildProfile, freshDbName } from './testing';

const opened: CareRoundsDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

async function freshDb(): Promise<CareRoundsDb> {
  const result = await openStore(freshDbName('residents'));
  if (!result.ok) throw new Error(result.detail);
  opened.push(result.db);
  return result.db;
}

const ctx = { userId: 'nurse-1' };

async function rejection(p: Promise<unknown>): Promise<StoreError> {
  const err: unknown = await p.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );
  if (!isStoreError(err)) throw err;
  return err;
}

describe('createResident', () => {
  it('creates an active resident without an ADL summary, with its outbox entry', async () => {
    const db = await freshDb();
    const r = await createResident(db, buildProfile(), ctx);
    expect(r).toMatchObject({ status: 'active', statusDate: null, statusReason: '', latestAdl: null, firstName: 'สมศรี' });
    expect(await db.outbox.toArray()).toMatchObject([{ mid: 1, op: 'create', recordId: r.id, table: 'residents' }]);
  });

  it('refuses a second resident with the same national ID, naming the existing one, and writes nothing', async () => {
    const db = await freshDb();
    const first = await createResident(db, buildProfile(), ctx);
    const err = await rejection(createResident(db, buildProfile({ firstName: 'อีกคน' }), ctx));
    expect(err.code).toBe('resident.duplicateId');
    expect(err.details).toEqual({ existingId: first.id });
    expect(await db.residents.count()).toBe(1);
    expect(await db.outbox.count()).toBe(1);
    expect(await readMid(db)).toBe(1);
  });

  it('lets only one of two simultaneous saves with the same ID through', async () => {
    const db = await freshDb();
    const results = await Promise.allSettled([createResident(db, buildProfile(), ctx), createResident(db, buildProfile(), ctx)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await db.residents.count()).toBe(1);
  });

  it('allows many residents without an ID, and an ID whose holder was deleted', async () => {
    const db = await freshDb();
    await createResident(db, buildProfile({ nationalId: null, noIdReason: 'ไม่มีบัตร' }), ctx);
    await createResident(db, buildProfile({ nationalId: null, noIdReason: 'ไม่มีบัตร', firstName: 'สมชาย' }), ctx);
    const gone = await createResident(db, buildProfile(), ctx);
    await deleteRecord(db, 'residents', gone.id, ctx);
    const again = await createResident(db, buildProfile(), ctx);
    expect((await findByNationalId(db, '1130300123459'))?.id).toBe(again.id);
    expect(await db.residents.count()).toBe(4);
  });
});

describe('updateResident', () => {
  it('writes only what the form changed', async () => {
    const db = await freshDb();
    const r = await createResident(db, buildProfile(), ctx);
    await updateResident(db, r.id, buildProfile({ notes: 'เดินได้ช้า' }), ctx);
    await updateResident(db, r.id, buildProfile({ notes: 'เดินได้ช้า' }), ctx); // saved again unchanged
    const entries = await db.outbox.orderBy('mid').toArray();
    expect(entries.map((e) => [e.op, Object.keys(e.fields)])).toEqual([
      ['create', expect.any(Array)],
      ['patch', ['notes']],
    ]);
  });

  it('refuses changing the ID to one another resident holds, but keeps an existing pair editable', async () => {
    const db = await freshDb();
    const a = await createResident(db, buildProfile(), ctx);
    const b = await createResident(db, buildProfile({ nationalId: '3100600123455', firstName: 'สมชาย' }), ctx);
    const err = await rejection(updateResident(db, b.id, buildProfile({ nationalId: '1130300123459', firstName: 'สมชาย' }), ctx));
    expect(err.code).toBe('resident.duplicateId');
    expect(err.details).toEqual({ existingId: a.id });

    // A pair that already exists (e.g. pulled from two devices) can still be edited.
    await db.residents.update(b.id, { nationalId: '1130300123459' });
    const edited = await updateResident(db, b.id, buildProfile({ firstName: 'สมชาย', notes: 'ซ้ำ รอรวม' }), ctx);
    expect(edited.notes).toBe('ซ้ำ รอรวม');
  });
});

describe('checkDuplicates', () => {
  it('finds the same person typed with zero-width characters, double spaces or another prefix', async () => {
    const db = await freshDb();
    const somsri = await createResident(db, buildProfile({ prefix: 'นาง' }), ctx);
    const variants = [
      { prefix: 'นางสาว', firstName: 'สม\u200bศรี', lastName: 'ใจดี' },
      { prefix: 'นาง', firstName: ' สมศรี ', lastName: 'ใจ  ดี' },
      { prefix: 'นาง', firstName: 'สมศรี\u200d', lastName: '\ufeffใจดี' },
    ];
    for (const v of variants) {
      const found = await checkDuplicates(db, { ...v, nationalId: null, birthDate: { value: '1950-03-14', precision: 'day' } });
      expect(found.sameNameAndBirth.map((r) => r.id), JSON.stringify(v)).toEqual([somsri.id]);
      expect(found.sameId).toBeUndefined();
    }
  });

  it('does not warn for another birth date, the resident itself, or deleted residents', async () => {
    const db = await freshDb();
    const r = await createResident(db, buildProfile(), ctx);
    const probe = { firstName: 'สมศรี', lastName: 'ใจดี', nationalId: null, birthDate: { value: '1950-03-14', precision: 'day' as const } };
    expect((await checkDuplicates(db, { ...probe, birthDate: { value: '1951-03-14', precision: 'day' } })).sameNameAndBirth).toEqual([]);
    expect((await checkDuplicates(db, probe, r.id)).sameNameAndBirth).toEqual([]);
    await deleteRecord(db, 'residents', r.id, ctx);
    expect((await checkDuplicates(db, probe)).sameNameAndBirth).toEqual([]);
  });

  it('reports the resident holding the same ID', async () => {
    const db = await freshDb();
    const r = await createResident(db, buildProfile(), ctx);
    const found = await checkDuplicates(db, { firstName: 'อื่น', lastName: 'อื่น', nationalId: '1130300123459', birthDate: { value: '1960', precision: 'year' } });
    expect(found.sameId?.id).toBe(r.id);
    expect((await checkDuplicates(db, { ...buildProfile() }, r.id)).sameId).toBeUndefined();
  });
});

describe('archive', () => {
  it('keeps the record, sets status, date and reason, and can be undone', async () => {
    const db = await freshDb();
    const r = await createResident(db, buildProfile(), ctx);
    const archived = await archiveResident(db, r.id, { status: 'died', statusDate: '2025-02-01', statusReason: 'เสียชีวิตที่บ้าน' }, ctx);
    expect(archived).toMatchObject({ id: r.id, status: 'died', statusDate: '2025-02-01', statusReason: 'เสียชีวิตที่บ้าน', deletedAt: null });
    expect(await db.residents.count()).toBe(1);
    expect(await listResidents(db)).toHaveLength(1);
    const patch = (await db.outbox.orderBy('mid').toArray())[1];
    expect(patch).toMatchObject({ op: 'patch', fields: { status: 'died', statusDate: '2025-02-01', statusReason: 'เสียชีวิตที่บ้าน' } });

    const back = await unarchiveResident(db, r.id, ctx);
    expect(back).toMatchObject({ status: 'active', statusDate: null, statusReason: '' });
    expect(back.firstName).toBe('สมศรี');
  });

  it('lists by community and leaves out deleted residents', async () => {
    const db = await freshDb();
    const a = await createResident(db, buildProfile({ communityId: 'c-02' }), ctx);
    const b = await createResident(db, buildProfile({ communityId: 'c-02', nationalId: null, firstName: 'ข' }), ctx);
    await createResident(db, buildProfile({ communityId: 'c-03', nationalId: null, firstName: 'ค' }), ctx);
    await deleteRecord(db, 'residents', b.id, ctx);
    expect((await listResidents(db, { communityId: 'c-02' })).map((r) => r.id)).toEqual([a.id]);
    expect(await listResidents(db)).toHaveLength(2);
  });
});
