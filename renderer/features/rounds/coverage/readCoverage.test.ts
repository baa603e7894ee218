import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { addDays, bangkokInstant } from '../../../../shared/dates/calendar';
import { EMPTY_VITALS } from '../../../../shared/vitals';
import type { VisitData } from '../../../../shared/visit';
import { openStore, type CareRoundsDb } from '../../../db/db';
import { createRecord, type WriteCtx } from '../../../db/repository';
import { createResident } from '../../../db/residents';
import { buildProfile, freshDbName, steppingClock } from '../../../db/testing';
import { voidVisit } from '../../../db/visits';
import { readWeekVisits } from './readCoverage';

const opened: CareRoundsDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

async function freshDb(): Promise<CareRoundsDb> {
  const result = await openStore(freshDbName('coverage'));
  if (!result.ok) throw new Error(result.detail);
  opened.push(result.db);
  return result.db;
}

const WEEK = '2025-01-06'; // a Monday
const cg: WriteCtx = { userId: 'cg-1', now: steppingClock() };

function visit(residentId: string, date: string, time: string): VisitData {
  const startedAt = bangkokInstant(date, time);
  return {
    residentId,
    caregiverId: 'cg-1',
    planned: false,
    type: 'routine',
    startedAt,
    endedAt: new Date(Date.parse(startedAt) + 30 * 60_000).toISOString(),
    serviceDate: date,
    gps: null,
    outcome: 'done',
    missedReason: null,
    missedNote: '',
    vitals: { ...EMPTY_VITALS },
    recheckNote: '',
    careGiven: [],
    mood: null,
    observations: '',
    problems: [],
    escalation: 'none',
    escalationReason: '',
    nextVisitDate: null,
    photos: [],
    photoConsent: false,
    archivedReason: null,
  };
}

describe('readWeekVisits', () => {
  it('reads the week’s visits by Bangkok service date, without voided ones or other weeks’', async () => {
    const db = await freshDb();
    const a = (await createResident(db, buildProfile(), cg)).id;
    const b = (await createResident(db, buildProfile({ firstName: 'สมพร', nationalId: null, noIdReason: 'ไม่มีบัตร' }), cg)).id;
    const old = (await createResident(db, buildProfile({ firstName: 'ทองใบ', nationalId: null, noIdReason: 'ไม่มีบัตร' }), cg)).id;
    const put = async (v: VisitData): Promise<string> => (await createRecord(db, 'visits', v, cg)).id;
    const mondayEarly = await put(visit(a, WEEK, '00:30')); // still Sunday in UTC
    const sundayLate = await put(visit(b, addDays(WEEK, 6), '23:30'));
    await put(visit(a, addDays(WEEK, -1), '23:30')); // the Sunday before
    await put(visit(b, addDays(WEEK, 7), '00:10')); // the next Monday
    await put(visit(old, addDays(WEEK, -20), '10:00'));
    const voided = await put(visit(b, addDays(WEEK, 2), '10:00'));
    await voidVisit(db, voided, 'บันทึกผิดคน', cg);
    const read = await readWeekVisits(db, WEEK);
    expect(read.filter((v) => v.voidReason === undefined && !v.deletedAt).map((v) => v.id).sort()).toEqual([mondayEarly, sundayLate].sort());
    expect(read.find((v) => v.id === mondayEarly)).toMatchObject({ residentId: a, caregiverId: 'cg-1', serviceDate: WEEK, outcome: 'done' });
    expect(await readWeekVisits(db, addDays(WEEK, 21))).toEqual([]);
  });
});
