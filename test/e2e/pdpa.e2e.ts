/**
 * A person's rights end to end against a real server (Chromium, real IndexedDB, real HTTP): a care manager
 * exports a resident's data as a JSON file from the profile and records an erasure request; an administrator
 * approves it on the Settings page; the care manager's device, at its next sync, holds nothing of the person.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildResidentProfile } from '../../shared/demo/builders';
import { openApp } from './support/app';
import { launchChromium, newIsolatedContext } from './support/chromium';
import { rawGetAll } from './support/idb';
import { pushAs } from './support/seed';
import { startE2eServer, E2E_PASSWORD, type E2eServer } from './support/server';
import { until } from './support/wait';
import { translator } from './pages/AppShell';
import { APP_DB, SignInPage } from './pages/SyncPage';

const t = translator('th');

describe('export and erasure of one person (real server, Chromium)', () => {
  let server: E2eServer;
  let browser: Browser;
  let residentId = '';
  let keptId = '';

  beforeAll(async () => {
    server = await startE2eServer();
    await server.makeUser('cm', 'care_manager');
    await server.makeUser('officer', 'admin');
    browser = await launchChromium();
    const resident = (firstName: string) => ({ type: 'resident', fields: { ...buildResidentProfile({ communityId: 'c-01', firstName }), gps: null, status: 'active', statusDate: null, statusReason: '', latestAdl: null } });
    [residentId = '', keptId = ''] = await pushAs(server.url, 'cm', [resident('ขอลบข้อมูล'), resident('ยังอยู่')]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('exports JSON, records a request, and after an administrator approves it the device holds nothing of the person', async () => {
    const cmContext = await newIsolatedContext(browser, { acceptDownloads: true });
    const { page } = await openApp(cmContext, server.url);
    const sync = await (await SignInPage.open(page)).signIn('cm', E2E_PASSWORD);
    await sync.syncUntil('both residents', async () => (await rawGetAll(page, APP_DB, 'residents')).length, (n) => n === 2);

    await page.evaluate((id) => (window.location.hash = `#/residents/${id}`), residentId);
    const rights = page.getByTestId('rights-panel');
    await rights.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), rights.getByTestId('export-json').click()]);
    const exported = JSON.parse(await readFile(await download.path(), 'utf8')) as { residentId: string; records: { id: string }[] };
    expect(exported.residentId).toBe(residentId);
    expect(exported.records.map((r) => r.id)).toEqual([residentId]);

    // The printed summary (the report print path): in Thai, with the person's name, hidden on screen.
    await rights.getByTestId('export-pdf').click();
    const printed = page.getByTestId('report-print');
    await printed.waitFor({ state: 'attached' });
    expect(await printed.locator('h1').first().textContent()).toContain('สำเนาข้อมูลส่วนบุคคลของ');
    expect(await printed.locator('h1').first().textContent()).toContain('ขอลบข้อมูล');
    expect(await printed.isVisible()).toBe(false);

    await rights.getByTestId('erasure-request').click();
    await page.getByTestId('erasure-by').fill('บุตรชาย (ผู้แทน)');
    await page.getByTestId('erasure-reason').fill('ย้ายไปต่างประเทศ ขอลบข้อมูล');
    await page.getByTestId('erasure-save').click();
    expect(await page.getByTestId('rights-message').innerText()).toBe(t('pdpa.erasure.recorded'));

    const officerContext = await newIsolatedContext(browser);
    const officer = (await openApp(officerContext, server.url)).page;
    await (await SignInPage.open(officer)).signIn('officer', E2E_PASSWORD);
    await officer.evaluate(() => (window.location.hash = '#/settings'));
    const pending = officer.getByTestId('erasure-pending').locator('li');
    await pending.first().waitFor();
    expect(await pending.count()).toBe(1);
    officer.once('dialog', (d) => void d.accept());
    await pending.first().getByTestId('erasure-approve').click();
    await officer.getByTestId('erasure-admin').getByText(t('pdpa.admin.none')).waitFor();
    // The retention job has not run (the server's first check comes an hour after it starts); run it now.
    const lastRun = officer.getByTestId('retention-last-run');
    expect(await lastRun.innerText()).toBe(t('pdpa.retention.neverRun'));
    await officer.getByTestId('retention-run').click();
    const shown = await until('the last run shown', () => lastRun.innerText(), (text) => text !== t('pdpa.retention.neverRun'));
    expect(shown).toMatch(/ครั้งล่าสุด .+ \(ลบ 0 คน\)$/);

    await page.evaluate(() => (window.location.hash = '#/'));
    await sync.syncUntil('the person erased', async () => (await rawGetAll(page, APP_DB, 'residents')).length, (n) => n === 1);
    const left = (await rawGetAll(page, APP_DB, 'residents')) as { id: string }[];
    expect(left.map((r) => r.id)).toEqual([keptId]);
    for (const store of ['registerRows', 'residentDigests', 'outbox']) expect(JSON.stringify(await rawGetAll(page, APP_DB, store))).not.toContain(residentId);
    await officerContext.close();
    await cmContext.close();
  });
});
