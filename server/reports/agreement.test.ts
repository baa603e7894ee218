/**
 * computeReportSql (SQL over the projection tables) agrees with shared computeReport (TypeScript over the
 * facts) on random registers, visits, periods, filters and fund settings, on PGlite and PostgreSQL. The
 * records are written into `records` and their facts maintained by the push path's refresh
 * (projection.ts refreshReportFacts); the TypeScript side derives the facts from the same records with the
 * shared fact functions.
 */
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { addDays, monthBounds } from '../../shared/dates/calendar';
import { fiscalYearRange } from '../../shared/dates/thaiDate';
import { TAI_GROUPS } from '../../shared/reference/tai';
import { computeReport, type ReportFigures, type ReportFilter } from '../../shared/reports/definitions';
import { residentFactOf, visitFactOf, type FactAssessment, type FactPlan, type FactResident, type FactVisit } from '../../shared/reports/facts';
import { DEFAULT_FUND_SETTINGS, type FundSettings } from '../../shared/reports/fund';
import { quarterRange } from '../../shared/reports/period';
import type { VisitAmendmentData, VisitData } from '../../shared/visit';
import { emptyVisitForm, validateVisitForm } from '../../shared/visitForm';
import type { Db } from '../db/db';
import { describeBackends } from '../testing/backends';
import { HOOK_TIMEOUT_MS } from '../testing/harness';
import { computeReportSql } from './sql';
import { clearReportData, writeTestRecords, type TestRecord } from './testRecords';

const COMMUNITIES = ['c-01', 'c-02', 'c-03'];
// UUID-like ids: '-' sorts differently under a linguistic collation than in JavaScript.
const CAREGIVERS = ['0a000000-0000-4000-8000-000000000001', '0a00000a-0000-4000-8000-000000000002', '0a0000-0-0000-4000-8000-000000000003'];
const MANAGER = '0b000000-0000-4000-8000-00000000000c';
const BASE = '2024-01-01';
const SPAN_DAYS = 730;

const NOW = '2025-06-01T03:00:00.000Z';
const TEMPLATE = ((): VisitData => {
  const r = validateVisitForm(
    {
      ...emptyVisitForm(NOW),
      time: '09:00',
      durationMinutes: '30',
      vitals: { systolic: '120', diastolic: '80', pulse: '80', temperature: '36.6', spo2: '97', respRate: '18', glucose: '', weight: '52' },
      careGiven: [{ code: 'bathing', minutes: '15' }],
      observations: 'ปกติดี',
    },
    { now: NOW, resident: { birthDate: { value: '1948', precision: 'year' }, status: 'active' } },
  );
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return { ...r.data, residentId: '', caregiverId: '' };
})();

const BOUNDARY_DATES = ['2023-09-30', '2023-10-01', '2024-02-29', '2024-09-30', '2024-10-01', '2024-12-31', '2025-01-01', '2025-09-30', '2025-10-01'];
const date = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: SPAN_DAYS }).map((d) => addDays(BASE, d)) },
  { weight: 1, arbitrary: fc.constantFrom(...BOUNDARY_DATES) },
);
const id = fc.uuid();
const enrolledDate = fc.integer({ min: 0, max: 900 }).map((d) => addDays('2023-01-01', d));
const maybe = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(a, { nil: null, freq: 3 });

const assessmentArb = fc.record({
  id,
  assessedOn: date,
  total: fc.oneof(fc.integer({ min: 0, max: 11 }), fc.integer({ min: 0, max: 20 })),
  group: fc.constantFrom('social', 'homebound', 'bedbound'),
  taiGroup: maybe(fc.constantFrom(...TAI_GROUPS)),
  voided: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  deleted: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
});
const planArb = fc.record({
  id,
  version: fc.integer({ min: 1, max: 3 }),
  status: fc.constantFrom('approved', 'active', 'superseded', 'closed', 'draft'),
  approvedOn: maybe(date),
  subCommittee: fc.option(fc.record({ date, ref: fc.constantFrom('กท 1/2568', 'LTC-7', '') }), { nil: null, freq: 4 }),
  startDate: date,
  reviewDays: fc.integer({ min: -30, max: 400 }),
  caregiver: maybe(fc.constantFrom(...CAREGIVERS)),
  deleted: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
});
const residentArb = fc.record({
  id,
  community: fc.constantFrom(...COMMUNITIES),
  enrolled: enrolledDate,
  enrolledHour: fc.integer({ min: 0, max: 23 }), // late UTC hours are the next Bangkok day
  status: fc.constantFrom('active', 'active', 'in_hospital', 'moved', 'died'),
  statusDate: maybe(date),
  nationalId: maybe(fc.constantFrom('1100100000001', '3100100000002', '1100100000003')),
  deleted: fc.integer({ min: 0, max: 14 }).map((n) => n === 0),
  adl: fc.array(assessmentArb, { minLength: 1, maxLength: 3 }),
  plans: fc.array(planArb, { maxLength: 3 }),
});
const visitArb = fc.record({
  id,
  resident: fc.nat(),
  caregiver: fc.constantFrom(...CAREGIVERS),
  date,
  outcome: fc.constantFrom('done', 'done', 'missed'),
  planned: fc.boolean(),
  minutes: fc.integer({ min: 5, max: 120 }),
  systolic: fc.constantFrom(120, 120, 190),
  escalation: fc.constantFrom('none', 'none', 'none', 'health_centre', 'hospital', 'emergency_1669'),
  voided: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  amendment: maybe(fc.oneof(fc.constant({ planned: true }), fc.constant({ 'vitals.systolic': 200 }), fc.constant({ 'vitals.systolic': 118 }), fc.constant({ escalation: 'hospital', escalationReason: 'ส่งต่อ' }))),
});

const periodArb = fc.oneof(
  fc.tuple(fc.integer({ min: 2024, max: 2025 }), fc.integer({ min: 1, max: 12 })).map(([y, m]) => {
    const b = monthBounds(`${y}-${String(m).padStart(2, '0')}-01`);
    return { from: b.first, to: b.last };
  }),
  fc.tuple(fc.integer({ min: 2567, max: 2569 }), fc.constantFrom(1, 2, 3, 4) as fc.Arbitrary<1 | 2 | 3 | 4>).map(([fy, q]) => {
    const r = quarterRange(fy, q);
    return { from: r.start, to: r.end };
  }),
  fc.integer({ min: 2567, max: 2569 }).map((fy) => {
    const r = fiscalYearRange(fy);
    return { from: r.start, to: r.end };
  }),
  fc.tuple(date, date).map(([a, b]) => (a <= b ? { from: a, to: b } : { from: b, to: a })),
);
const filterArb: fc.Arbitrary<ReportFilter> = fc.record({
  communities: fc.option(fc.subarray([...COMMUNITIES, 'c-09']), { nil: null, freq: 2 }),
  caregivers: fc.option(fc.subarray(CAREGIVERS), { nil: null, freq: 2 }),
});
const fundArb: fc.Arbitrary<FundSettings> = fc.oneof(
  fc.constant(DEFAULT_FUND_SETTINGS as FundSettings),
  fc.constant<FundSettings>({
    rates: [
      { fyBE: 2567, bahtPerYear: 10442, source: 'x' },
      { fyBE: 2569, bahtPerYear: 12001, source: 'y' },
    ],
    budgetDates: [
      { fyBE: 2568, date: '2024-12-15' },
      { fyBE: 2567, date: '2024-03-01' },
    ],
  }),
);

interface World {
  records: TestRecord[];
}

type Gen<A> = A extends fc.Arbitrary<infer T> ? T : never;

function buildWorld(residents: Gen<typeof residentArb>[], visits: Gen<typeof visitArb>[]): World {
  const records: TestRecord[] = [];
  const seen = new Set<string>();
  const fresh = (x: string): boolean => (seen.has(x) ? false : (seen.add(x), true));
  const residentIds: string[] = [];
  for (const r of residents) {
    if (!fresh(r.id)) continue;
    residentIds.push(r.id);
    const data = {
      prefix: 'นาง',
      firstName: `ชื่อ${r.id.slice(0, 4)}`,
      lastName: 'ทดสอบ',
      sex: 'female',
      birthDate: { value: '1948', precision: 'year' },
      nationalId: r.nationalId,
      noIdReason: r.nationalId === null ? 'ไม่มีบัตร' : null,
      communityId: r.community,
      phones: [{ number: '0812345678' }],
      address: { houseNo: '12', moo: '3', village: '', soi: '', road: 'สุขุมวิท', subDistrict: 'ตำบล', district: 'อำเภอ', province: 'จังหวัด', postalCode: '10110' },
      status: r.status,
      statusDate: r.status === 'moved' || r.status === 'died' ? r.statusDate : null,
    };
    const hour = String(r.enrolledHour).padStart(2, '0');
    records.push({ type: 'resident', id: r.id, data, createdAt: `${r.enrolled}T${hour}:30:00.000Z`, deletedAt: r.deleted ? '2025-01-01T00:00:00.000Z-0000-x' : null });
    for (const a of r.adl) {
      if (!fresh(a.id)) continue;
      const ad: Record<string, unknown> = { residentId: r.id, assessedOn: a.assessedOn, total: a.total, group: a.group, taiGroup: a.taiGroup };
      if (a.voided) ad.voidReason = 'ผิดคน';
      records.push({ type: 'adl_assessment', id: a.id, data: ad, createdAt: `${a.assessedOn}T03:00:00.000Z`, deletedAt: a.deleted ? 'x' : null });
    }
    for (const p of r.plans) {
      if (!fresh(p.id)) continue;
      const approved = p.status !== 'draft' && p.approvedOn !== null;
      const pd = {
        residentId: r.id,
        version: p.version,
        status: p.status,
        approvedAt: approved ? `${p.approvedOn}T18:00:00.000Z` : null, // 01:00 the next day in Bangkok
        approvedBy: approved ? MANAGER : null,
        subCommittee: approved && p.subCommittee !== null ? p.subCommittee : null,
        startDate: p.startDate,
        reviewDate: addDays(p.startDate, p.reviewDays),
        primaryCaregiverId: p.caregiver,
      };
      records.push({ type: 'care_plan', id: p.id, data: pd, createdAt: `${p.startDate}T03:00:00.000Z`, deletedAt: p.deleted ? 'x' : null });
    }
  }
  for (const v of visits) {
    if (!fresh(v.id)) continue;
    // Some visits belong to a resident the facts do not hold (community '').
    const residentId = residentIds.length === 0 || v.resident % 11 === 0 ? '0f000000-0000-4000-8000-0000000000ff' : (residentIds[v.resident % residentIds.length] as string);
    const startedAt = `${addDays(v.date, -1)}T17:30:00.000Z`; // 00:30 in Bangkok on v.date
    const endedAt = new Date(Date.parse(startedAt) + v.minutes * 60_000).toISOString();
    const done = v.outcome === 'done';
    const data: Record<string, unknown> = {
      ...TEMPLATE,
      residentId,
      caregiverId: v.caregiver,
      planned: v.planned,
      startedAt,
      endedAt,
      serviceDate: v.date,
      outcome: v.outcome,
      missedReason: done ? null : 'not_home',
      vitals: done ? { ...TEMPLATE.vitals, systolic: v.systolic } : { ...TEMPLATE.vitals, systolic: null, diastolic: null, pulse: null, temperature: null, spo2: null, respRate: null, weight: null },
      careGiven: done ? TEMPLATE.careGiven : [],
      escalation: v.escalation,
      escalationReason: v.escalation === 'none' ? '' : 'อาการแย่ลง',
    };
    if (v.voided) data.voidReason = 'บันทึกผิด';
    records.push({ type: 'visit', id: v.id, data, createdAt: endedAt });
    if (v.amendment !== null) {
      const aid = `${v.id.slice(0, -4)}aaaa`;
      if (fresh(aid)) {
        const amendment: VisitAmendmentData = { visitId: v.id, residentId, reason: 'แก้ไข', changes: v.amendment, author: MANAGER, at: '2025-06-01T03:30:00.000Z' };
        records.push({ type: 'visit_amendment', id: aid, data: amendment as unknown as Record<string, unknown>, createdAt: '2025-06-01T03:30:00.000Z' });
      }
    }
  }
  return { records };
}

/** The facts as a device derives them from the same records. */
function factsOf(world: World): { residents: ReturnType<typeof residentFactOf>[]; visits: ReturnType<typeof visitFactOf>[] } {
  const rec = (r: TestRecord) => ({ ...r.data, id: r.id, createdAt: r.createdAt, deletedAt: r.deletedAt ?? null });
  const of = (type: TestRecord['type']) => world.records.filter((r) => r.type === type);
  const residents = of('resident').map((r) =>
    residentFactOf(
      rec(r) as unknown as FactResident,
      of('adl_assessment').filter((a) => a.data.residentId === r.id).map((a) => rec(a) as unknown as FactAssessment),
      of('care_plan').filter((p) => p.data.residentId === r.id).map((p) => rec(p) as unknown as FactPlan),
    ),
  );
  const amendments = of('visit_amendment').map((a) => rec(a) as unknown as VisitAmendmentData & { id: string });
  const visits = of('visit').map((v) => visitFactOf(rec(v) as unknown as FactVisit, amendments));
  return { residents, visits };
}

function withoutIds(f: ReportFigures): unknown {
  return JSON.parse(JSON.stringify(f, (k, v: unknown) => (k === 'ids' ? [] : v)));
}

describeBackends('report figures: SQL agrees with the shared definitions', (backend) => {
  let db: Db;
  beforeAll(async () => {
    db = await backend.open();
  }, HOOK_TIMEOUT_MS);

  it(
    'computeReportSql deep-equals computeReport on random records, periods, filters and fund settings',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(residentArb, { minLength: 5, maxLength: 16 }),
          fc.array(visitArb, { minLength: 10, maxLength: 60 }),
          fc.array(fc.tuple(periodArb, filterArb, fundArb), { minLength: 1, maxLength: 3 }),
          async (residents, visits, reports) => {
            const world = buildWorld(residents, visits);
            await clearReportData(db);
            await writeTestRecords(db, world.records);
            const facts = factsOf(world);
            const residentFacts = facts.residents.filter((f) => f !== null);
            for (const [period, filter, fund] of reports) {
              const expected = computeReport({
                from: period.from,
                to: period.to,
                residents: residentFacts,
                visits: facts.visits.filter((v) => v !== null && v.date >= period.from && v.date <= period.to) as NonNullable<(typeof facts.visits)[number]>[],
                filter,
                fund,
              });
              const got = await computeReportSql(db, { from: period.from, to: period.to, filter, fund, withIds: true });
              expect(got).toEqual(expected);
              const counts = await computeReportSql(db, { from: period.from, to: period.to, filter, fund });
              expect(withoutIds(counts)).toEqual(withoutIds(expected));
            }
          },
        ),
        { numRuns: 30 },
      );
    },
    240_000,
  );
});
