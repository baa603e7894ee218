import { describe, expect, it } from 'vitest';
import { adl, FY2568, plan, R1, R4, resident } from '../../test/fixtures/reports';
import { computeReport, type Cell } from './definitions';
import { DEFAULT_FUND_SETTINGS, type FundSettings } from './fund';

const n = (cells: Record<string, Cell>): Record<string, number> => Object.fromEntries(Object.entries(cells).map(([k, c]) => [k, c.n]));
const rowsOf = (t: { rows: { key: string; cells: Record<string, Cell> }[] }): Record<string, Record<string, number>> => Object.fromEntries(t.rows.map((r) => [r.key, n(r.cells)]));

describe('computeReport over a fiscal year', () => {
  const r = computeReport(FY2568);

  it('counts residents on the register during the year by ADL group at its end, leaving out those gone before and registered after', () => {
    expect(rowsOf(r.register)).toEqual({
      'c-01': { social: 0, homebound: 1, bedbound: 1, unassessed: 1, total: 3 },
      'c-02': { social: 1, homebound: 0, bedbound: 1, unassessed: 0, total: 2 },
    });
    expect(n(r.register.total)).toEqual({ social: 1, homebound: 1, bedbound: 2, unassessed: 1, total: 5 });
    expect(r.register.rows[0]?.cells.bedbound.ids).toEqual(['r1']);
  });

  it('groups by the TAI group of the latest assessment', () => {
    const t = rowsOf(r.tai);
    expect(t['c-01']).toMatchObject({ B4: 1, none: 2, C3: 0 });
    expect(t['c-02']).toMatchObject({ B5: 1, none: 1 });
  });

  it('counts dependants with and without a fund-approved plan, those awaiting the sub-committee, and approvals within 30 days', () => {
    expect(rowsOf(r.plans)).toEqual({
      'c-01': { dependent: 2, withPlan: 2, withoutPlan: 0, awaitingFund: 0, approvedInPeriod: 2, approvedWithin30: 1 },
      'c-02': { dependent: 1, withPlan: 0, withoutPlan: 1, awaitingFund: 1, approvedInPeriod: 0, approvedWithin30: 0 },
    });
    // p1: budget 1 Oct, approved 20 Oct (19 days); p2: the clock starts at r2's assessment on 15 Nov, approved 5 Jan (51 days).
    expect(r.plans.total.approvedWithin30.ids).toEqual(['p1']);
  });

  it('counts visits planned, done and missed, care minutes and people visited, per caregiver and per community', () => {
    expect(rowsOf(r.visitsByCaregiver)).toEqual({
      cg1: { planned: 2, unplanned: 1, done: 2, missed: 1, minutes: 90, residents: 2 },
      cg2: { planned: 2, unplanned: 0, done: 2, missed: 0, minutes: 85, residents: 2 },
    });
    // r1 was visited by both caregivers: the total counts people once.
    expect(n(r.visitsByCaregiver.total)).toEqual({ planned: 4, unplanned: 1, done: 4, missed: 1, minutes: 175, residents: 3 });
    expect(rowsOf(r.visitsByCommunity)).toEqual({
      'c-01': { planned: 3, unplanned: 1, done: 3, missed: 1, minutes: 130, residents: 2 },
      'c-02': { planned: 1, unplanned: 0, done: 1, missed: 0, minutes: 45, residents: 1 },
    });
    expect(r.visitsByCommunity.total.done.ids).toEqual(['v1', 'v3', 'v4', 'v5']);
  });

  it('lists new, moved and deceased residents by the date of the change', () => {
    expect(rowsOf(r.changes)).toEqual({ 'c-01': { new: 1, moved: 0, died: 1 }, 'c-02': { new: 0, moved: 1, died: 0 } });
  });

  it('counts abnormal findings and referrals', () => {
    expect(rowsOf(r.findings)).toEqual({
      'c-01': { abnormal: 1, abnormalResidents: 1, health_centre: 0, hospital: 1, emergency_1669: 0 },
      'c-02': { abnormal: 1, abnormalResidents: 1, health_centre: 0, hospital: 0, emergency_1669: 0 },
    });
  });

  it('has a row for every month of the year, months without visits included', () => {
    expect(r.months).toHaveLength(12);
    const m = rowsOf(r.monthly);
    expect(Object.keys(m)).toHaveLength(12);
    expect(m['2024-10']).toEqual({ done: 1, missed: 1, minutes: 60 });
    expect(m['2024-11']).toEqual({ done: 0, missed: 0, minutes: 0 });
    expect(m['2025-09']).toEqual({ done: 1, missed: 0, minutes: 40 });
  });

  it('lists the dependants the fund pays for, pro rata to the days covered, until the day before death', () => {
    expect(r.service.map((s) => [s.residentId, s.planRef, s.adlTotal, s.adlGroup, s.tai, s.coveredDays, s.visits, s.amountSatang])).toEqual([
      ['r1', 'LTC-68-001', 3, 'bedbound', 'B4', 365, 2, 1_044_200],
      // 1 Dec 2024 – 9 Feb 2025 = 71 days: 10,442 × 71 / 365 = 2,031.18 baht
      ['r2', 'LTC-68-002', 10, 'homebound', null, 71, 1, 203_118],
    ]);
    expect(r.serviceTotalSatang).toBe(1_247_318);
  });
});

describe('computeReport: periods, filters and rates', () => {
  it('a month counts only its own visits and the register as it stood', () => {
    const r = computeReport({ ...FY2568, from: '2024-10-01', to: '2024-10-31' });
    expect(n(r.visitsByCommunity.total)).toMatchObject({ done: 1, missed: 1 });
    // r2 is not registered yet; r1's group is from its September assessment.
    expect(rowsOf(r.register)['c-01']).toEqual({ social: 0, homebound: 1, bedbound: 0, unassessed: 1, total: 2 });
    expect(r.service.map((s) => [s.residentId, s.coveredDays, s.amountSatang])).toEqual([['r1', 31, Math.floor((2 * 1_044_200 * 31 + 365) / 730)]]);
  });

  it('a filter by community keeps the community even when nothing matches, and a caregiver filter narrows visits and residents', () => {
    const none = computeReport({ ...FY2568, filter: { communities: ['c-99'], caregivers: null } });
    expect(rowsOf(none.register)).toEqual({ 'c-99': { social: 0, homebound: 0, bedbound: 0, unassessed: 0, total: 0 } });
    expect(none.service).toEqual([]);
    const cg2 = computeReport({ ...FY2568, filter: { communities: null, caregivers: ['cg2'] } });
    expect(n(cg2.visitsByCaregiver.total)).toMatchObject({ done: 2, minutes: 85 });
    expect(Object.keys(rowsOf(cg2.visitsByCaregiver))).toEqual(['cg2']);
    expect(cg2.register.total.total.ids).toEqual(['r4']);
  });

  it('lists a dependant without a citizen ID with the reason, never dropping it', () => {
    const funded = { ...R4, plans: [plan('p4', { approvedOn: '2025-01-15', fundApprovedOn: '2025-01-20', fundRef: 'LTC-68-010', startDate: '2025-02-01', caregiverId: 'cg2' })] };
    const r = computeReport({ ...FY2568, residents: [R1, funded] });
    const row = r.service.find((s) => s.residentId === 'r4');
    expect(row).toMatchObject({ nationalId: null, noIdReason: 'ไม่มีบัตรประชาชน', coveredDays: 242 });
    // Rows without an ID come after those with one.
    expect(r.service.map((s) => s.residentId)).toEqual(['r1', 'r4']);
  });

  it('pays each part of a period across a rate change at its own fiscal year’s rate', () => {
    const r0 = resident('r0', {
      nationalId: '1101700203451',
      adl: [adl('b1', '2023-01-01', 6)],
      plans: [plan('q1', { approvedOn: '2023-01-05', fundApprovedOn: '2023-01-10', fundRef: 'X', startDate: '2023-01-15', reviewDate: '2023-07-15' })],
    });
    const r = computeReport({ ...FY2568, from: '2023-09-01', to: '2023-10-31', residents: [r0], visits: [] });
    // FY2566: 6,000 × 30 / 365 = 493.15; FY2567: 10,442 × 31 / 366 = 884.43 (a leap fiscal year).
    expect(r.service[0]?.amountSatang).toBe(49_315 + 88_443);
    const flat: FundSettings = { rates: [{ fyBE: 2560, bahtPerYear: 6000, source: 'test' }], budgetDates: [] };
    expect(computeReport({ ...FY2568, from: '2023-09-01', to: '2023-10-31', residents: [r0], visits: [], fund: flat }).service[0]?.amountSatang).toBe(49_315 + Math.floor((2 * 600_000 * 31 + 366) / 732));
  });

  it('starts the 30-day clock at the budget date an admin set', () => {
    const r = computeReport({ ...FY2568, fund: { ...DEFAULT_FUND_SETTINGS, budgetDates: [{ fyBE: 2568, date: '2024-11-01' }] } });
    // p1 approved 20 Oct, before a budget that came 1 Nov: within 30 days.
    expect(r.plans.total.approvedWithin30.ids).toEqual(['p1']);
    const early = computeReport({ ...FY2568, fund: { ...DEFAULT_FUND_SETTINGS, budgetDates: [{ fyBE: 2568, date: '2024-10-01' }] }, residents: [{ ...R1, plans: [plan('p1', { approvedOn: '2024-09-05', fundApprovedOn: '2024-11-05', fundRef: 'R', startDate: '2024-10-01' })] }] });
    expect(early.plans.total.approvedWithin30.ids).toEqual([]);
  });
});
