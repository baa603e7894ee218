import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { thaiIdCheckDigit } from '../../../../shared/ids/thaiId';
import type { RoundVisitData } from '../../../../shared/rounds/recordsSchema';
import { openStore, type CareRoundsDb } from '../../../db/db';
import { createRecord, type WriteCtx } from '../../../db/repository';
import { createResident } from '../../../db/residents';
import { buildProfile, freshDbName, steppingClock } from '../../../db/testing';
import { roundVisitOf } from '../../../../shared/rounds/testWeek';
import { moveVisit } from './planWeek';

const opened: CareRoundsDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

const cm: WriteCtx = { userId: 'cm-1', now: steppingClock() };
const nationalId = (n: number): string => {
  const first12 = `11303${String(n).padStart(7, '0')}`;
  return `${first12}${thaiIdCheckDigit(first12)}`;
};

function round(residentId: string, caregiverId: string, date: string, order: number, legKm: number): RoundVisitData {
  return roundVisitOf({ weekStart: '2025-01-27', residentId, caregiverId, date, minute: 540 + order * 60, order, legKm, activities: ['bathing'] });
}

describe('moveVisit', () => {
  it('puts both days back in route order with their legs, so the grid’s km stay true', async () => {
    const opening = await openStore(freshDbName('move'));
    if (!opening.ok) throw new Error('store did not open');
    const db = opening.db;
    opened.push(db);
    // Three homes on a line, 1 km apart (about 0.0093° of longitude per km at this latitude).
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await createResident(db, buildProfile({ nationalId: nationalId(i + 1), gps: { lat: 14.02, lng: 100.7 + i * 0.0093, accuracyM: 10 } }), cm);
      ids.push(r.id);
    }
    const [a, b, c] = ids as [string, string, string];
    // Caregiver 1's Monday: a then c (2 km apart); caregiver 2's Tuesday: b alone. Stored legs are the planner's.
    const ra = await createRecord(db, 'roundVisits', round(a, 'cg-1', '2025-01-27', 0, 0), cm);
    const rc = await createRecord(db, 'roundVisits', round(c, 'cg-1', '2025-01-27', 1, 2.6), cm);
    const rb = await createRecord(db, 'roundVisits', round(b, 'cg-2', '2025-01-28', 0, 0), cm);

    await moveVisit(db, rb.id, { caregiverId: 'cg-1', date: '2025-01-27' }, cm);

    const day = (await db.roundVisits.where('[caregiverId+date]').equals(['cg-1', '2025-01-27']).toArray()).sort((x, y) => x.order - y.order);
    // b lies between a and c: the route is a, b, c (or its reverse), each leg ~1 km × the detour factor 1.3.
    expect(day.map((r) => r.residentId)).toEqual([a, b, c]);
    expect(day[1]?.legKm).toBeCloseTo(1.3, 1);
    expect(day[2]?.legKm).toBeCloseTo(1.3, 1);
    expect(day[1]?.minute).toBeGreaterThan((day[0]?.minute as number) + 30);
    const moved = await db.roundVisits.get(rb.id);
    expect(moved).toMatchObject({ caregiverId: 'cg-1', date: '2025-01-27', locked: true });
    expect(await db.roundVisits.get(ra.id)).toMatchObject({ order: 0 });
    expect(await db.roundVisits.get(rc.id)).toMatchObject({ order: 2 });
  });
});
