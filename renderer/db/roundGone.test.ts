import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { roundVisitOf, uuid } from '../../shared/rounds/testWeek';
import { openStore, type CareRoundsDb } from './db';
import { goneRows, pruneGone, readGone } from './roundGone';
import type { RoundVisitRecord } from './syncRows';
import { freshDbName } from './testing';

const opened: CareRoundsDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

const CG = uuid(1, 1);
const record = (o: Partial<RoundVisitRecord>): RoundVisitRecord => ({ ...roundVisitOf({ caregiverId: CG, status: 'published' }), id: uuid(9, 1), deletedAt: null, ...o }) as RoundVisitRecord;

describe('roundGone', () => {
  it('keeps a note only for a published visit with no outcome that is not deleted', () => {
    const now = new Date('2026-10-12T03:00:00.000Z');
    expect(goneRows([record({}), undefined], now)).toEqual([{ key: `${uuid(9, 1)}|${CG}`, roundId: uuid(9, 1), userId: CG, residentId: record({}).residentId, date: '2026-10-14', minute: record({}).minute, at: now.toISOString() }]);
    expect(goneRows([record({ status: 'draft' }), record({ status: 'cancelled' }), record({ outcome: 'done' }), record({ deletedAt: '2026-10-11T00:00:00.000Z' })], now)).toEqual([]);
  });

  it('drops notes two weeks past their day', async () => {
    const opening = await openStore(freshDbName('gone'));
    if (!opening.ok) throw new Error('store did not open');
    const db = opening.db;
    opened.push(db);
    const now = new Date('2026-10-30T03:00:00.000Z'); // 30 Oct in Bangkok
    await db.roundGone.bulkPut([...goneRows([record({ id: uuid(9, 1), date: '2026-10-15' })], now), ...goneRows([record({ id: uuid(9, 2), date: '2026-10-16' })], now)]);
    await pruneGone(db, now);
    expect((await readGone(db, CG, '2026-10-15')).length).toBe(0);
    expect((await readGone(db, CG, '2026-10-16')).map((g) => g.roundId)).toEqual([uuid(9, 2)]);
  });
});
