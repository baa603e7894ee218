import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { roundChange } from '../../shared/rounds/changed';
import type { RoundVisitData } from '../../shared/rounds/recordsSchema';
import { roundVisitOf } from '../../shared/rounds/testWeek';
import { moveVisit, publishWeek, setLocked } from '../features/rounds/planner/planWeek';
import { openStore, type CareRoundsDb } from './db';
import { createRecord, patchRecord, type WriteCtx } from './repository';
import { markRoundSeen, readRoundSeen } from './roundSeen';
import { freshDbName, steppingClock } from './testing';

const opened: CareRoundsDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

async function freshDb(): Promise<CareRoundsDb> {
  const result = await openStore(freshDbName('roundSeen'));
  if (!result.ok) throw new Error(result.detail);
  opened.push(result.db);
  return result.db;
}

const CG = '0195f3a2-7c4e-7a10-9b2c-000000000001';
const CG2 = '0195f3a2-7c4e-7a10-9b2c-000000000002';
const cm: WriteCtx = { userId: 'cm-1', now: steppingClock() };

function draft(over: Partial<RoundVisitData> = {}): RoundVisitData {
  return roundVisitOf({
    weekStart: '2026-12-07',
    residentId: '0195f3a2-7c4e-7a10-9b2c-0000000000aa',
    caregiverId: CG,
    date: '2026-12-08',
    minute: 9 * 60,
    minutes: 45,
    activities: ['bathing'],
    ...over,
  });
}

/** The change her device shows for the stored visit, with what she acknowledged on it. */
async function shown(db: CareRoundsDb, id: string, userId = CG) {
  const r = await db.roundVisits.get(id);
  if (!r) throw new Error('no round');
  return roundChange(r, (await readRoundSeen(db, [id], userId)).get(id));
}

describe('changed after publishing, through the planner\'s own writes', () => {
  it('publishing records what she is sent; locking is no change; a move is, until she has seen it', async () => {
    const db = await freshDb();
    const r = await createRecord(db, 'roundVisits', draft(), cm);
    await createRecord(db, 'roundVisits', draft({ date: '2026-12-09' }), cm);
    expect(await shown(db, r.id)).toBeNull();
    expect(await publishWeek(db, '2026-12-07', cm)).toBe(2);
    expect((await db.roundVisits.get(r.id))?.publishedAs).toEqual({ status: 'published', caregiverId: CG, date: '2026-12-08', minute: 540, minutes: 45, activities: ['bathing'] });
    // What the publish pushes: the status and the view, in one patch.
    const entry = (await db.outbox.toArray()).find((e) => e.recordId === r.id && e.op === 'patch');
    expect(entry?.fields).toMatchObject({ status: 'published', publishedAs: { date: '2026-12-08' } });
    expect(await shown(db, r.id)).toBeNull();

    await setLocked(db, r.id, true, cm);
    expect(await shown(db, r.id)).toBeNull();

    await moveVisit(db, r.id, { caregiverId: CG, date: '2026-12-10' }, cm);
    expect((await shown(db, r.id))?.kinds).toEqual(['date', 'time']);
    const queued = await db.outbox.count();
    const moved = await db.roundVisits.get(r.id);
    if (!moved) throw new Error('no round');
    await markRoundSeen(db, moved, CG);
    // Seeing is never sent: nothing more in the outbox.
    expect(await db.outbox.count()).toBe(queued);
    expect(await shown(db, r.id)).toBeNull();
    // Her acknowledgement is hers: another user of the device is still told.
    expect((await shown(db, r.id, CG2))?.kinds).toEqual(['date', 'time']);
    expect(await db.roundSeen.count()).toBe(1);

    await moveVisit(db, r.id, { caregiverId: CG2, date: '2026-12-10' }, cm);
    expect((await shown(db, r.id, CG2))?.kinds).toEqual(['caregiver', 'date', 'time']);
    await patchRecord(db, 'roundVisits', r.id, { status: 'cancelled' }, cm);
    expect((await shown(db, r.id))?.kinds).toEqual(['cancelled']);
  });
});
