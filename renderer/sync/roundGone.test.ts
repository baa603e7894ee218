/**
 * A published round visit given to another caregiver leaves the first caregiver's device by sync (the
 * server evicts it); her device remembers it for Today until she acknowledges it (db/roundGone.ts). Real
 * server, real HTTP, a Dexie database per device.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { roundVisitOf } from '../../shared/rounds/testWeek';
import { dismissGone, readGone } from '../db/roundGone';
import { createRecord, patchRecord } from '../db/repository';
import { loadChangedElsewhere, loadToday } from '../features/rounds/today/queries';
import { device, startRealServer } from './testing';

startRealServer();

describe('a round visit given to another caregiver', () => {
  it('leaves her device and is listed on her day until she has seen it; one she already recorded as done is not', async () => {
    const cm = await device('somchai');
    const malee = await device('malee');
    const nid = await device('nid');
    const cmCtx = { userId: cm.userId };
    const visit = (residentId: string, minute: number) => roundVisitOf({ weekStart: '2026-12-07', residentId, caregiverId: malee.userId, date: '2026-12-09', minute, activities: ['bathing'] });
    const published = await createRecord(cm.db, 'roundVisits', visit('01958f3a-0001-7000-8000-000000000001', 540), cmCtx);
    const done = await createRecord(cm.db, 'roundVisits', visit('01958f3a-0001-7000-8000-000000000002', 600), cmCtx);
    await patchRecord(cm.db, 'roundVisits', published.id, { status: 'published', publishedAs: { status: 'published', caregiverId: malee.userId, date: '2026-12-09', minute: 540, minutes: 60, activities: ['bathing'] } }, cmCtx);
    await patchRecord(cm.db, 'roundVisits', done.id, { status: 'published' }, cmCtx);
    await cm.client.syncNow();
    await malee.client.syncNow();
    expect((await malee.db.roundVisits.toArray()).map((r) => r.id).sort()).toEqual([published.id, done.id].sort());
    // She records one as done; then the care manager gives both to Nid.
    await patchRecord(malee.db, 'roundVisits', done.id, { outcome: 'done' }, { userId: malee.userId });
    await malee.client.syncNow();
    await cm.client.syncNow();
    for (const id of [published.id, done.id]) await patchRecord(cm.db, 'roundVisits', id, { caregiverId: nid.userId }, cmCtx);
    await cm.client.syncNow();

    await malee.client.syncNow();
    expect(await malee.db.roundVisits.count()).toBe(0);
    const gone = await readGone(malee.db, malee.userId, '2026-12-09');
    expect(gone).toMatchObject([{ roundId: published.id, residentId: published.residentId, date: '2026-12-09', minute: 540 }]);
    expect((await loadToday(malee.db, malee.userId, '2026-12-09')).gone.map((g) => g.roundId)).toEqual([published.id]);
    expect(await loadChangedElsewhere(malee.db, malee.userId, '2026-12-07', '2026-12-08')).toEqual([{ date: '2026-12-09', n: 1 }]);
    await nid.client.syncNow();
    expect((await nid.db.roundVisits.toArray()).map((r) => r.id).sort()).toEqual([published.id, done.id].sort());
    expect(await readGone(nid.db, nid.userId, '2026-12-09')).toEqual([]);

    await dismissGone(malee.db, gone[0]?.key ?? '');
    expect((await loadToday(malee.db, malee.userId, '2026-12-09')).gone).toEqual([]);
  });
});
