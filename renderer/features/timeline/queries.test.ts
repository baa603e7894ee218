import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { addDays } from '../../../shared/dates/calendar';
import { buildAmendment, type Visit } from '../../../shared/visit';
import { emptyVisitForm, validateVisitForm, type VisitFormValues } from '../../../shared/visitForm';
import { DEFAULT_VITAL_SETTINGS } from '../../../shared/vitals';
import { openStore, type CareRoundsDb } from '../../db/db';
import type { WriteCtx } from '../../db/repository';
import { createResident } from '../../db/residents';
import { buildProfile, freshDbName, steppingClock } from '../../db/testing';
import { amendVisit, recordVisit, voidVisit } from '../../db/visits';
import { HEAD_VISITS, readTimeline, readTimelineHead } from './queries';
import { buildTimeline, type TimelineItem } from './timelineItems';

const opened: CareRoundsDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

const NOW = '2025-03-31T08:00:00.000Z';
const cg: WriteCtx = { userId: 'cg-1', now: steppingClock(Date.UTC(2025, 3, 1)) };
const settings = DEFAULT_VITAL_SETTINGS;

function values(date: string, weight: string): VisitFormValues {
  return {
    ...emptyVisitForm(NOW),
    date,
    time: '09:30',
    durationMinutes: '30',
    vitals: { systolic: '132', diastolic: '84', pulse: '78', temperature: '36.8', spo2: '97', respRate: '18', glucose: '', weight },
    careGiven: [{ code: 'bathing', minutes: '20' }],
  };
}

function output(v: VisitFormValues) {
  const r = validateVisitForm(v, { now: NOW, resident: { birthDate: { value: '1950-03-14', precision: 'day' }, status: 'active' } });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.data;
}

/** A resident with `n` visits, one a day back from 2025-03-30, weights swinging enough to be flagged. */
async function residentWithVisits(n: number): Promise<{ db: CareRoundsDb; residentId: string; visits: Visit[] }> {
  const result = await openStore(freshDbName('timeline'));
  if (!result.ok) throw new Error(result.detail);
  opened.push(result.db);
  const db = result.db;
  const r = await createResident(db, buildProfile(), cg);
  const visits: Visit[] = [];
  for (let i = 0; i < n; i++) {
    const weight = [50, 56, 49, 61, 52][i % 5] ?? 50;
    visits.push(await recordVisit(db, r.id, output(values(addDays('2025-03-30', -i), weight.toFixed(1))), cg));
  }
  return { db, residentId: r.id, visits };
}

async function moveVisit(db: CareRoundsDb, visit: Visit, date: string): Promise<void> {
  const a = buildAmendment({ visit, current: visit, edited: output(values(date, String(visit.vitals.weight ?? 50))), reason: 'วันที่ผิด', author: 'cg-1', at: NOW });
  if (!a.ok) throw new Error(JSON.stringify(a.issues));
  await amendVisit(db, a.data, cg);
}

/** What the list shows of an item: its identity, place and flags. */
function shown(items: readonly TimelineItem[]) {
  return items.map((i) => ({ key: i.key, at: i.at, flags: i.kind === 'visit' ? i.flags : null }));
}

describe('the timeline head', () => {
  it('shows from its oldest visit on exactly what the full timeline shows there, amendments that move visits and voids included', async () => {
    const { db, residentId, visits } = await residentWithVisits(HEAD_VISITS + 60);
    const oldVisit = visits[HEAD_VISITS + 55];
    const newVisit = visits[3];
    const voided = visits[10];
    if (!oldVisit || !newVisit || !voided) throw new Error('too few visits');
    await moveVisit(db, oldVisit, '2025-03-31'); // an old visit corrected to the newest day
    await moveVisit(db, newVisit, addDays('2025-03-30', -(HEAD_VISITS + 18))); // a recent one corrected to long ago
    await voidVisit(db, voided.id, 'บันทึกผิดคน', cg);

    const head = await readTimelineHead(db, residentId, settings.weightChangeDays);
    expect(head.since).not.toBeNull();
    const since = Date.parse(head.since ?? '');
    const fromHead = buildTimeline(head, settings).filter((i) => Date.parse(i.at) >= since);
    const full = buildTimeline(await readTimeline(db, residentId), settings).filter((i) => Date.parse(i.at) >= since);
    expect(shown(fromHead)).toEqual(shown(full));
    expect(fromHead.length).toBeGreaterThan(HEAD_VISITS - 5);
    expect(fromHead[0]?.key).toBe(`visit:${oldVisit.id}`);
    expect(fromHead.some((i) => i.key === `visit:${newVisit.id}`)).toBe(false);
    expect(fromHead.some((i) => i.kind === 'visit' && i.flags.some((f) => f.key === 'weight'))).toBe(true);
  });

  it('is the whole timeline when the resident has fewer visits than a page', async () => {
    const { db, residentId } = await residentWithVisits(12);
    const head = await readTimelineHead(db, residentId, settings.weightChangeDays);
    expect(head.since).toBeNull();
    expect(shown(buildTimeline(head, settings))).toEqual(shown(buildTimeline(await readTimeline(db, residentId), settings)));
  });
});
