/**
 * Who is signed in, and signing out: the header's account menu names the user, her role and the server;
 * Settings has a Server section; signing out (or switching user) with a change still unsent asks first, and
 * confirming keeps the change on the device. A caregiver on a real server, in Thai.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildResidentForm } from '../../shared/demo/builders';
import { openApp } from './support/app';
import { launchChromium, newIsolatedContext } from './support/chromium';
import { NetworkSwitch } from './support/network';
import { startE2eServer, E2E_PASSWORD, type E2eServer } from './support/server';
import { until } from './support/wait';
import { translator } from './pages/AppShell';
import { addResidentThroughForm } from './pages/flows';
import { outboxRows, SignInPage } from './pages/SyncPage';

const t = translator('th');

describe('account menu and signing out', () => {
  let server: E2eServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startE2eServer();
    await server.makeUser('cga', 'caregiver', ['c-07']);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('names who is signed in, and warns before signing out with an unsent change, which stays', async () => {
    const context = await newIsolatedContext(browser);
    const app = await openApp(context, server.url);
    const page = app.page;
    const network = new NetworkSwitch(context, page, app.errors);
    const signIn = await SignInPage.open(page);
    // The device is named by what it runs and where (editable), not one name for every device.
    expect(await page.getByTestId('sign-in-device').inputValue()).toBe('Chrome บน Linux');
    await page.getByTestId('sign-in-device').fill('โน้ตบุ๊กของ CGA');
    await signIn.signIn('cga', E2E_PASSWORD);
    const devices = await server.db.query<{ name: string }>("SELECT d.name FROM devices d JOIN users u ON u.id = d.user_id WHERE u.username = 'cga'");
    expect(devices.rows.map((r) => r.name)).toEqual(['โน้ตบุ๊กของ CGA']);

    // The header names her; the menu says her role and the server.
    const menu = page.getByTestId('account-menu');
    await menu.waitFor();
    expect(await menu.innerText()).toBe('CGA');
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    expect(await page.getByTestId('account-role').innerText()).toBe(t('sync.role.caregiver'));
    expect(await page.getByTestId('account-server').innerText()).toBe(server.url.replace(/\/$/, ''));
    await page.keyboard.press('Escape');
    await page.getByTestId('account-panel').waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('account-menu');

    // Her register's community filter offers only her community (and "all"), and so does the resident form.
    await page.evaluate(() => {
      window.location.hash = '#/';
    });
    await page.getByTestId('filter-community').waitFor();
    const options = () => page.getByTestId('filter-community').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    // The communities are read with the full register, a moment after the first rows.
    expect(await until('the community filter filled', options, (o) => o.length > 1)).toEqual(['', 'c-07']);
    await page.evaluate(() => {
      window.location.hash = '#/residents/new';
    });
    const formCommunities = page.locator('select[id$="communityId"]');
    await formCommunities.waitFor();
    const formOptions = async () => (await formCommunities.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).filter((v) => v !== '');
    expect(await until('the form offering communities', formOptions, (o) => o.length > 0)).toEqual(['c-07']);

    // Settings has a Server section.
    await page.evaluate(() => {
      window.location.hash = '#/settings';
    });
    await page.getByTestId('settings-server').waitFor();
    expect(await page.getByTestId('settings-server-user').innerText()).toBe(`CGA (${t('sync.role.caregiver')})`);
    expect(await page.getByTestId('settings-server-url').innerText()).toBe(server.url.replace(/\/$/, ''));

    // Offline, a new resident waits in the outbox.
    await network.offline();
    await page.getByTestId('online-status').filter({ hasText: t('status.offline') }).waitFor();
    // The header says "offline" once, and "sync now" (which could only fail) is disabled.
    await page.getByTestId('sync-status').filter({ hasText: t('sync.status.offline') }).waitFor();
    const header = await page.locator('header').innerText();
    expect(header.split('ออฟไลน์').length - 1).toBe(1);
    expect(await page.getByTestId('sync-now').isDisabled()).toBe(true);
    await addResidentThroughForm(page, buildResidentForm({ communityId: 'c-07', nickname: 'แดง' }));
    expect((await outboxRows(page)).length).toBe(1);

    // Signing out asks first and says the change stays; cancelling keeps her signed in.
    await menu.click();
    await page.getByTestId('sign-out').click();
    const confirm = page.getByTestId('signOut-confirm');
    await confirm.waitFor();
    expect(await confirm.innerText()).toContain(t('account.unsentWarning', { n: 1 }));
    await page.getByTestId('signOut-confirm-no').click();
    await confirm.waitFor({ state: 'detached' });
    expect(await menu.isVisible()).toBe(true);

    // Removing her data from this computer with the sign-out is refused while a change is unsent, saying how many.
    await page.getByTestId('sign-out-forget').check();
    expect(await page.getByTestId('sign-out-forget-refused').innerText()).toBe(t('lock.forget.unsent', { n: 1 }));
    expect(await page.getByTestId('sign-out').isDisabled()).toBe(true);
    await page.getByTestId('sign-out-forget').uncheck();

    // Confirmed: signed out, the sign-in form shown, the change still on the device.
    await page.getByTestId('sign-out').click();
    await page.getByTestId('signOut-confirm-yes').click();
    await page.getByTestId('sign-in-form').waitFor();
    // Signed out, the app shows only the sign-in screen: no navigation, no account menu.
    await page.locator('[data-gate="signIn"]').waitFor();
    expect(await menu.count()).toBe(0);
    expect(await page.locator('header nav').count()).toBe(0);
    expect((await outboxRows(page)).length).toBe(1);
    await context.close();
  });
});
