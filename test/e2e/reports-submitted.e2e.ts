/**
 * A funding report submitted and reproduced, against a real server (Chromium, real IndexedDB, real HTTP): a
 * care manager signs in, opens the fiscal year's report (a dependant with a fund-approved plan, one visit),
 * exports it as Excel (in a browser the server writes the file; read back with exceljs), marks it as
 * submitted; a late visit is then recorded by another device; after a sync the page shows two visits, the
 * opened submission lists the late visit with the resident's name, and its Excel export still holds what was
 * submitted (one visit).
 */
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Download, Page } from 'playwright-core';
import { addDays, addMonths, bangkokInstant } from '../../shared/dates/calendar';
import { fiscalYearBE, fiscalYearRange, todayBangkok } from '../../shared/dates/thaiDate';
import { buildResidentProfile } from '../../shared/demo/builders';
import { thaiIdFrom } from '../../shared/demo/generate';
import { emptyVisitForm, validateVisitForm } from '../../shared/visitForm';
import { assessmentData } from '../../server/testing/sync-client';
import { openApp } from './support/app';
import { launchChromium, newIsolatedContext } from './support/chromium';
import { rawGetAll } from './support/idb';
import { pushAs } from './support/seed';
import { startE2eServer, E2E_PASSWORD, type E2eServer } from './support/server';
import { until } from './support/wait';
import { ReportsPage } from './pages/ReportsPage';
import { APP_DB, SignInPage } from './pages/SyncPage';

// Yesterday's visits, in its fiscal year's report (the resident is registered today, inside that year).
const VISIT_DAY = addDays(todayBangkok(), -1);
const FY = fiscalYearBE(VISIT_DAY);

function visit(residentId: string, caregiverId: string, date: string): object {
  const at = bangkokInstant(date, '09:00');
  const r = validateVisitForm({ ...emptyVisitForm(at), durationMinutes: '40', careGiven: [{ code: 'bathing', minutes: '20' }], observations: 'ปกติ' }, { now: new Date().toISOString(), resident: { birthDate: { value: '1945', precision: 'year' }, status: 'active' } });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return { ...r.data, residentId, caregiverId };
}

async function workbookOf(download: Download): Promise<ExcelJS.Workbook> {
  const bytes = await readFile(await download.path());
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return wb;
}

/** The service list's visits for the first person (column จำนวนครั้งที่เยี่ยม, data row 5). */
function visitsInServiceList(wb: ExcelJS.Workbook): unknown {
  const ws = wb.getWorksheet('รายชื่อผู้รับบริการ LTC');
  if (!ws) throw new Error('no service sheet');
  const header = ws.getRow(4).values as unknown[];
  return ws.getRow(5).getCell(header.indexOf('จำนวนครั้งที่เยี่ยม')).value;
}

describe('a submitted report (real server, Chromium)', () => {
  let server: E2eServer;
  let browser: Browser;
  let cg = '';
  let residentId = '';

  beforeAll(async () => {
    server = await startE2eServer();
    const cm = await server.makeUser('cm', 'care_manager');
    cg = (await server.makeUser('cg', 'caregiver', ['c-01'])).id;
    browser = await launchChromium();
    [residentId = ''] = await pushAs(server.url, 'cm', [
      { type: 'resident', fields: { ...buildResidentProfile({ communityId: 'c-01', firstName: 'บุญมี' }), nationalId: thaiIdFrom('113030012345'), noIdReason: null, gps: null, status: 'active', statusDate: null, statusReason: '', latestAdl: null } },
    ]);
    const start = addDays(VISIT_DAY, -40);
    await pushAs(server.url, 'cm', [
      {
        type: 'adl_assessment',
        fields: {
          ...assessmentData(residentId),
          assessedOn: addDays(start, -5),
          // ADL 8: dependent (ติดบ้าน).
          answers: { feeding: 2, grooming: 1, transfer: 3, toilet: 2, mobility: 0, dressing: 0, stairs: 0, bathing: 0, bowels: 0, bladder: 0 },
          total: 8,
          group: 'homebound',
        },
      },
      {
        type: 'care_plan',
        fields: {
          residentId,
          version: 1,
          previousPlanId: null,
          adlTotal: 8,
          adlGroup: 'homebound',
          problems: [{ key: 'p1', text: 'เสี่ยงหกล้ม' }],
          goals: [{ problemKey: 'p1', text: 'ไม่หกล้ม', targetDate: addMonths(start, 3) }],
          activities: [{ code: 'bathing', timesPerWeek: 1, minutes: 30, performer: 'caregiver', assigneeId: cg, note: '' }],
          primaryCaregiverId: cg,
          backupCaregiverId: null,
          startDate: start,
          reviewDate: addMonths(start, 6),
          status: 'approved',
          submittedBy: null,
          submittedAt: null,
          approvedBy: cm.id,
          approvedAt: bangkokInstant(start, '10:00'),
          subCommittee: { date: addDays(start, 10), ref: 'LTC 7/2569' },
          closedReason: '',
        },
      },
      { type: 'visit', fields: visit(residentId, cg, VISIT_DAY) },
    ]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('exports Excel through the server, marks the report submitted, and lists a late visit while the submission exports as submitted', async () => {
    const context = await newIsolatedContext(browser);
    const app = await openApp(context, server.url);
    const page: Page = app.page;
    const sync = await (await SignInPage.open(page)).signIn('cm', E2E_PASSWORD);
    await sync.syncUntil('the resident and the visit', async () => (await rawGetAll(page, APP_DB, 'visits')).length, (n) => n === 1);

    const reports = await ReportsPage.open(page);
    await reports.pickFiscalYear(FY);
    await reports.waitForPeriod(fiscalYearRange(FY).start, fiscalYearRange(FY).end);
    const row = page.getByTestId('service-row');
    await row.first().waitFor();
    expect(await row.count()).toBe(1);

    const [excel] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').first().click()]);
    expect(visitsInServiceList(await workbookOf(excel))).toBe(1);

    await page.getByTestId('report-mark-submitted').click();
    await page.getByTestId('report-submitted-item').first().waitFor();

    // Another device records a late visit in the submitted month.
    await pushAs(server.url, 'cg', [{ type: 'visit', fields: visit(residentId, cg, addDays(VISIT_DAY, -2)) }]);
    await page.evaluate(() => (window.location.hash = '#/'));
    await sync.syncUntil('the late visit', async () => (await rawGetAll(page, APP_DB, 'visits')).length, (n) => n === 2);
    const again = await ReportsPage.open(page);
    await again.pickFiscalYear(FY);
    await again.waitForPeriod(fiscalYearRange(FY).start, fiscalYearRange(FY).end);
    await until('two visits on the page', () => page.getByTestId('service-row').first().innerText(), (t) => /\b2\b/.test(t));

    await page.getByTestId('report-submitted-open').first().click();
    const late = page.getByTestId('report-late-item');
    await late.first().waitFor();
    expect(await late.count()).toBe(1);
    expect(await late.first().getAttribute('data-kind')).toBe('added');
    expect(await late.first().innerText()).toContain('บุญมี');

    const opened = page.getByTestId('report-submitted-opened');
    const [resent] = await Promise.all([page.waitForEvent('download'), opened.getByTestId('export-xlsx').click()]);
    expect(resent.suggestedFilename()).toContain('ฉบับที่ส่ง');
    expect(visitsInServiceList(await workbookOf(resent))).toBe(1);
    await context.close();
  });
});
