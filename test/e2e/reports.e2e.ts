/**
 * A care manager's funding report (docs/domain.md §6), offline on a local-only device: three residents in
 * two communities (two dependent with a care plan the fund approved, one without a citizen ID; one socially
 * active), ADL assessments and visits, all dated in one fiscal year. She opens Reports, picks that fiscal
 * year, reads the figures, drills down from a number to the residents or visits behind it and on to a profile,
 * exports the service list as CSV (BOM, Thai headers, a row with the full citizen ID and the amount), filters
 * by community (nobody in it says so), picks an empty period (it says so) and meets the messages of refused
 * periods, what she typed kept. The report prints alone (A4, Sarabun, page numbers, signatures, read back with
 * pdftotext), and Excel in a browser without a server session says it needs one.
 *
 * The records are written by the app's own store code in Node on fake-indexeddb as the browser's device
 * (its meta rows copied in first), then copied into the browser's IndexedDB, as in timeline.e2e.ts.
 */
import 'fake-indexeddb/auto'; // first: Dexie picks up the global indexedDB when it loads
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addDays, bangkokInstant } from '../../shared/dates/calendar';
import { fiscalYearBE, fiscalYearRange, formatDate, todayBangkok } from '../../shared/dates/thaiDate';
import { SITE_NAME_TH } from '../../shared/reference/communities';
import { DEFAULT_SERVICE_COLUMNS } from '../../shared/reports/columns';
import { parseCsv } from '../../shared/reports/csv';
import { emptyVisitForm, validateVisitForm, type VisitFormOutput, type VisitFormValues } from '../../shared/visitForm';
import { recordAdlAssessment } from '../../renderer/db/assessments';
import { approveCarePlan, createCarePlan, submitCarePlan } from '../../renderer/db/carePlans';
import { openStore, type CareRoundsDb } from '../../renderer/db/db';
import { getLocalUser, type MetaRow } from '../../renderer/db/meta';
import { createResident } from '../../renderer/db/residents';
import { buildAdlForm, buildProfile } from '../../renderer/db/testing';
import { recordVisit } from '../../renderer/db/visits';
import { copyRecordsToBrowser, rawGetAll, rawPutAll } from './support/idb';
import { NetworkSwitch } from './support/network';
import { useBrowser } from './support/session';
import { until } from './support/wait';
import { translator } from './pages/AppShell';
import { ReportsPage } from './pages/ReportsPage';

const th = translator('th');
const run = promisify(execFile);
const DB = 'carerounds';
const STORES = ['residents', 'registerRows', 'visits', 'visitAmendments', 'assessments', 'carePlans', 'outbox'] as const;
const today = todayBangkok();
// Every record on one day: registered, assessed, plan approved by the fund and visited (one fiscal year).
const day = addDays(today, -20);
const fy = fiscalYearBE(day);
const at = (date: string, time = '09:00') => bangkokInstant(date, time);
const clock = (iso: string) => () => Date.parse(iso);
const NATIONAL_ID = '1130300123459';
const SHOTS = process.env.E2E_SCREENSHOT_DIR;

function visitForm(date: string): VisitFormOutput {
  const base = emptyVisitForm(at(date));
  const form: VisitFormValues = { ...base, durationMinutes: '45' };
  const r = validateVisitForm(form, { now: new Date().toISOString(), resident: { birthDate: { value: '1947-03-15', precision: 'day' }, status: 'active' } });
  if (!r.ok) throw new Error(`visit form ${date}: ${JSON.stringify(r.issues)}`);
  return r.data;
}

interface Prepared {
  db: CareRoundsDb;
  malee: string;
  boonmee: string;
  somchai: string;
}

async function prepare(browserMeta: MetaRow[]): Promise<Prepared> {
  const opened = await openStore(`e2e-reports-${crypto.randomUUID()}`);
  if (!opened.ok) throw new Error(opened.detail);
  const db = opened.db;
  await db.meta.bulkPut(browserMeta);
  const { userId } = await getLocalUser(db);
  const ctx = (iso: string) => ({ userId, role: 'care_manager' as const, now: clock(iso) });
  const t0 = at(day, '08:00');
  const malee = await createResident(db, buildProfile({ firstName: 'มาลี', lastName: 'รายงานดี', nationalId: NATIONAL_ID, communityId: 'c-01' }), ctx(t0));
  const boonmee = await createResident(db, buildProfile({ firstName: 'บุญมี', lastName: 'ไม่มีบัตร', nationalId: null, noIdReason: 'บัตรหาย', communityId: 'c-02' }), ctx(t0));
  const somchai = await createResident(db, buildProfile({ firstName: 'สมชาย', lastName: 'ติดสังคม', nationalId: null, noIdReason: 'ไม่มีบัตร', communityId: 'c-01' }), ctx(t0));
  await recordAdlAssessment(db, malee.id, buildAdlForm(day, 8), ctx(at(day, '09:00')));
  await recordAdlAssessment(db, boonmee.id, buildAdlForm(day, 3), ctx(at(day, '09:00')));
  await recordAdlAssessment(db, somchai.id, buildAdlForm(day, 18), ctx(at(day, '09:00')));
  for (const [residentId, ref] of [
    [malee.id, 'LTC-001'],
    [boonmee.id, 'LTC-002'],
  ] as const) {
    const plan = await createCarePlan(
      db,
      {
        residentId,
        version: 1,
        previousPlanId: null,
        adlTotal: 8,
        adlGroup: 'homebound',
        problems: [{ key: 'p1', text: 'ช่วยเหลือตัวเองได้น้อย' }],
        goals: [],
        activities: [{ code: 'bathing', timesPerWeek: 1, minutes: 30, performer: 'caregiver', assigneeId: userId, note: '' }],
        primaryCaregiverId: userId,
        backupCaregiverId: null,
        startDate: day,
        reviewDate: addDays(day, 180),
        status: 'draft',
        submittedBy: null,
        submittedAt: null,
        approvedBy: null,
        approvedAt: null,
        subCommittee: { date: day, ref },
        closedReason: '',
      },
      ctx(at(day, '10:00')),
    );
    await submitCarePlan(db, plan.id, ctx(at(day, '10:05')));
    await approveCarePlan(db, plan.id, ctx(at(day, '10:10')));
  }
  await recordVisit(db, malee.id, visitForm(day), ctx(at(day, '11:00')));
  await recordVisit(db, boonmee.id, visitForm(day), ctx(at(day, '13:00')));
  return { db, malee: malee.id, boonmee: boonmee.id, somchai: somchai.id };
}


async function n(page: Page, testId: string): Promise<number> {
  return Number(await page.getByTestId(testId).getAttribute('data-value'));
}

describe('funding reports', () => {
  const app = useBrowser();

  it('a care manager picks a fiscal year, reads the figures, drills down, exports the CSV, filters; empty and refused periods say so', async () => {
    const { page, errors, context } = await app.open();
    const p = await prepare((await rawGetAll(page, DB, 'meta')) as MetaRow[]);
    try {
      await copyRecordsToBrowser(page, DB, p.db, STORES);
      await page.reload();
      await page.getByTestId('app-ready').waitFor({ state: 'attached' });
      await page.waitForFunction(() => document.documentElement.dataset.parts === 'loaded', undefined, { timeout: 30_000 });
      const network = new NetworkSwitch(context, page, errors);
      await network.offline();

      const reports = await ReportsPage.open(page);
      expect(await page.getByTestId('nav-reports').innerText()).toBe(th('reports.nav'));

      // --- The fiscal year: figures. -------------------------------------------------------------------
      await reports.pickFiscalYear(fy);
      const range = fiscalYearRange(fy);
      await reports.waitForPeriod(range.start, range.end);
      expect(await reports.shown.innerText()).toContain(String(fy - 1)); // 1 ต.ค. <fy-1> in BE
      expect(await n(page, 'cell-register-__total-total')).toBe(3);
      expect(await n(page, 'cell-register-c-01-total')).toBe(2);
      expect(await n(page, 'cell-register-c-02-bedbound')).toBe(1);
      expect(await n(page, 'cell-plans-__total-withPlan')).toBe(2);
      expect(await n(page, 'cell-visitsByCommunity-__total-done')).toBe(2);
      expect(await page.getByTestId('cell-visitsByCommunity-__total-minutes').getAttribute('data-value')).toBe('1.5'); // 2 × 45 min
      const registerHead = await page.getByTestId('report-register').locator('thead').innerText();
      expect(registerHead).toContain(th('reports.register.homebound'));
      expect(await page.getByTestId('report-register').getByTestId('report-row').first().locator('th').innerText()).toBe('ชุมชนรังสิตพัฒนา');
      await page.getByTestId('chart-adl').waitFor();
      await page.getByTestId('chart-monthly').waitFor();
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/reports-th.png`, fullPage: true });

      // --- Drill-down: the residents behind a number, on to a profile. ----------------------------------
      await reports.cell('register', 'c-01', 'total').click();
      await reports.drill.waitFor();
      expect(await reports.drill.getAttribute('data-kind')).toBe('resident');
      const drilled = await reports.drill.getByTestId('drill-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-resident')).sort());
      expect(drilled).toEqual([p.malee, p.somchai].sort());
      expect(await reports.drill.innerText()).toContain('มาลี');
      // The visits behind a figure name their caregiver and outcome.
      await reports.cell('visitsByCommunity', '__total', 'done').click();
      await until('the visits drilled down', () => reports.drill.getAttribute('data-kind'), (k) => k === 'visit');
      expect(await reports.drill.getByTestId('drill-row').count()).toBe(2);
      expect(await reports.drill.innerText()).toContain(th('reports.outcome.done'));
      // A name opens the resident's profile; back on Reports, the fiscal year again.
      await reports.drill.locator(`[data-testid="drill-resident-link"][data-resident="${p.malee}"]`).click();
      await page.waitForURL(`**/#/residents/${p.malee}`);
      await page.goBack();
      await reports.root.waitFor();
      await reports.pickFiscalYear(fy);
      await reports.waitForPeriod(range.start, range.end);

      // --- The service list: masked ID on screen, a person without one with the reason, the total. ---------
      expect(await reports.serviceRows.count()).toBe(2);
      const ids = await reports.serviceRows.getByTestId('service-id').allInnerTexts();
      expect(ids).toContain('1-1303-xxxxx-xx-9');
      expect(ids).toContain(th('reports.service.noId', { reason: 'บัตรหาย' }));
      expect(Number(await page.getByTestId('service-total').getAttribute('data-satang'))).toBeGreaterThan(0);

      // --- CSV export: BOM, Thai headers, a row with the full ID and the amount. ---------------------------
      const [download] = await Promise.all([page.waitForEvent('download'), reports.exportCsvButton.click()]);
      expect(download.suggestedFilename()).toBe(`บัญชีรายชื่อ-LTC_${range.start}_${range.end}.csv`);
      const bytes = await readFile(await download.path());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.toString('utf8');
      expect(text).toContain('\r\n');
      const [header, ...rows] = parseCsv(text);
      expect(header).toEqual(DEFAULT_SERVICE_COLUMNS.map((c) => c.header));
      const col = (key: string) => DEFAULT_SERVICE_COLUMNS.findIndex((c) => c.key === key);
      const malee = rows.find((r) => r[col('nationalId')] === NATIONAL_ID);
      expect(malee?.[col('firstName')]).toBe('มาลี');
      expect(malee?.[col('community')]).toBe('ชุมชนรังสิตพัฒนา');
      expect(malee?.[col('planRef')]).toBe('LTC-001');
      expect(malee?.[col('fundApprovedOnIso')]).toBe(day);
      expect(malee?.[col('amountBaht')]).toMatch(/^\d+\.\d{2}$/);
      const noId = rows.find((r) => r[col('firstName')] === 'บุญมี');
      expect(noId?.[col('nationalId')]).toBe('');
      expect(noId?.[col('noIdReason')]).toBe('บัตรหาย');
      await page.getByText(th('reports.export.saved', { name: download.suggestedFilename() })).waitFor();

      // --- PDF: the button prints (a browser opens its print dialog, titled with the file name); what prints
      // is the report alone, A4 landscape, Sarabun, page numbers, signature lines, BE dates. -------------------
      await page.evaluate(() => {
        const w = window as unknown as { printedAs?: string[] };
        w.printedAs = [];
        window.print = () => w.printedAs?.push(document.title);
      });
      await page.getByTestId('export-pdf').click();
      await until('the print dialog asked for', () => page.evaluate(() => (window as unknown as { printedAs?: string[] }).printedAs ?? []), (p) => p.length === 1);
      const pdfFile = join(await mkdtemp(join(tmpdir(), 'carerounds-report-')), 'report.pdf');
      await page.pdf({ path: pdfFile, preferCSSPageSize: true });
      const printed = (await run('pdftotext', ['-layout', pdfFile, '-'])).stdout.replace(/\s+/g, '');
      expect(printed).toContain(SITE_NAME_TH);
      expect(printed).toContain(`ช่วงเวลา${formatDate(range.start, 'th')}–${formatDate(range.end, 'th')}`.replace(/\s+/g, ''));
      expect(printed).toContain('ลำดับ');
      expect(printed).toContain(NATIONAL_ID);
      expect(printed).toMatch(/หน้า1\/\d+/);
      expect(printed).toContain('ผู้อนุมัติ');
      // The screen's controls are not printed.
      expect(printed).not.toContain(th('reports.export.csv').replace(/\s+/g, ''));
      const fonts = (await run('pdffonts', [pdfFile])).stdout;
      expect(fonts).toMatch(/Sarabun/);

      // --- Excel in a browser: written by the municipal server, so a device that is not signed in says so. -----
      await page.getByTestId('export-xlsx').click();
      await page.getByText(th('reports.export.failed', { detail: th('error.sync.signed_out') })).waitFor();

      // --- Filters: one community; a community with nobody says so. ---------------------------------------
      await reports.filterCommunity('c-02');
      await until('the register of one community', () => n(page, 'cell-register-__total-total'), (v) => v === 1);
      expect(await reports.serviceRows.count()).toBe(1);
      await reports.filterCommunity('c-02');
      await reports.filterCommunity('c-03');
      await page.getByTestId('reports-empty-filter').waitFor();
      expect(await page.getByTestId('reports-empty-filter').innerText()).toBe(th('reports.emptyFilter'));
      await page.getByTestId('filter-clear').click();
      await until('every community again', () => n(page, 'cell-register-__total-total'), (v) => v === 3);

      // --- An empty period says so. ----------------------------------------------------------------------
      await reports.pickRange('1/1/2560', '31/1/2560');
      await page.getByTestId('reports-empty').waitFor();
      expect(await page.getByTestId('reports-empty').innerText()).toBe(th('reports.empty'));

      // --- Refused periods: the message names the fix, what was typed stays. -------------------------------
      await reports.pickRange('10/11/2568', '1/11/2568');
      await reports.periodError.waitFor();
      expect(await reports.periodError.innerText()).toBe(th('v.period.reversed'));
      expect(await page.getByTestId('period-from').inputValue()).toBe('10/11/2568');
      expect(await page.getByTestId('period-to').inputValue()).toBe('01/11/2568'); // normalised on leaving the field
      await page.getByTestId('period-kind-fiscalYear').check();
      await page.getByTestId('period-fy').selectOption(String(fiscalYearBE(today) + 1));
      await reports.applyButton.click();
      await page.getByText(th('v.period.future')).waitFor();
      expect(await page.getByTestId('period-fy').inputValue()).toBe(String(fiscalYearBE(today) + 1));
      expect(network.unexpectedErrors()).toEqual([]);
    } finally {
      p.db.close();
    }
    expect(errors).toEqual([]);
  });
  it('an administrator reorders and renames the CSV columns in Settings and the export follows, sets the fund rate and the amounts follow; a caregiver has no Reports', async () => {
    const { page, errors } = await app.open();
    const browserMeta = (await rawGetAll(page, DB, 'meta')) as MetaRow[];
    const p = await prepare(browserMeta);
    try {
      await copyRecordsToBrowser(page, DB, p.db, STORES);
      const user = browserMeta.find((m) => m.key === 'user');
      const setRole = (role: string) => rawPutAll(page, DB, { meta: [{ key: 'user', userId: user?.key === 'user' ? user.userId : 'local-user', displayName: 'ผู้ทดสอบ', role }] });
      await setRole('admin');
      await page.reload();
      await page.getByTestId('app-ready').waitFor({ state: 'attached' });

      // Settings: the amount first, under the header the fund's template uses; the ID's column renamed.
      await page.evaluate(() => {
        window.location.hash = '#/settings';
      });
      const section = page.getByTestId('report-columns');
      await section.waitFor();
      expect(await section.getByTestId('report-columns-state').innerText()).toBe(th('reports.columns.default'));
      const amountAt = DEFAULT_SERVICE_COLUMNS.findIndex((c) => c.key === 'amountBaht');
      for (let i = amountAt; i > 0; i--) await section.getByRole('button', { name: th('reports.columns.up', { n: i + 1 }) }).click();
      expect(await section.getByTestId('report-column-row').first().getAttribute('data-key')).toBe('amountBaht');
      await section.getByTestId('report-column-header').first().fill('ยอดเงิน');
      // An empty header is refused, named by its column; nothing is saved.
      await section.getByTestId('report-column-header').nth(2).fill(' ');
      await section.getByTestId('report-columns-save').click();
      await section.getByTestId('report-column-error').waitFor();
      expect(await section.getByTestId('report-column-error').innerText()).toBe(th('reports.columns.problem', { n: 3, detail: th('v.reportColumns.headerEmpty') }));
      await section.getByTestId('report-column-header').nth(2).fill('PID');
      await section.getByTestId('report-columns-save').click();
      await section.getByText(th('reports.columns.saved')).waitFor();
      expect(await section.getByTestId('report-columns-state').innerText()).toBe(th('reports.columns.custom'));

      const reports = await ReportsPage.open(page);
      await reports.pickFiscalYear(fy);
      const range = fiscalYearRange(fy);
      await reports.waitForPeriod(range.start, range.end);
      const [download] = await Promise.all([page.waitForEvent('download'), reports.exportCsvButton.click()]);
      const [header, ...rows] = parseCsv(await readFile(await download.path(), 'utf8'));
      expect(header?.slice(0, 3)).toEqual(['ยอดเงิน', 'ลำดับ', 'PID']);
      expect(rows.map((r) => r[2])).toContain(NATIONAL_ID);

      // The fund's rate for the report's fiscal year: a duplicate year is refused next to its field, the typed
      // row stays; the year corrected, the service list's amounts follow the new rate.
      const serviceSatang = async () => (await page.getByTestId('service-row').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-satang'))))).sort((a, b) => a - b);
      await page.getByTestId('service-total').waitFor();
      const before = await serviceSatang();
      expect(before.length).toBeGreaterThan(0);
      expect(fy).toBeGreaterThan(2567);
      await page.evaluate(() => {
        window.location.hash = '#/settings';
      });
      const fund = page.getByTestId('fund-rates');
      await fund.waitFor();
      expect(await fund.getByTestId('fund-rates-state').innerText()).toBe(th('reports.fund.default'));
      await fund.getByTestId('fund-rates-add').click();
      const added = fund.getByTestId('fund-rate-row').last();
      await added.getByTestId('fund-rate-fyBE').fill('2567');
      await added.getByTestId('fund-rate-bahtPerYear').fill('20,884');
      await added.getByTestId('fund-rate-source').fill('มติคณะกรรมการกองทุน ทดสอบ');
      await fund.getByTestId('fund-rates-save').click();
      await added.getByTestId('fund-rate-error').waitFor();
      expect(await added.getByTestId('fund-rate-error').innerText()).toBe(th('v.fund.rate.duplicate'));
      expect(await added.getByTestId('fund-rate-fyBE').getAttribute('aria-invalid')).toBe('true');
      expect(await fund.getByTestId('fund-rates-status').innerText()).toBe(th('reports.fund.refused'));
      expect(await fund.getByTestId('fund-rate-row').count()).toBe(3);
      expect(await added.getByTestId('fund-rate-bahtPerYear').inputValue()).toBe('20,884');
      expect(await added.getByTestId('fund-rate-source').inputValue()).toBe('มติคณะกรรมการกองทุน ทดสอบ');
      expect(await fund.getByTestId('fund-rates-state').innerText()).toBe(th('reports.fund.default'));
      await added.getByTestId('fund-rate-fyBE').fill(String(fy));
      await fund.getByTestId('fund-rates-save').click();
      await fund.getByTestId('fund-rates-status').getByText(th('reports.fund.saved')).waitFor();
      expect(await fund.getByTestId('fund-rates-state').innerText()).toBe(th('reports.fund.custom'));
      expect(await fund.getByTestId('fund-rate-error').count()).toBe(0);

      const again = await ReportsPage.open(page);
      await again.pickFiscalYear(fy);
      await again.waitForPeriod(range.start, range.end);
      await page.getByTestId('service-total').waitFor();
      const after = await serviceSatang();
      // Twice the rate (20,884 against 10,442 baht): each pro-rata amount doubles, give or take its rounding.
      expect(after).toHaveLength(before.length);
      after.forEach((a, i) => expect(Math.abs(a - 2 * (before[i] ?? 0))).toBeLessThanOrEqual(1));
      expect(after).not.toEqual(before);

      // A caregiver: no Reports in the menu, and the page says who it is for.
      await setRole('caregiver');
      await page.reload();
      await page.getByTestId('app-ready').waitFor({ state: 'attached' });
      await page.locator('header nav').waitFor();
      expect(await page.getByTestId('nav-reports').count()).toBe(0);
      await page.evaluate(() => {
        window.location.hash = '#/reports';
      });
      await page.getByTestId('reports-not-allowed').waitFor();
      expect(await page.getByTestId('reports-not-allowed').innerText()).toBe(th('reports.notAllowed'));
      expect(await page.getByTestId('report-period').count()).toBe(0);
    } finally {
      p.db.close();
    }
    expect(errors).toEqual([]);
  });
});
