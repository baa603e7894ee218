/**
 * The report projections and routes over real HTTP, on both back ends: the projector keeps report_* in step
 * with what pushes committed (an amendment changes the visit's fact, a void removes it), a rebuild from `records` gives the same rows, and
 * /reports/figures and /reports/service-list.csv answer 401/403/400 as documented and 200 with the figures
 * computeReport gives over the same facts.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { computeReport, type ReportFigures } from '../../shared/reports/definitions';
import { DEFAULT_FUND_SETTINGS, proRataSatang } from '../../shared/reports/fund';
import type { VisitAmendmentData } from '../../shared/visit';
import ExcelJS from 'exceljs';
import { DEFAULT_SERVICE_COLUMNS } from '../../shared/reports/columns';
import { parseCsv } from '../../shared/reports/csv';
import { describeBackends } from '../testing/backends';
import { HOOK_TIMEOUT_MS, startHarness, type Harness, type Session } from '../testing/harness';
import { assessmentData, newId, residentData, TestSyncClient } from '../testing/sync-client';
import { readResidentFacts, readVisitFacts, rebuildReportFacts } from './projection';
import { projectAll } from './projector';
import { planData, visitData } from '../testing/reportData';

async function caughtUp(h: Harness, sql: string, params: unknown[]): Promise<unknown[]> {
  await projectAll(h.db);
  return (await h.db.query(sql, params)).rows;
}

async function rows(h: Harness, table: string): Promise<unknown[]> {
  return (await h.db.query(`SELECT * FROM ${table} ORDER BY id`)).rows;
}

/** The projections once the projector caught up with every committed push (the routes await the same). */
async function allTables(h: Harness): Promise<unknown[][]> {
  await projectAll(h.db);
  return [await rows(h, 'report_residents'), await rows(h, 'report_adl'), await rows(h, 'report_plans'), await rows(h, 'report_visits')];
}

describeBackends('report projections and routes', (backend) => {
  let h: Harness;
  let admin: Session;
  let cm: Session;
  let cg1: Session;

  beforeAll(async () => {
    h = await startHarness(backend, { config: { rateLimit: { loginPerMinute: 1000, defaultPerMinute: 100_000 } } });
    await h.makeUser('admin', 'admin');
    await h.makeUser('cm', 'care_manager');
    await h.makeUser('cg1', 'caregiver', ['c-01']);
    admin = await h.login('admin');
    cm = await h.login('cm');
    cg1 = await h.login('cg1');
  }, HOOK_TIMEOUT_MS);
  afterAll(() => h.close());

  let residentId = '';
  let nationalId = '';
  let visitId = '';

  it('the projector writes the facts of what a push touched; an amendment changes the visit fact and a void removes it', async () => {
    const m = new TestSyncClient(h, cm);
    residentId = newId();
    visitId = newId();
    const [aid, pid, other] = [newId(), newId(), newId()];
    const res = await m.push([
      m.mutation('resident', residentId, 'create', residentData('c-01', { firstName: 'บุญมี' })),
      m.mutation('adl_assessment', aid, 'create', assessmentData(residentId)),
      m.mutation('care_plan', pid, 'create', planData(residentId, cg1.user.id)),
      m.mutation('care_plan', pid, 'patch', { status: 'approved', approvedBy: cm.user.id, approvedAt: '2025-06-01T04:00:00.000Z' }),
      m.mutation('visit', visitId, 'create', visitData(residentId, cg1.user.id)),
      m.mutation('visit', other, 'create', visitData(residentId, cg1.user.id, '120')),
    ]);
    expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied', 'applied']);

    const [residents, adl, plans, visits] = await allTables(h);
    expect(residents).toEqual([expect.objectContaining({ id: residentId, community_id: 'c-01', first_name: 'บุญมี', status: 'active', enrolled_on: '2025-06-01' })]);
    expect(adl).toEqual([expect.objectContaining({ id: aid, resident_id: residentId })]);
    expect(plans).toEqual([expect.objectContaining({ id: pid, resident_id: residentId, status: 'approved', approved_on: '2025-06-01', approved_by: cm.user.id, fund_approved_on: null, caregiver_id: cg1.user.id })]);
    expect(visits).toHaveLength(2);
    const fact = (await caughtUp(h, 'SELECT abnormal, minutes, date FROM report_visits WHERE id = $1', [visitId]))[0];
    expect(fact).toEqual({ abnormal: true, minutes: 30, date: '2025-06-01' });

    // An amendment bringing the systolic back into range changes the fact.
    const amendment: VisitAmendmentData = { visitId, residentId, reason: 'พิมพ์ผิด', changes: { 'vitals.systolic': 120 }, author: cm.user.id, at: '2025-06-01T03:30:00.000Z' };
    const amended = await m.push([m.mutation('visit_amendment', newId(), 'create', amendment)]);
    expect(amended.results[0]?.status).toBe('applied');
    expect(await caughtUp(h, 'SELECT abnormal FROM report_visits WHERE id = $1', [visitId])).toEqual([{ abnormal: false }]);

    // A voided visit has no fact.
    const voided = await m.push([m.mutation('visit', other, 'void', { voidReason: 'บันทึกผิดคน' })]);
    expect(voided.results[0]?.status).toBe('applied');
    expect(await caughtUp(h, 'SELECT id FROM report_visits ORDER BY id', [])).toEqual([{ id: visitId }]);

    // A resident who moves away: the fact follows the record.
    const moved = await m.push([m.mutation('resident', residentId, 'patch', { status: 'moved', statusDate: '2025-06-01', statusReason: 'ย้ายไปอยู่กับลูก' })]);
    expect(moved.results[0]?.status).toBe('applied');
    expect(await caughtUp(h, 'SELECT status, status_date FROM report_residents WHERE id = $1', [residentId])).toEqual([{ status: 'moved', status_date: '2025-06-01' }]);
  });

  it('rebuilding the projections from the records gives the same rows and records the facts version', async () => {
    const before = await allTables(h);
    expect(before[0]).not.toEqual([]);
    await h.db.exec('DELETE FROM report_visits'); // a projection out of step is repaired by the rebuild
    await rebuildReportFacts(h.db);
    expect(await allTables(h)).toEqual(before);
    expect((await h.db.query("SELECT value FROM server_settings WHERE key = 'report_facts_version'")).rows).toEqual([{ value: '1' }]);
  });

  const figures = (token: string | undefined, body: unknown) => h.call('POST', '/reports/figures', { ...(token === undefined ? {} : { token }), body });
  const june = { period: { kind: 'month', month: '2025-06' } };

  it('answers 401 without a session, 403 to a caregiver, 400 for a bad or refused period', async () => {
    expect((await figures(undefined, june)).statusCode).toBe(401);
    const denied = await figures(cg1.accessToken, june);
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toMatchObject({ error: { code: 'forbidden' } });
    expect((await h.call('GET', '/reports/service-list.csv?kind=month&month=2025-06', { token: cg1.accessToken })).statusCode).toBe(403);

    const future = await figures(cm.accessToken, { period: { kind: 'fiscalYear', fyBE: 2600 } });
    expect(future.statusCode).toBe(400);
    expect(future.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'invalid_argument', message: expect.stringMatching(/^period\.future/) });
    const reversed = await figures(cm.accessToken, { period: { kind: 'range', from: '2025-05-02', to: '2025-05-01' } });
    expect(reversed.json<{ error: { message: string } }>().error.message).toMatch(/^period\.reversed/);

    for (const body of [
      {},
      { period: { kind: 'month', month: '2025-13' } },
      { period: { kind: 'quarter', fyBE: 2568, quarter: 5 } },
      { period: { kind: 'range', from: '2025-02-30', to: '2025-03-01' } },
      { ...june, filter: { communities: 'c-01', caregivers: null } },
      { ...june, extra: true },
      { period: 'month' },
      [],
    ]) {
      const res = await figures(admin.accessToken, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'invalid_argument' } });
    }
    expect((await h.call('GET', '/reports/service-list.csv?kind=quarter&fyBE=25x8&quarter=1', { token: cm.accessToken })).statusCode).toBe(400);
    expect((await h.call('GET', '/reports/service-list.csv?kind=weekly', { token: cm.accessToken })).statusCode).toBe(400);
  });

  it('returns the figures computeReport gives over the same facts, for an admin and a care manager', async () => {
    // A fund-approved plan of a dependent resident, so the service list has a row.
    const m = new TestSyncClient(h, cm);
    const rid = newId();
    const pid = newId();
    const rd = residentData('c-02');
    nationalId = rd.nationalId ?? '';
    const base = assessmentData(rid);
    const dependent = { ...base, assessedOn: '2025-05-20', answers: { ...base.answers, stairs: 0, mobility: 1 }, total: 9, group: 'homebound' };
    const res = await m.push([
      m.mutation('resident', rid, 'create', rd),
      m.mutation('adl_assessment', newId(), 'create', dependent),
      m.mutation('care_plan', pid, 'create', planData(rid, cg1.user.id)),
      m.mutation('care_plan', pid, 'patch', { status: 'approved', approvedBy: cm.user.id, approvedAt: '2025-05-25T04:00:00.000Z', subCommittee: { date: '2025-05-28', ref: 'LTC 12/2568' } }),
      m.mutation('visit', newId(), 'create', visitData(rid, cg1.user.id)),
    ]);
    expect(res.results.map((r) => ('code' in r ? `${r.status}:${r.code}:${'field' in r ? r.field : ''}` : r.status))).toEqual(['applied', 'applied', 'applied', 'applied', 'applied']);

    const ids = (await h.db.query<{ type: string; id: string }>("SELECT type, id FROM records WHERE type IN ('resident', 'visit')")).rows;
    const residents = [...(await readResidentFacts(h.db, ids.filter((r) => r.type === 'resident').map((r) => r.id))).values()].filter((f) => f !== null);
    const visits = [...(await readVisitFacts(h.db, ids.filter((r) => r.type === 'visit').map((r) => r.id))).values()].filter((f) => f !== null);
    for (const [session, period, filter] of [
      [cm, { kind: 'month', month: '2025-06' }, { communities: null, caregivers: null }],
      [admin, { kind: 'fiscalYear', fyBE: 2568 }, { communities: ['c-02'], caregivers: null }],
      [cm, { kind: 'range', from: '2025-05-01', to: '2025-06-01' }, { communities: null, caregivers: [cg1.user.id] }],
    ] as const) {
      const r = await figures(session.accessToken, { period, filter, withIds: true });
      expect(r.statusCode).toBe(200);
      const got = r.json<ReportFigures>();
      const expected = computeReport({ from: got.from, to: got.to, residents, visits: visits.filter((v) => v.date >= got.from && v.date <= got.to), filter: { communities: filter.communities, caregivers: filter.caregivers }, fund: DEFAULT_FUND_SETTINGS });
      expect(got).toEqual(JSON.parse(JSON.stringify(expected)));
    }
    const fy = (await figures(cm.accessToken, { period: { kind: 'fiscalYear', fyBE: 2568 } })).json<ReportFigures>();
    expect(fy.service).toEqual([expect.objectContaining({ residentId: rid, planId: pid, planRef: 'LTC 12/2568', visits: 1, coveredDays: 153, amountSatang: 437_706 })]);
    expect(fy.serviceTotalSatang).toBeGreaterThan(0);
  });

  it('streams the service list as a UTF-8 CSV with a BOM and Thai headers (GET and POST)', async () => {
    const get = await h.call('GET', '/reports/service-list.csv?kind=fiscalYear&fyBE=2568', { token: admin.accessToken });
    expect(get.statusCode).toBe(200);
    expect(get.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(get.headers['cache-control']).toBe('no-store');
    const lines = get.body.split('\r\n');
    // The app's own CSV (shared/reports/csv.ts) in the fund's default column map: header, one line per person.
    const [header, ...rows] = parseCsv(get.body);
    expect(get.body.startsWith('\uFEFF')).toBe(true);
    expect(header).toEqual(DEFAULT_SERVICE_COLUMNS.map((c) => c.header));
    expect(nationalId).not.toBe('');
    expect(rows.filter((r) => r.length > 1)).toHaveLength(1);
    expect(rows[0]?.[DEFAULT_SERVICE_COLUMNS.findIndex((c) => c.key === 'nationalId')]).toBe(nationalId);
    expect(lines.at(-1)).toBe('');
    const post = await h.call('POST', '/reports/service-list.csv', { token: cm.accessToken, body: { period: { kind: 'fiscalYear', fyBE: 2568 } } });
    expect(post.statusCode).toBe(200);
    expect(post.body).toBe(get.body);
    const audit = (await h.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'report.service_list.export'")).rows[0]?.n;
    expect(audit).toBe(2);
  });

  it('writes a workbook spec as XLSX for a browser, refusing a bad spec and a caregiver', async () => {
    const workbook = {
      sheets: [{ name: 'LTC', title: ['เทศบาลนครรังสิต'], columns: [{ header: 'วันที่อนุมัติแผน', kind: 'date', width: 12 }, { header: 'จำนวนเงิน (บาท)', kind: 'money', width: 12 }], rows: [['2024-10-20', 1_044_200]], totals: true }],
    };
    expect((await h.call('POST', '/reports/xlsx', { token: cg1.accessToken, body: { workbook } })).statusCode).toBe(403);
    for (const bad of [{}, { workbook: { sheets: [] } }, { workbook: { sheets: [{ ...workbook.sheets[0], rows: [['2024-02-30', 1]] }] } }, { workbook, extra: 1 }]) {
      const res = await h.call('POST', '/reports/xlsx', { token: cm.accessToken, body: bad });
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'invalid_argument' } });
    }
    const ok = await h.call('POST', '/reports/xlsx', { token: cm.accessToken, body: { workbook } });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(ok.rawPayload.buffer.slice(ok.rawPayload.byteOffset, ok.rawPayload.byteOffset + ok.rawPayload.byteLength) as ArrayBuffer);
    const ws = wb.getWorksheet('LTC');
    expect(ws?.getCell('B3').value).toBe('20 ตุลาคม 2567');
    expect(ws?.getCell('C3').value).toBe(10_442);
    expect((ws?.getCell('C4').value as { formula: string }).formula).toBe('SUM(C3:C3)');
    const audit = (await h.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'report.xlsx.export'")).rows[0]?.n;
    expect(audit).toBe(1);
  });

  it('reads the fund settings for report readers, lets an administrator replace them (validated, audited), and the figures use them', async () => {
    const custom = {
      rates: [
        { fyBE: 2559, bahtPerYear: 6000, source: 'ประกาศ สปสช.' },
        { fyBE: 2568, bahtPerYear: 12_000, source: 'มติคณะกรรมการกองทุน 1/2568' },
      ],
      budgetDates: [{ fyBE: 2568, date: '2024-11-01' }],
    };
    expect((await h.call('GET', '/reports/fund-settings')).statusCode).toBe(401);
    expect((await h.call('GET', '/reports/fund-settings', { token: cg1.accessToken })).statusCode).toBe(403);
    const before = await h.call('GET', '/reports/fund-settings', { token: cm.accessToken });
    expect(before.statusCode).toBe(200);
    expect(before.json()).toEqual(DEFAULT_FUND_SETTINGS);

    expect((await h.call('PUT', '/reports/fund-settings', { body: custom })).statusCode).toBe(401);
    expect((await h.call('PUT', '/reports/fund-settings', { token: cm.accessToken, body: custom })).statusCode).toBe(403);
    for (const bad of [{}, { ...custom, rates: [] }, { ...custom, rates: [custom.rates[1], custom.rates[1]] }, { ...custom, budgetDates: [{ fyBE: 2568, date: '2026-01-01' }] }, { ...custom, extra: 1 }]) {
      const res = await h.call('PUT', '/reports/fund-settings', { token: admin.accessToken, body: bad });
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'invalid_argument' } });
    }
    expect((await h.call('GET', '/reports/fund-settings', { token: admin.accessToken })).json()).toEqual(DEFAULT_FUND_SETTINGS);

    const put = await h.call('PUT', '/reports/fund-settings', { token: admin.accessToken, body: custom });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual(custom);
    expect((await h.call('GET', '/reports/fund-settings', { token: cm.accessToken })).json()).toEqual(custom);
    const audit = (await h.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'report.fund_settings.update'")).rows[0]?.n;
    expect(audit).toBe(1);

    // The plan pushed above: 153 covered days of fiscal year 2568 (365 days), now at 12,000 baht a year.
    const fy = (await figures(cm.accessToken, { period: { kind: 'fiscalYear', fyBE: 2568 } })).json<ReportFigures>();
    expect(fy.service).toEqual([expect.objectContaining({ coveredDays: 153, amountSatang: proRataSatang(1_200_000, 153, 365) })]);
    expect(proRataSatang(1_200_000, 153, 365)).not.toBe(437_706);
    await h.db.query("DELETE FROM server_settings WHERE key = 'fund'");
  });
});
