import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adlGroup } from './adl';
import {
  acknowledge,
  alertId,
  computeAlerts,
  reassessmentDueDate,
  type AlertAssessment,
  type AlertInput,
  type AlertPlan,
  type AlertResident,
  type AlertRule,
  type AlertVisit,
} from './alerts';
import { alertAckDataSchema } from './alertsSchema';
import { bangkokInstant } from './dates/calendar';
import { EMPTY_VITALS, type Vitals } from './vitals';

const R1 = '01958f3a-1111-7000-8000-000000000001';
const R2 = '01958f3a-1111-7000-8000-000000000002';
let seq = 0;
const uuid = (prefix: string): string => `01958f3a-${prefix}-7000-8000-${String(++seq).padStart(12, '0')}`;

const resident = (id = R1, status: AlertResident['status'] = 'active'): AlertResident => ({ id, status });

function visit(date: string, o: Partial<Omit<AlertVisit, 'vitals'>> & { vitals?: Partial<Vitals>; time?: string } = {}): AlertVisit {
  const { vitals, time, ...rest } = o;
  return {
    id: uuid('2222'),
    residentId: R1,
    startedAt: bangkokInstant(date, time ?? '09:00'),
    serviceDate: date,
    outcome: 'done',
    type: 'routine',
    vitals: { ...EMPTY_VITALS, ...vitals },
    nextVisitDate: null,
    ...rest,
  };
}

function assessment(assessedOn: string, total: number, o: Partial<AlertAssessment> = {}): AlertAssessment {
  return { id: uuid('3333'), residentId: R1, assessedOn, total, group: adlGroup(total), ...o };
}

function plan(o: Partial<AlertPlan> = {}): AlertPlan {
  return {
    id: uuid('5555'),
    residentId: R1,
    version: 1,
    previousPlanId: null,
    adlTotal: 8,
    adlGroup: 'homebound',
    problems: [],
    goals: [],
    activities: [{ code: 'bathing', timesPerWeek: 1, minutes: 30, performer: 'caregiver', assigneeId: 'cg', note: '' }],
    primaryCaregiverId: 'cg',
    backupCaregiverId: null,
    startDate: '2025-02-01',
    reviewDate: '2025-08-01',
    status: 'active',
    submittedBy: null,
    submittedAt: null,
    approvedBy: 'cm',
    approvedAt: '2025-01-30T03:00:00.000Z',
    subCommittee: null,
    closedReason: '',
    ...o,
  };
}

// A recent assessment keeps the reassessment rule quiet in tests about other rules.
const fresh = (): AlertAssessment => assessment('2025-03-01', 15);

function run(today: string, o: Partial<AlertInput> = {}) {
  return computeAlerts({ residents: [resident()], visits: [], assessments: [fresh()], plans: [], today, ...o });
}
const rules = (alerts: { rule: AlertRule }[]): AlertRule[] => alerts.map((a) => a.rule);

describe('abnormal vitals on the latest visit', () => {
  it('flags a high value as a warning, an urgent one as urgent, a normal one not at all', () => {
    expect(run('2025-03-10', { visits: [visit('2025-03-10', { vitals: { systolic: 139, diastolic: 80 } })] })).toEqual([]);
    const high = visit('2025-03-10', { vitals: { systolic: 140, diastolic: 80 } });
    expect(run('2025-03-10', { visits: [high] })).toEqual([
      {
        id: `abnormal_vitals:${R1}:${high.id}`,
        rule: 'abnormal_vitals',
        residentId: R1,
        recordId: high.id,
        severity: 'warning',
        since: '2025-03-10',
        params: { rule: 'abnormal_vitals', serviceDate: '2025-03-10', flags: [{ key: 'systolic', level: 'high', value: 140 }] },
      },
    ]);
    const urgent = run('2025-03-10', { visits: [visit('2025-03-10', { vitals: { spo2: 89 } })] });
    expect(urgent.map((a) => [a.rule, a.severity])).toEqual([['abnormal_vitals', 'urgent']]);
  });

  it('looks only at the latest visit that took place: a normal later visit clears it, a missed one does not', () => {
    const abnormal = visit('2025-03-01', { vitals: { pulse: 120 } });
    expect(rules(run('2025-03-10', { visits: [abnormal, visit('2025-03-05', { vitals: { pulse: 80 } })] }))).toEqual([]);
    const missed = visit('2025-03-05', { outcome: 'missed' });
    expect(run('2025-03-10', { visits: [missed, abnormal] }).map((a) => a.recordId)).toEqual([abnormal.id]);
    // Same day: the later start is the latest.
    const morning = visit('2025-03-05', { time: '08:00', vitals: { pulse: 120 } });
    const evening = visit('2025-03-05', { time: '17:00', vitals: { pulse: 80 } });
    expect(run('2025-03-10', { visits: [evening, morning] })).toEqual([]);
  });

  it('flags a weight change of 5 % within 30 days (not 31)', () => {
    const now = visit('2025-03-31', { vitals: { weight: 57 } });
    expect(rules(run('2025-03-31', { visits: [visit('2025-03-01', { vitals: { weight: 60 } }), now] }))).toEqual(['abnormal_vitals']);
    expect(rules(run('2025-03-31', { visits: [visit('2025-02-28', { vitals: { weight: 60 } }), now] }))).toEqual([]);
    expect(rules(run('2025-03-31', { visits: [visit('2025-03-01', { vitals: { weight: 57.2 } }), visit('2025-03-31', { vitals: { weight: 60 } })] }))).toEqual([]);
  });
});

describe('ADL', () => {
  it('alerts when the latest assessment falls into a more dependent group (11 / 12 and 4 / 5 edges)', () => {
    const a12 = assessment('2025-01-01', 12);
    const a11 = assessment('2025-03-01', 11);
    const alerts = run('2025-03-10', { assessments: [a11, a12] });
    expect(alerts.map((a) => [a.rule, a.recordId])).toEqual([['adl_group_worse', a11.id]]);
    expect(alerts[0]?.params).toEqual({ rule: 'adl_group_worse', from: 'social', to: 'homebound', previousTotal: 12, total: 11, assessedOn: '2025-03-01' });
    expect(rules(run('2025-03-10', { assessments: [assessment('2025-01-01', 5), assessment('2025-03-01', 4)] }))).toEqual(['adl_group_worse']);
    expect(rules(run('2025-03-10', { assessments: [assessment('2025-01-01', 11), assessment('2025-03-01', 12)] }))).toEqual([]); // better
    expect(rules(run('2025-03-10', { assessments: [assessment('2025-01-01', 12), assessment('2025-03-01', 13)] }))).toEqual([]);
  });

  it('alerts on a decline of 2 points within a group (docs/domain.md §3), not 1', () => {
    expect(rules(run('2025-03-10', { assessments: [assessment('2025-01-01', 20), assessment('2025-03-01', 18)] }))).toEqual(['adl_decline']);
    expect(rules(run('2025-03-10', { assessments: [assessment('2025-01-01', 20), assessment('2025-03-01', 19)] }))).toEqual([]);
  });

  it('ignores voided and deleted assessments', () => {
    const worse = assessment('2025-03-01', 11, { voidReason: 'ผิดคน' });
    expect(rules(run('2025-03-10', { assessments: [assessment('2025-01-01', 12), worse] }))).toEqual([]);
    const deleted = assessment('2025-03-01', 11, { deletedAt: '2025-03-02T00:00:00.000Z-0000-0123456789abcdef' });
    expect(rules(run('2025-03-10', { assessments: [assessment('2025-01-01', 12), deleted] }))).toEqual([]);
  });
});

describe('reassessment overdue', () => {
  it('6 months for a dependant: due on the date, overdue the day after', () => {
    const a = assessment('2025-01-10', 8);
    expect(run('2025-07-10', { assessments: [a] })).toEqual([]);
    const alerts = run('2025-07-11', { assessments: [a] });
    expect(alerts.map((x) => [x.rule, x.recordId, x.since])).toEqual([['reassessment_overdue', a.id, '2025-07-10']]);
  });

  it('12 months for a resident in the social group', () => {
    const a = assessment('2025-01-10', 12);
    expect(run('2026-01-10', { assessments: [a] })).toEqual([]);
    expect(rules(run('2026-01-11', { assessments: [a] }))).toEqual(['reassessment_overdue']);
  });

  it('a resident never assessed is due for the enrolment assessment; not while in hospital', () => {
    expect(run('2025-03-10', { assessments: [] }).map((a) => [a.id, a.params])).toEqual([
      [`reassessment_overdue:${R1}:${R1}`, { rule: 'reassessment_overdue', reason: 'enrolment', dueDate: null, lastAssessedOn: null }],
    ]);
    expect(run('2025-03-10', { assessments: [], residents: [resident(R1, 'in_hospital')] })).toEqual([]);
  });

  it('a post-discharge visit after the last assessment asks for one within 7 days', () => {
    const discharge = visit('2025-03-01', { type: 'post_discharge' });
    const a = assessment('2025-02-01', 8);
    expect(run('2025-03-08', { assessments: [a], visits: [discharge] })).toEqual([]);
    const alerts = run('2025-03-09', { assessments: [a], visits: [discharge] });
    expect(alerts.map((x) => [x.rule, x.recordId])).toEqual([['reassessment_overdue', discharge.id]]);
    // Reassessed after the discharge: nothing due.
    expect(run('2025-03-09', { assessments: [a, assessment('2025-03-03', 8)], visits: [discharge] })).toEqual([]);
  });
});

describe('follow-up overdue', () => {
  const booking = visit('2025-03-01', { nextVisitDate: '2025-03-08' });
  it('alerts the day after the booked date when no visit took place since', () => {
    expect(run('2025-03-08', { visits: [booking] })).toEqual([]);
    expect(run('2025-03-09', { visits: [booking] }).map((a) => [a.rule, a.recordId, a.since])).toEqual([['follow_up_overdue', booking.id, '2025-03-08']]);
  });
  it('a later visit that took place satisfies it (even before the booked date); a missed one does not', () => {
    expect(run('2025-03-09', { visits: [booking, visit('2025-03-05')] })).toEqual([]);
    expect(rules(run('2025-03-09', { visits: [booking, visit('2025-03-05', { outcome: 'missed' })] }))).toEqual(['follow_up_overdue']);
  });
  it('a later booking (e.g. on a missed visit) replaces the earlier one', () => {
    const rebook = visit('2025-03-07', { outcome: 'missed', nextVisitDate: '2025-03-12' });
    expect(run('2025-03-12', { visits: [booking, rebook] })).toEqual([]);
    expect(run('2025-03-13', { visits: [booking, rebook] }).map((a) => a.recordId)).toEqual([rebook.id]);
  });
});

describe('no visit for longer than the plan requires', () => {
  it('weekly plan: alerts 8 days after the last visit, not 7', () => {
    const p = plan();
    const last = visit('2025-03-01');
    expect(run('2025-03-08', { plans: [p], visits: [last] })).toEqual([]);
    const alerts = run('2025-03-09', { plans: [p], visits: [last] });
    expect(alerts.map((a) => [a.rule, a.recordId, a.params])).toEqual([
      ['visit_gap', last.id, { rule: 'visit_gap', intervalDays: 7, lastVisitDate: '2025-03-01', dueDate: '2025-03-08' }],
    ]);
  });
  it('counts from the plan start when no visit took place since; missed visits do not count', () => {
    const p = plan({ startDate: '2025-03-01', reviewDate: '2025-09-01', activities: [{ code: 'bathing', timesPerWeek: 2, minutes: null, performer: 'volunteer', assigneeId: null, note: '' }] });
    expect(run('2025-03-05', { plans: [p], visits: [visit('2025-02-20'), visit('2025-03-03', { outcome: 'missed' })] })).toEqual([]);
    expect(run('2025-03-06', { plans: [p], visits: [visit('2025-02-20')] }).map((a) => [a.rule, a.recordId])).toEqual([['visit_gap', p.id]]);
  });
  it('family-only plans, draft plans and residents in hospital raise none; grace days move the edge', () => {
    const familyOnly = plan({ activities: [{ code: 'turning', timesPerWeek: 7, minutes: null, performer: 'family', assigneeId: null, note: '' }] });
    expect(run('2025-04-01', { plans: [familyOnly] })).toEqual([]);
    expect(run('2025-04-01', { plans: [plan({ status: 'draft', approvedBy: null, approvedAt: null })] })).toEqual([]);
    expect(run('2025-04-01', { plans: [plan()], residents: [resident(R1, 'in_hospital')] })).toEqual([]);
    const last = visit('2025-03-01');
    expect(run('2025-03-10', { plans: [plan()], visits: [last], settings: { visitGapGraceDays: 2 } })).toEqual([]);
    expect(rules(run('2025-03-11', { plans: [plan()], visits: [last], settings: { visitGapGraceDays: 2 } }))).toEqual(['visit_gap']);
  });
});

describe('care plan review overdue', () => {
  it('alerts the day after the review date, for the plan in force only', () => {
    const p = plan();
    const visits = [visit('2025-08-01')];
    expect(rules(run('2025-08-01', { plans: [p], visits }))).toEqual([]);
    expect(run('2025-08-02', { plans: [p], visits }).map((a) => [a.rule, a.recordId])).toEqual([['plan_review_overdue', p.id]]);
    expect(rules(run('2025-08-02', { plans: [plan({ status: 'superseded' })], visits }))).toEqual([]);
    expect(rules(run('2025-08-02', { plans: [plan({ status: 'closed', closedReason: 'x' })], visits }))).toEqual([]);
  });
});

describe('who gets alerts, and acknowledgements', () => {
  const abnormal = visit('2025-03-10', { vitals: { systolic: 150, diastolic: 95 } });

  it('moved, deceased, deleted and unknown residents raise none; deleted visits are ignored', () => {
    expect(run('2025-03-10', { visits: [abnormal], residents: [resident(R1, 'moved')] })).toEqual([]);
    expect(run('2025-03-10', { visits: [abnormal], residents: [resident(R1, 'died')] })).toEqual([]);
    expect(run('2025-03-10', { visits: [abnormal], residents: [{ ...resident(), deletedAt: 'x' }] })).toEqual([]);
    expect(run('2025-03-10', { visits: [abnormal], residents: [resident(R2)] }).map((a) => a.residentId)).toEqual([R2]); // R2's enrolment only
    expect(run('2025-03-10', { visits: [{ ...abnormal, deletedAt: 'x' }] })).toEqual([]);
  });

  it('an acknowledgement suppresses exactly its alert; a newer triggering record alerts again', () => {
    const [alert] = run('2025-03-10', { visits: [abnormal] });
    if (alert === undefined) throw new Error('no alert');
    expect(alert.id).toBe(alertId('abnormal_vitals', R1, abnormal.id));
    const ack = acknowledge(alert, 'cm', '2025-03-10T05:00:00.000Z');
    expect(alertAckDataSchema.safeParse(ack).success).toBe(true);
    expect(run('2025-03-10', { visits: [abnormal], acknowledgements: [ack] })).toEqual([]);
    expect(run('2025-03-10', { visits: [abnormal], acknowledgements: [{ ...ack, deletedAt: 'x' }] })).toHaveLength(1);
    const next = visit('2025-03-11', { vitals: { systolic: 150, diastolic: 95 } });
    expect(run('2025-03-11', { visits: [abnormal, next], acknowledgements: [ack] }).map((a) => a.recordId)).toEqual([next.id]);
  });

  it('an acknowledgement names an alert of its own resident', () => {
    const ok = { alertId: alertId('visit_gap', R1, R1), residentId: R1, by: 'cm', at: '2025-03-10T05:00:00.000Z' };
    expect(alertAckDataSchema.safeParse(ok).success).toBe(true);
    expect(alertAckDataSchema.safeParse({ ...ok, residentId: R2 }).success).toBe(false);
    expect(alertAckDataSchema.safeParse({ ...ok, alertId: `nonsense:${R1}:${R1}` }).success).toBe(false);
  });

  it('sorts urgent first, then by rule and resident', () => {
    const input: Partial<AlertInput> = {
      residents: [resident(R1), resident(R2)],
      visits: [visit('2025-03-10', { vitals: { pulse: 120 } }), visit('2025-03-10', { residentId: R2, vitals: { spo2: 85 } })],
      assessments: [fresh(), assessment('2025-03-01', 15, { residentId: R2 })],
      plans: [plan({ reviewDate: '2025-03-01', startDate: '2025-01-01' })],
    };
    expect(run('2025-03-10', input).map((a) => [a.severity, a.rule, a.residentId])).toEqual([
      ['urgent', 'abnormal_vitals', R2],
      ['warning', 'abnormal_vitals', R1],
      ['warning', 'plan_review_overdue', R1],
    ]);
  });
});

describe('stability and scale', () => {
  it('property: the same records in any order give the same alerts (ids and all)', () => {
    const residents = [R1, R2].map((id) => resident(id));
    const arbVisit = fc.record({
      r: fc.constantFrom(R1, R2),
      day: fc.integer({ min: 1, max: 28 }),
      hour: fc.constantFrom('08:00', '09:00'),
      done: fc.boolean(),
      sys: fc.constantFrom(120, 150, 185),
      weight: fc.constantFrom(null, 50, 55, 60),
      next: fc.constantFrom(null, 3, 10),
      type: fc.constantFrom('routine' as const, 'post_discharge' as const),
    });
    const arbAssessment = fc.record({ r: fc.constantFrom(R1, R2), day: fc.integer({ min: 1, max: 28 }), month: fc.constantFrom('01', '02'), total: fc.integer({ min: 0, max: 20 }) });
    fc.assert(
      fc.property(
        fc.array(arbVisit, { maxLength: 12 }),
        fc.array(arbAssessment, { maxLength: 5 }),
        fc.integer({ min: 1, max: 30 }),
        fc.infiniteStream(fc.nat()),
        (vs, as, todayDay, rnd) => {
          const d = (m: string, day: number) => `2025-${m}-${String(day).padStart(2, '0')}`;
          const visits = vs.map((v, i) =>
            visit(d('03', v.day), {
              id: `01958f3a-2222-7000-8000-${String(i).padStart(12, '0')}`,
              residentId: v.r,
              time: v.hour,
              outcome: v.done ? 'done' : 'missed',
              type: v.type,
              vitals: v.done ? { systolic: v.sys, diastolic: 80, weight: v.weight } : {},
              nextVisitDate: v.next === null ? null : d('04', v.next),
            }),
          );
          const assessments = as.map((a, i) => assessment(d(a.month, a.day), a.total, { id: `01958f3a-3333-7000-8000-${String(i).padStart(12, '0')}`, residentId: a.r }));
          const plans = [plan({ id: '01958f3a-5555-7000-8000-000000000001' }), plan({ id: '01958f3a-5555-7000-8000-000000000002', residentId: R2, version: 2, previousPlanId: R1 })];
          const shuffle = <T>(xs: readonly T[]): T[] => [...xs].sort(() => (rnd.next().value % 3) - 1);
          const today = d('04', todayDay);
          const a = computeAlerts({ residents, visits, assessments, plans, today });
          const b = computeAlerts({ residents: shuffle(residents), visits: shuffle(visits), assessments: shuffle(assessments), plans: shuffle(plans), today });
          expect(b).toEqual(a);
          expect(new Set(a.map((x) => x.id)).size).toBe(a.length);
        },
      ),
    );
  });

  it('computes alerts for 10,000 residents and 200,000 visits in one pass', () => {
    const residents: AlertResident[] = [];
    const visits: AlertVisit[] = [];
    const assessments: AlertAssessment[] = [];
    const plans: AlertPlan[] = [];
    const hex = (n: number) => n.toString(16).padStart(12, '0');
    for (let r = 0; r < 10_000; r++) {
      const id = `01958f3a-1111-7000-8000-${hex(r)}`;
      residents.push({ id, status: 'active' });
      assessments.push({ id: `01958f3a-3333-7000-8000-${hex(r * 2)}`, residentId: id, assessedOn: '2024-10-01', total: 12, group: 'social' });
      assessments.push({ id: `01958f3a-3333-7000-8000-${hex(r * 2 + 1)}`, residentId: id, assessedOn: '2025-02-01', total: r % 3 === 0 ? 10 : 12, group: r % 3 === 0 ? 'homebound' : 'social' });
      plans.push(plan({ id: `01958f3a-5555-7000-8000-${hex(r)}`, residentId: id }));
      for (let k = 0; k < 20; k++) {
        const day = String(1 + ((k * 3) % 28)).padStart(2, '0');
        const month = String(1 + (k % 3)).padStart(2, '0');
        const date = `2025-${month}-${day}`;
        visits.push({
          id: `01958f3a-2222-7000-8000-${hex(r * 20 + k)}`,
          residentId: id,
          startedAt: `${date}T02:00:00.000Z`,
          serviceDate: date,
          outcome: k % 7 === 0 ? 'missed' : 'done',
          type: 'routine',
          vitals: { ...EMPTY_VITALS, systolic: 110 + ((r + k) % 80), diastolic: 70, weight: 50 + (k % 4) },
          nextVisitDate: k % 5 === 0 ? '2025-04-01' : null,
        });
      }
    }
    // Speed is the alerts.compute.full benchmark's business; here: the whole device in one pass.
    const alerts = computeAlerts({ residents, visits, assessments, plans, today: '2025-04-10' });
    expect(alerts.length).toBeGreaterThan(10_000);
  });
});

describe('reassessmentDueDate', () => {
  it('is 6 months after a dependent resident\'s assessment and 12 after an independent one', () => {
    expect(reassessmentDueDate({ assessedOn: '2025-08-31', group: 'homebound' })).toBe('2026-02-28');
    expect(reassessmentDueDate({ assessedOn: '2025-08-31', group: 'social' })).toBe('2026-08-31');
  });
});
