import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { buildAmendment, type Visit } from '../../shared/visit';
import { emptyVisitForm, validateVisitForm, type VisitFormOutput, type VisitFormValues } from '../../shared/visitForm';
import { acknowledgeAlert, loadAlerts } from './alerts';
import { recordAdlAssessment } from './assessments';
import { openStore, type CareRoundsDb } from './db';
import { readMid } from './meta';
import { createResident } from './residents';
import { buildAdlForm, buildProfile, freshDbName, steppingClock } from './testing';
import { amendVisit, recordVisit, voidVisit } from './visits';

const opened: CareRoundsDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

async function freshDb(): Promise<CareRoundsDb> {
  const result = await openStore(freshDbName('alerts'));
  if (!result.ok) throw new Error(result.detail);
  opened.push(result.db);
  return result.db;
}

const NOW = '2025-01-31T08:00:00.000Z';
const TODAY = '2025-02-01';
const CG = { userId: 'cg-1', role: 'caregiver' as const, now: steppingClock() };
const CM = { userId: 'cm-1', role: 'care_manager' as const, now: steppingClock(Date.UTC(2025, 1, 1, 2)) };

function output(systolic: string, diastolic = '84'): VisitFormOutput {
  const f: VisitFormValues = {
    ...emptyVisitForm(NOW),
    time: '09:30',
    durationMinutes: '40',
    vitals: { systolic, diastolic, pulse: '78', temperature: '36.8', spo2: '97', respRate: '18', glucose: '', weight: '' },
    recheckNote: 'วัดซ้ำแล้ว',
  };
  const r = validateVisitForm(f, { now: NOW, resident: { birthDate: { value: '1950-03-14', precision: 'day' }, status: 'active' } });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.data;
}

/** A resident assessed recently (no reassessment alert), so only vital-sign alerts show. */
async function setup(): Promise<{ db: CareRoundsDb; residentId: string; visit: Visit }> {
  const db = await freshDb();
  const r = await createResident(db, buildProfile(), CG);
  await recordAdlAssessment(db, r.id, buildAdlForm('2025-01-20', 15), CG);
  const visit = await recordVisit(db, r.id, output('165'), CG);
  return { db, residentId: r.id, visit };
}

describe('loadAlerts', () => {
  it('flags the abnormal blood pressure of the latest visit, for the whole device and for the resident', async () => {
    const { db, residentId, visit } = await setup();
    const all = await loadAlerts(db, TODAY);
    expect(all.map((a) => [a.rule, a.residentId, a.recordId])).toEqual([['abnormal_vitals', residentId, visit.id]]);
    expect((await loadAlerts(db, TODAY, residentId)).map((a) => a.id)).toEqual(all.map((a) => a.id));
    expect(await loadAlerts(db, TODAY, '01958f3a-1111-7000-8000-00000000beef')).toEqual([]);
  });

  it('sees amended visits: an amendment that corrects the reading removes the alert', async () => {
    const { db, residentId, visit } = await setup();
    const fixed = buildAmendment({ visit, current: visit, edited: output('125'), reason: 'พิมพ์ผิด 165 → 125', author: 'cg-1', at: '2025-01-31T09:00:00.000Z' });
    if (!fixed.ok) throw new Error(JSON.stringify(fixed.issues));
    await amendVisit(db, fixed.data, CG);
    expect(await loadAlerts(db, TODAY)).toEqual([]);
    expect(await loadAlerts(db, TODAY, residentId)).toEqual([]);

    // And the other way round: an amendment that records an abnormal value raises one.
    const amended = { ...visit, vitals: { ...visit.vitals, systolic: 125 } };
    const worse = buildAmendment({ visit, current: amended, edited: output('125', '115'), reason: 'ลืมกรอก', author: 'cg-1', at: '2025-01-31T10:00:00.000Z' });
    if (!worse.ok) throw new Error(JSON.stringify(worse.issues));
    await amendVisit(db, worse.data, CG);
    const alerts = await loadAlerts(db, TODAY, residentId);
    expect(alerts.map((a) => [a.rule, a.severity])).toEqual([['abnormal_vitals', 'urgent']]);
  });

  it('a voided visit raises nothing', async () => {
    const { db, visit } = await setup();
    await voidVisit(db, visit.id, 'ผิดคน', CG);
    expect((await loadAlerts(db, TODAY)).filter((a) => a.rule === 'abnormal_vitals')).toEqual([]);
  });
});

describe('acknowledgeAlert', () => {
  it('a care manager acknowledges: one synced record naming her, and the alert is gone', async () => {
    const { db, residentId } = await setup();
    const [alert] = await loadAlerts(db, TODAY);
    if (!alert) throw new Error('no alert');
    const mid = await readMid(db);
    const ack = await acknowledgeAlert(db, alert, { ...CM, now: () => Date.UTC(2025, 1, 1, 3) });
    expect(ack).toMatchObject({ alertId: alert.id, residentId, by: 'cm-1', at: '2025-02-01T03:00:00.000Z' });
    expect((await db.outbox.where('mid').above(mid).toArray()).map((e) => [e.table, e.op, e.recordId])).toEqual([['alertAcks', 'create', ack.id]]);
    expect(await loadAlerts(db, TODAY)).toEqual([]);
  });

  it('a caregiver may not acknowledge: refused, nothing written, the alert stays', async () => {
    const { db } = await setup();
    const [alert] = await loadAlerts(db, TODAY);
    if (!alert) throw new Error('no alert');
    const mid = await readMid(db);
    await expect(acknowledgeAlert(db, alert, CG)).rejects.toMatchObject({ code: 'record.invalidField', details: { field: 'by' } });
    expect(await readMid(db)).toBe(mid);
    expect(await db.alertAcks.count()).toBe(0);
    expect((await loadAlerts(db, TODAY)).map((a) => a.id)).toEqual([alert.id]);
  });

  it('an acknowledgement keeps suppressing only that alert: a newer abnormal visit alerts again', async () => {
    const { db, residentId } = await setup();
    const [alert] = await loadAlerts(db, TODAY);
    if (!alert) throw new Error('no alert');
    await acknowledgeAlert(db, alert, CM);
    const later = validateVisitForm(
      { ...emptyVisitForm('2025-02-01T05:00:00.000Z'), time: '11:00', durationMinutes: '30', vitals: { systolic: '170', diastolic: '95', pulse: '', temperature: '', spo2: '', respRate: '', glucose: '', weight: '' }, recheckNote: 'นัดวัดซ้ำ' },
      { now: '2025-02-01T05:00:00.000Z', resident: { birthDate: { value: '1950-03-14', precision: 'day' }, status: 'active' } },
    );
    if (!later.ok) throw new Error(JSON.stringify(later.issues));
    const v2 = await recordVisit(db, residentId, later.data, CG);
    expect((await loadAlerts(db, TODAY)).map((a) => [a.rule, a.recordId])).toEqual([['abnormal_vitals', v2.id]]);
  });
});
