import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { buildVisit, testUuid } from '../../../test/fixtures/careHistory';
import { freshDbName } from '../testing';
import { closeMigrationDbs, createAt, openAt } from './testing';

afterEach(closeMigrationDbs);

const R1 = testUuid(5, 1);
const R2 = testUuid(5, 2);
// Version-4 rows, as the app of that version stored them (only the fields this test reads matter).
const RESIDENTS = [R1, R2].map((id, i) => ({ id, communityId: 'c-01', status: 'active', nationalId: null, latestAdl: null, seq: i, bucket: 'c:c-01', birthDate: { value: '1950-03-14', precision: 'day' } }));
const REGISTER_ROWS = RESIDENTS.map((r) => ({ id: r.id, firstName: 'ก', status: 'active' }));
const ASSESSMENTS = [{ id: testUuid(5, 10), residentId: R1, assessedOn: '2024-04-01', bucket: 'c:c-01' }];
const OUTBOX = [{ mid: 7, table: 'assessments', recordId: testUuid(5, 10), op: 'create', fields: {}, hlc: '2024-06-01T00:00:00.000Z-0000-00000000000000ab', baseSeq: 0, schemaVersion: 1, userId: 'u', deviceId: 'dev-1', createdAt: '2024-06-01T00:00:00.000Z' }];
const CONFLICTS = [{ id: testUuid(5, 20), status: 'open', recordId: R1, bucket: 'm:main' }];
const SYNC_STATE = [{ key: 'cursor', value: 'abc' }];

describe('v4 → v5 (visits, care plans, alerts, drafts, attachments)', () => {
  it('keeps every version-4 row and adds the new stores, empty, with their indexes', async () => {
    const name = freshDbName('v4to5');
    await createAt(name, 4, async (old) => {
      await old.table('residents').bulkAdd(RESIDENTS);
      await old.table('registerRows').bulkAdd(REGISTER_ROWS);
      await old.table('assessments').bulkAdd(ASSESSMENTS);
      await old.table('outbox').bulkAdd(OUTBOX);
      await old.table('conflicts').bulkAdd(CONFLICTS);
      await old.table('syncState').bulkAdd(SYNC_STATE);
      await old.table('meta').bulkAdd([{ key: 'mid', value: 7 }]);
    });

    const db = await openAt(name, 5);
    expect(await db.table('residents').orderBy('id').toArray()).toEqual(RESIDENTS);
    expect(await db.table('registerRows').orderBy('id').toArray()).toEqual(REGISTER_ROWS);
    expect(await db.table('assessments').toArray()).toEqual(ASSESSMENTS);
    expect(await db.table('outbox').toArray()).toEqual(OUTBOX);
    expect(await db.table('conflicts').toArray()).toEqual(CONFLICTS);
    expect(await db.table('syncState').toArray()).toEqual(SYNC_STATE);
    expect(await db.table('meta').get('mid')).toEqual({ key: 'mid', value: 7 });
    // Older indexes still answer.
    expect(await db.table('residents').where('bucket').equals('c:c-01').count()).toBe(2);
    expect(await db.table('assessments').where('[residentId+assessedOn]').between([R1, ''], [R1, '\uffff']).count()).toBe(1);

    const added = ['visits', 'visitAmendments', 'carePlans', 'alertAcks', 'visitDrafts', 'attachments', 'attachmentUploads'];
    for (const store of added) expect(await db.table(store).count(), store).toBe(0);

    // The new indexes: a resident's timeline newest first, a visit's amendments, plans and acks by resident.
    const early = { ...buildVisit(R1, { day: 1, hour: 9, done: true, type: 'routine', systolic: 120, pulse: 70, weight: 50, next: null }), id: testUuid(5, 30) };
    const late = { ...buildVisit(R1, { day: 9, hour: 9, done: true, type: 'routine', systolic: 120, pulse: 70, weight: 50, next: null }), id: testUuid(5, 31) };
    const other = { ...buildVisit(R2, { day: 5, hour: 9, done: false, type: 'routine', systolic: null, pulse: null, weight: null, next: null }), id: testUuid(5, 32) };
    await db.table('visits').bulkAdd([early, late, other]);
    const timeline = await db.table('visits').where('[residentId+startedAt]').between([R1, ''], [R1, '\uffff']).reverse().primaryKeys();
    expect(timeline).toEqual([late.id, early.id]);
    await db.table('visitAmendments').add({ id: testUuid(5, 40), visitId: early.id, residentId: R1 });
    expect(await db.table('visitAmendments').where('visitId').equals(early.id).count()).toBe(1);
    await db.table('carePlans').add({ id: testUuid(5, 50), residentId: R2 });
    expect(await db.table('carePlans').where('residentId').equals(R2).count()).toBe(1);
    await db.table('alertAcks').add({ id: testUuid(5, 60), alertId: 'a-1', residentId: R1 });
    expect(await db.table('alertAcks').where('alertId').equals('a-1').count()).toBe(1);
    await db.table('visitDrafts').add({ key: `${R1}|u`, residentId: R1, userId: 'u' });
    expect(await db.table('visitDrafts').where('userId').equals('u').count()).toBe(1);
    await db.table('attachments').add({ sha256: 'ab'.repeat(32), bytes: 1 });
    expect(await db.table('attachments').get('ab'.repeat(32))).toEqual({ sha256: 'ab'.repeat(32), bytes: 1 });
  });
});
