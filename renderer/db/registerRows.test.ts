import 'fake-indexeddb/auto';
import { liveQuery, type DBCore, type Dexie, type Middleware } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { buildRegisterEntry } from '../../shared/register';
import type { Resident } from '../../shared/resident';
import { bulkLoadResidents, type BulkResident } from './bulk';
import { openCareRoundsDb, openStore, type CareRoundsDb } from './db';
import { nextId } from './ids';
import { projectRegisterRow, REGISTER_ROWS, registerRowView } from './registerRows';
import { createRecord, deleteRecord, patchRecord } from './repository';
import { archiveResident, createResident, updateResident } from './residents';
import { buildAdlForm, buildProfile, freshDbName } from './testing';
import { recordAdlAssessment } from './assessments';

const opened: Dexie[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

async function freshDb(): Promise<CareRoundsDb> {
  const result = await openStore(freshDbName('rows'));
  if (!result.ok) throw new Error(result.detail);
  opened.push(result.db);
  return result.db;
}

const ctx = { userId: 'u' };

/** The invariant: registerRows is exactly the projection of residents. */
async function expectProjected(db: CareRoundsDb): Promise<void> {
  const [residents, rows] = await Promise.all([db.residents.orderBy('id').toArray(), db.registerRows.orderBy('id').toArray()]);
  expect(rows).toEqual(residents.map(projectRegisterRow));
}

function bulkResidents(n: number, label = 'ราย'): (BulkResident & { id: string })[] {
  return Array.from({ length: n }, (_, i) => ({
    ...buildProfile({ firstName: `${label}${i}`, nationalId: null, noIdReason: 'demo' }),
    id: nextId(),
    status: 'active' as const,
    statusDate: null,
    statusReason: '',
  }));
}

describe('registerRows projection', () => {
  it('stores only the register fields, flat, and the view gives them back as the resident has them', async () => {
    const db = await freshDb();
    const r = await createResident(
      db,
      buildProfile({
        nickname: 'ยายจันทร์',
        phones: [{ number: '0812345678', label: 'มือถือ' }],
        contacts: [{ name: 'สมชาย', relationship: 'child', phone: '0898765432', isCaregiver: true }],
      }),
      ctx,
    );
    await recordAdlAssessment(db, r.id, buildAdlForm('2025-01-02', 10), ctx);
    const resident = await db.residents.get(r.id);
    const row = await db.registerRows.get(r.id);
    if (!resident || !row) throw new Error('not stored');
    expect(row).toEqual(projectRegisterRow(resident));
    // One object of scalars: no envelope, clocks or clinical fields, nothing nested.
    expect(Object.values(row).every((v) => v === null || typeof v !== 'object')).toBe(true);
    expect(JSON.stringify(row).length).toBeLessThan(JSON.stringify(resident).length / 2);

    const view = registerRowView(row);
    const fields = ['id', 'deletedAt', 'prefix', 'firstName', 'lastName', 'nickname', 'sex', 'nationalId', 'birthDate', 'communityId', 'address', 'phones', 'contacts', 'status', 'statusDate', 'latestAdl'] as const;
    for (const f of fields) expect(view[f], f).toEqual(resident[f]);
    expect(view.latestAdl?.group).toBe('homebound');
    expect(registerRowView(projectRegisterRow({ ...resident, latestAdl: null })).latestAdl).toBeNull();
    // The register computes the same entry from the view as from the full record.
    expect(buildRegisterEntry(view, 'ชุมชน')).toEqual({ ...buildRegisterEntry(resident, 'ชุมชน'), resident: view });
  });

  it('follows the repository: create, update, patch, ADL, archive, tombstone', async () => {
    const db = await freshDb();
    const a = await createResident(db, buildProfile({ firstName: 'สมศรี' }), ctx);
    const b = await createRecord(db, 'residents', { ...buildProfile({ firstName: 'บุญมา', nationalId: null, noIdReason: 'x' }), status: 'active', statusDate: null, statusReason: '', latestAdl: null }, ctx);
    await expectProjected(db);

    await updateResident(db, a.id, buildProfile({ firstName: 'สมศรีใหม่', nickname: 'ศรี' }), ctx);
    expect((await db.registerRows.get(a.id))?.firstName).toBe('สมศรีใหม่');
    await patchRecord(db, 'residents', b.id, { lastName: 'ใจดี' }, ctx);
    await recordAdlAssessment(db, a.id, buildAdlForm('2025-01-02', 10), ctx);
    expect((await db.registerRows.get(a.id))?.adlGroup).toBe('homebound');
    await archiveResident(db, b.id, { status: 'died', statusDate: '2025-01-03', statusReason: '' }, ctx);
    expect(await db.registerRows.get(b.id)).toMatchObject({ status: 'died', statusDate: '2025-01-03' });
    await deleteRecord(db, 'residents', a.id, ctx);
    expect((await db.registerRows.get(a.id))?.deletedAt).not.toBeNull();
    await expectProjected(db);
  });

  it('follows the bulk demo load', async () => {
    const db = await freshDb();
    const rs = bulkResidents(450);
    await bulkLoadResidents(db, rs, [], { ...ctx, chunkSize: 100 });
    expect(await db.registerRows.count()).toBe(450);
    await expectProjected(db);
  });

  it('follows raw table writes in a transaction that does not name registerRows (as the sync pull does)', async () => {
    const db = await freshDb();
    await createResident(db, buildProfile({ firstName: 'เดิม' }), ctx);
    const base = await db.residents.toArray();
    const pulled: Resident[] = [...base.map((r) => ({ ...r, firstName: 'จากเซิร์ฟเวอร์', seq: 7 })), ...(await fakePulled(db, 30))];
    await db.transaction('rw', [db.residents, db.assessments, db.conflicts, db.outbox, db.syncState, db.meta], async () => {
      await db.residents.bulkPut(pulled);
    });
    expect(await db.registerRows.count()).toBe(31);
    expect((await db.registerRows.get(base[0]?.id ?? ''))?.firstName).toBe('จากเซิร์ฟเวอร์');
    await expectProjected(db);

    // Table.update / Collection.modify / put / add outside any explicit transaction.
    const first = pulled[1];
    const second = pulled[2];
    if (!first || !second) throw new Error('fixture');
    await db.residents.update(first.id, { nickname: 'หนึ่ง' });
    await db.residents.put({ ...second, lastName: 'ใส่ใหม่' });
    await db.residents.where('status').equals('active').modify({ communityId: 'c-09' });
    expect((await db.registerRows.get(first.id))?.nickname).toBe('หนึ่ง');
    expect((await db.registerRows.get(second.id))?.lastName).toBe('ใส่ใหม่');
    expect((await db.registerRows.toArray()).map((r) => r.communityId)).toEqual(Array(31).fill('c-09'));
    const [extra] = await fakePulled(db, 1);
    if (!extra) throw new Error('fixture');
    await db.residents.add(extra);
    await expectProjected(db);
  });

  it('follows deletes: delete, bulkDelete, index-range delete, primary-key range delete, clear', async () => {
    const db = await freshDb();
    const rs = await fakePulled(db, 40);
    rs.forEach((r, i) => Object.assign(r, { bucket: i < 10 ? 'c:c-01' : 'c:c-02' }));
    await db.residents.bulkPut(rs);
    await expectProjected(db);
    const ids = rs.map((r) => r.id).sort();

    await db.residents.delete(ids[39] ?? '');
    await db.transaction('rw', db.residents, db.outbox, () => db.residents.bulkDelete([ids[38] ?? '', ids[37] ?? '', 'no-such-id']));
    expect(await db.registerRows.count()).toBe(37);
    await expectProjected(db);

    await db.residents.where('bucket').equals('c:c-01').delete(); // an eviction
    await expectProjected(db);
    await db.residents.where(':id').between(ids[20] ?? '', ids[30] ?? '').delete(); // deleteRange
    await expectProjected(db);
    const left = await db.registerRows.count();
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(27);

    await db.residents.clear();
    expect(await db.registerRows.count()).toBe(0);
  });

  it('a failing transaction leaves neither the resident nor its row', async () => {
    const db = await freshDb();
    const kept = await createResident(db, buildProfile({ firstName: 'คงอยู่' }), ctx);
    const [fresh] = await fakePulled(db, 1);
    if (!fresh) throw new Error('fixture');
    await expect(
      db.transaction('rw', db.residents, db.outbox, async () => {
        await db.residents.put(fresh);
        await db.residents.update(kept.id, { firstName: 'เปลี่ยน' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const more = await fakePulled(db, 5);
    await expect(
      db.transaction('rw', db.residents, async () => {
        await db.residents.bulkPut(more);
        await db.residents.delete(kept.id);
        throw new Error('boom 2');
      }),
    ).rejects.toThrow('boom 2');
    expect(await db.residents.count()).toBe(1);
    expect(await db.registerRows.toArray()).toEqual([projectRegisterRow(kept)]);
  });

  it('a failed add that the caller catches is not mirrored over the existing row', async () => {
    const db = await freshDb();
    const kept = await createResident(db, buildProfile({ firstName: 'ตัวจริง' }), ctx);
    const [other] = await fakePulled(db, 1);
    if (!other) throw new Error('fixture');
    await db.transaction('rw', db.residents, async () => {
      await db.residents.bulkAdd([{ ...kept, firstName: 'ตัวปลอม' }, other]).catch(() => undefined);
    });
    expect((await db.registerRows.get(kept.id))?.firstName).toBe('ตัวจริง');
    expect(await db.registerRows.get(other.id)).toEqual(projectRegisterRow(other));
    await expectProjected(db);
  });

  it('a mirrored write that fails aborts the transaction even when the caller catches the error', async () => {
    const db = await freshDb();
    const [r] = await fakePulled(db, 1);
    if (!r) throw new Error('fixture');
    const refuse = () => {
      throw new Error('no row');
    };
    db.registerRows.hook('creating', refuse);
    try {
      await expect(
        db.transaction('rw', db.residents, async () => {
          await db.residents.put(r).catch(() => undefined);
        }),
      ).rejects.toThrow();
    } finally {
      db.registerRows.hook('creating').unsubscribe(refuse);
    }
    expect(await db.residents.count()).toBe(0);
    expect(await db.registerRows.count()).toBe(0);
  });

  it('live queries on registerRows see residents writes', async () => {
    const db = await freshDb();
    const pulled = await fakePulled(db, 2);
    const seen: number[] = [];
    let wake: (() => void) | undefined;
    const sub = liveQuery(() => db.registerRows.count()).subscribe((n) => {
      seen.push(n);
      wake?.();
    });
    const next = (count: number) =>
      new Promise<void>((resolve) => {
        wake = () => {
          if (seen.includes(count)) resolve();
        };
        wake();
      });
    try {
      await next(0);
      await createResident(db, buildProfile(), ctx);
      await next(1);
      await db.residents.bulkPut(pulled);
      await next(3);
    } finally {
      sub.unsubscribe();
    }
    expect(seen).toEqual([0, 1, 3]);
  });

  it('widens only readwrite transactions that include a source of a read model', async () => {
    const name = freshDbName('widen');
    const db = openCareRoundsDb(name);
    opened.push(db);
    const seen: string[] = [];
    // Below ours (level 10), so it sees the store lists as we pass them down.
    const spy: Middleware<DBCore> = {
      stack: 'dbcore',
      level: 5,
      create: (down) => ({
        transaction(stores, mode, options) {
          seen.push(`${mode}:${[...stores].sort().join(',')}`);
          return down.transaction(stores, mode, options);
        },
      }),
    };
    db.use(spy);
    await db.open();
    const [r] = await fakePulled(db, 1);
    if (!r) throw new Error('fixture');
    seen.length = 0;
    await db.transaction('r', db.residents, () => db.residents.count());
    await db.transaction('rw', db.meta, () => db.meta.put({ key: 'mid', value: 1 }));
    await db.transaction('rw', db.residents, db.outbox, () => db.residents.count());
    await db.residents.put(r);
    // Widened to the read models residents feed (the report facts' packs too), the records a digest or a report fact is computed from, and
    // meta (the read models' marker; renderer/db/registerHead.ts also writes the register's epoch there).
    const models = ['alertAcks', 'alertRows', 'assessments', 'carePlans', 'meta', REGISTER_ROWS, 'reportResidentPacks', 'residentDigests', 'residents', 'visitAmendments', 'visits'];
    expect(seen).toEqual(['readonly:residents', 'readwrite:meta', `readwrite:${['outbox', ...models].sort().join(',')}`, `readwrite:${[...models].sort().join(',')}`]);
  });
});

/** Residents as a pull would store them (full records), not yet in `db`. */
async function fakePulled(db: CareRoundsDb, n: number): Promise<Resident[]> {
  const probe = await createResident(db, buildProfile({ firstName: 'แม่แบบ', nationalId: null, noIdReason: 'test' }), ctx);
  await db.residents.delete(probe.id);
  return Array.from({ length: n }, (_, i) => ({ ...probe, id: nextId(), firstName: `ดึง${i}`, lastName: `สกุล${i}`, seq: i + 1 }));
}
