/**
 * Accessibility: axe-core (test/e2e/support/axe.ts) on every main page of the app, in Thai, in Chromium:
 * the register with residents, the new-resident form, the visit form, the visit page, the profile with that
 * visit on its timeline, the ADL form, care plans (list and editor), alerts and settings on a local-only
 * device (whose user is a care manager), the caregiver's day (empty; with rows in today.e2e.ts), the funding reports with a drill-down; then, against a real server, the sign-in page, the server settings
 * signed in, conflicts, alerts and staff and holidays as a care manager, and the admin page and settings (with the CSV column map) as an administrator. Each page must
 * have no violation of impact serious or critical; a failure lists each rule, its impact and the nodes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildResidentForm } from '../../shared/demo/builders';
import { fiscalYearBE, fiscalYearRange, todayBangkok } from '../../shared/dates/thaiDate';
import { openApp } from './support/app';
import { axeViolations, describeViolations, isSerious } from './support/axe';
import { launchChromium, newIsolatedContext } from './support/chromium';
import { E2E_PASSWORD, startE2eServer, type E2eServer } from './support/server';
import { useBrowser } from './support/session';
import { AdminPage } from './pages/AdminPage';
import { AlertsPage } from './pages/AlertsPage';
import { CarePlansListPage } from './pages/CarePlanPage';
import { ConflictsPage } from './pages/ConflictsPage';
import { RegisterPage } from './pages/RegisterPage';
import { ReportsPage } from './pages/ReportsPage';
import { StaffPage } from './pages/StaffPage';
import { SignInPage } from './pages/SyncPage';
import { TodayPage } from './pages/TodayPage';
import { VisitStartPanel } from './pages/VisitPage';

/**
 * Runs axe on the page as it is now; records its serious and critical violations under `name`.
 * A11Y_REPORT=1 also prints the minor and moderate ones.
 */
function checker(found: string[]) {
  return async (page: Page, name: string): Promise<void> => {
    const all = await axeViolations(page);
    const serious = all.filter(isSerious);
    if (serious.length > 0) found.push(describeViolations(name, serious));
    if (process.env.A11Y_REPORT === '1' && all.length > 0) console.log(describeViolations(name, all));
  };
}

async function go(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => {
    window.location.hash = h;
  }, hash);
}

describe('accessibility (axe-core, Thai, local-only device)', () => {
  const app = useBrowser();

  it('has no serious or critical violation on the register, resident, visit, ADL, care-plan, alerts and settings pages', async () => {
    const { page, errors } = await app.open();
    const found: string[] = [];
    const check = checker(found);

    const register = await RegisterPage.open(page);
    await register.loadDemoButton.click();
    await register.rows.first().waitFor();
    await register.waitReady();
    await check(page, 'register');

    const form = await register.addResident();
    await check(page, 'new resident form');
    await form.fill(buildResidentForm({ nickname: 'บัว' }));
    const profile = await form.saveAndOpenProfile();
    const residentId = await profile.residentId();

    const panel = new VisitStartPanel(page);
    await panel.waitReady();
    const visitForm = await panel.start();
    await visitForm.fill({ duration: '30', vitals: { systolic: '150', diastolic: '95', pulse: '80' }, care: [{ code: 'bathing' }], observations: 'ทานข้าวได้ดี' });
    await visitForm.flag('systolic').waitFor();
    await check(page, 'visit form');
    await visitForm.saveAndOpenVisit();
    await check(page, 'visit page');

    await go(page, `#/residents/${encodeURIComponent(residentId)}`);
    await profile.waitReady(residentId);
    await page.getByTestId('timeline-item').first().waitFor();
    await check(page, 'resident profile (visit, timeline)');

    const adl = await profile.recordAdl();
    await adl.waitReady();
    await check(page, 'ADL form');

    await go(page, `#/residents/${encodeURIComponent(residentId)}/plans`);
    const plans = new CarePlansListPage(page);
    await plans.waitReady();
    await check(page, 'care plans');
    await plans.newPlan();
    await check(page, 'care plan editor');

    await go(page, '#/');
    await register.waitReady();
    await AlertsPage.open(page);
    await check(page, 'alerts (care manager)');

    await go(page, '#/settings');
    await page.getByTestId('settings-server').waitFor();
    await check(page, 'settings');

    // With rows, a missed form and its error: test/e2e/today.e2e.ts.
    await TodayPage.open(page);
    await check(page, 'today (no rounds)');

    // This fiscal year's figures (the demo residents), charts, and the records behind a number.
    const reports = await ReportsPage.open(page);
    const fy = fiscalYearRange(fiscalYearBE(todayBangkok()));
    await reports.pickFiscalYear(fiscalYearBE(todayBangkok()));
    await reports.waitForPeriod(fy.start, fy.end);
    await reports.cell('register', '__total', 'total').click();
    await reports.drill.waitFor();
    await check(page, 'reports (fiscal year, drill-down)');

    expect(found.join('\n'), 'axe violations of impact serious or critical').toBe('');
    expect(errors).toEqual([]);
  });
});

describe('accessibility (axe-core, Thai, real server)', () => {
  let server: E2eServer;
  let caregiverId: string;
  let browser: Browser;

  beforeAll(async () => {
    server = await startE2eServer();
    await server.makeUser('cm', 'care_manager');
    await server.makeUser('admin', 'admin');
    caregiverId = (await server.makeUser('cg', 'caregiver', ['c-01'])).id;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('has no serious or critical violation on the sign-in, server settings, conflicts, alerts, staff and admin pages', async () => {
    const found: string[] = [];
    const check = checker(found);

    const cmContext = await newIsolatedContext(browser);
    const cm = await openApp(cmContext, server.url);
    await cm.page.getByTestId('sign-in-form').waitFor();
    await check(cm.page, 'sign-in (first page)');
    const signIn = await SignInPage.open(cm.page);
    await check(cm.page, 'server settings, signed out');
    await signIn.signIn('cm', E2E_PASSWORD);
    await check(cm.page, 'server settings, signed in');
    await ConflictsPage.open(cm.page);
    await check(cm.page, 'conflicts');
    await AlertsPage.open(cm.page);
    await check(cm.page, 'alerts (signed-in care manager)');
    await go(cm.page, '#/');
    await new RegisterPage(cm.page).waitReady();
    await check(cm.page, 'register (signed in, empty)');
    const staff = await StaffPage.open(cm.page);
    await staff.row(caregiverId).waitFor();
    await staff.showYear(2026);
    await staff.addDefaultsButton.click();
    await staff.holidayRows().first().waitFor();
    await check(cm.page, 'staff and holidays');
    const caregiver = await staff.openCaregiver(caregiverId);
    await caregiver.fill({ start: '16:30', end: '08:00' });
    await caregiver.save();
    await caregiver.errors.waitFor();
    await check(cm.page, 'caregiver availability (with an error)');
    await cmContext.close();

    const adminContext = await newIsolatedContext(browser);
    const admin = await openApp(adminContext, server.url);
    await (await SignInPage.open(admin.page)).signIn('admin', E2E_PASSWORD);
    const adminPage = await AdminPage.open(admin.page);
    await adminPage.waitLoaded();
    await check(admin.page, 'admin');
    await go(admin.page, '#/settings');
    await admin.page.getByTestId('report-columns').waitFor();
    await check(admin.page, 'settings (administrator: CSV columns)');
    await adminContext.close();

    expect(found.join('\n'), 'axe violations of impact serious or critical').toBe('');
  });
});
