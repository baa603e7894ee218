/**
 * The app lock in Chromium against a real server (docs/security.md §3): the first sign-in sets a PIN (a trivial
 * one is refused by name), the app locks on demand and on reload, and then nothing of a resident shows on
 * any route of the router's table; wrong PINs are named, the right one opens; signed out, every route shows
 * only the sign-in screen; a second user on the same browser gets a database of her own, without the first
 * user's residents, and can remove it when signing out. After an administrator resets a password, signing in
 * again keeps the data key through the server's recovery key: no new PIN, the old one opens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildResidentForm } from '../../shared/demo/builders';
import { ROUTE_EXAMPLES, routeHref, type Route } from '../../renderer/app/router';
import { openApp } from './support/app';
import { launchChromium, newIsolatedContext } from './support/chromium';
import { startE2eServer, E2E_PASSWORD, type E2eServer } from './support/server';
import { rawGetAll } from './support/idb';
import { until } from './support/wait';
import { translator } from './pages/AppShell';
import { addResidentThroughForm } from './pages/flows';
import { RegisterPage } from './pages/RegisterPage';
import { APP_DB, E2E_PIN, outboxRows, signedInDeviceId, SignInPage, SyncBar, unlock } from './pages/SyncPage';
import { setPassword } from '../../server/users';

const t = translator('th');
const MARKER = 'ล็อกทดสอบ';

/** Every route of the router's table, with this resident's id where a route names one. */
function everyRoute(residentId: string): string[] {
  return Object.values(ROUTE_EXAMPLES).map((r: Route) => routeHref(r).replaceAll('RESIDENT', encodeURIComponent(residentId)));
}

async function go(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => {
    window.location.hash = h;
  }, hash);
}

/** On every route the gate shows `gate` and the page holds nothing of the resident. */
async function expectGateEverywhere(page: Page, gate: string, residentId: string): Promise<void> {
  for (const hash of everyRoute(residentId)) {
    await go(page, hash);
    await page.locator(`[data-gate="${gate}"]`).waitFor();
    const text = await page.locator('body').innerText();
    expect(text, hash).not.toContain(MARKER);
    expect(await page.locator('header nav').count(), hash).toBe(0);
  }
}

async function databaseNames(page: Page): Promise<string[]> {
  return page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? '').sort());
}

describe('app lock (Chromium, real server)', () => {
  let server: E2eServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startE2eServer();
    await server.makeUser('cga', 'caregiver', ['c-06']);
    await server.makeUser('cgb', 'caregiver', ['c-07']);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('sets a PIN, locks, shows nothing of a resident on any route, names wrong PINs, and keeps users apart', async () => {
    const context = await newIsolatedContext(browser);
    const { page, errors } = await openApp(context, server.url);

    // First sign-in: a PIN is chosen; a trivial one is refused with a message naming the field and the fix.
    const signIn = await SignInPage.open(page);
    await signIn.fill('cga', E2E_PASSWORD);
    await signIn.submit.click();
    await page.getByTestId('lock-set-up').waitFor();
    await page.getByTestId('lock-new-pin').fill('123456');
    await page.getByTestId('lock-new-pin-confirm').fill('123456');
    await page.getByTestId('lock-set-pin').click();
    const pinError = page.getByTestId('lock-pin-error');
    await pinError.waitFor();
    expect(await pinError.getAttribute('data-code')).toBe('pin.trivial');
    expect(await pinError.innerText()).toBe(t('lock.pin.trivial'));
    expect(await page.getByTestId('lock-new-pin').inputValue()).toBe('123456'); // nothing typed is lost
    await page.getByTestId('lock-new-pin').fill(E2E_PIN);
    await page.getByTestId('lock-new-pin-confirm').fill(E2E_PIN);
    await page.getByTestId('lock-set-pin').click();
    await signIn.signedIn.waitFor();
    await new SyncBar(page).waitForFirstSync();

    // A resident, sent to the server.
    const profile = await addResidentThroughForm(page, buildResidentForm({ communityId: 'c-06', firstName: MARKER }));
    const id = await profile.residentId();
    await until('the resident sent', () => outboxRows(page), (rows) => rows.length === 0);

    // Locked: the resident's page and every other route show only the unlock screen.
    await page.getByTestId('lock-now').click();
    await page.getByTestId('lock-screen').waitFor();
    await expectGateEverywhere(page, 'unlock', id);

    // A wrong PIN is named and counted; the right one opens the resident's page.
    await go(page, `#/residents/${id}`);
    await page.getByTestId('lock-unlock-secret').fill('908172');
    await page.getByTestId('lock-unlock-submit').click();
    const message = page.getByTestId('lock-unlock-message');
    await message.waitFor();
    expect(await message.innerText()).toBe(t('lock.unlock.wrong', { n: 1 }));
    await unlock(page);
    await page.getByText(MARKER).first().waitFor();

    // A reload opens locked.
    await page.reload();
    await page.locator('[data-gate="unlock"]').waitFor();
    expect(await page.locator('body').innerText()).not.toContain(MARKER);
    await unlock(page);
    await page.getByText(MARKER).first().waitFor();

    // Signed out: every route shows only the sign-in screen.
    await page.getByTestId('account-menu').click();
    await page.getByTestId('sign-out').click();
    await page.locator('[data-gate="signIn"]').waitFor();
    await expectGateEverywhere(page, 'signIn', id);

    // A second user on this browser: her own database, without the first user's resident.
    await (await SignInPage.open(page)).signIn('cgb', E2E_PASSWORD);
    const register = await RegisterPage.open(page);
    await register.waitReady();
    expect(await page.locator('body').innerText()).not.toContain(MARKER);
    const names = await databaseNames(page);
    const own = names.find((n) => n.startsWith('carerounds-u-'));
    expect(own).toBeDefined();
    expect(names).toContain(APP_DB); // the first user's, kept
    const theirs = (await rawGetAll(page, own ?? '', 'residents')) as { id: string }[];
    expect(theirs.map((r) => r.id)).not.toContain(id);
    expect(((await rawGetAll(page, APP_DB, 'residents')) as { id: string }[]).map((r) => r.id)).toContain(id);

    // Signing out, she removes her data from this shared computer (nothing unsent).
    await page.getByTestId('account-menu').click();
    await page.getByTestId('sign-out-forget').check();
    await page.getByTestId('sign-out').click();
    await page.locator('[data-gate="signIn"]').waitFor();
    await until('her database removed', () => databaseNames(page), (n) => !n.includes(own ?? ''));
    expect(await databaseNames(page)).toContain(APP_DB);

    expect(errors).toEqual([]);
    await context.close();
  });

  it('after an administrator resets the password, signing in again in this browser keeps the data key: the old PIN opens', async () => {
    const user = await server.makeUser('cgr', 'caregiver', ['c-06']);
    const context = await newIsolatedContext(browser);
    const { page } = await openApp(context, server.url);
    await (await SignInPage.open(page)).signIn('cgr', E2E_PASSWORD);
    const before = await lockEntry(page, user.id);
    expect(before.recoveryWrap).toMatchObject({ kind: 'aes-kw', deviceId: await signedInDeviceId(page) });
    expect(JSON.stringify(before)).not.toContain(E2E_PIN);

    await setPassword(server.db, user.id, 'e2e-password-reset-2', Date.now());
    await page.getByTestId('sync-now').click();
    await page.locator('[data-testid="sync-status"][data-state="signed_out"]').waitFor();
    const signIn = await SignInPage.open(page);
    await signIn.fill('cgr', 'e2e-password-reset-2');
    await signIn.submit.click();
    // The same key: the PIN wrap made before the reset is kept (a new key would have dropped it and asked for a
    // new PIN). The signed-in card can show before the lock has re-wrapped the key: wait for the new password wrap.
    const same = JSON.stringify;
    const after = await until('the key re-wrapped under the new password', () => lockEntry(page, user.id), (e) => same(e.passwordWrap) !== same(before.passwordWrap));
    expect(after.pinWrap).toEqual(before.pinWrap);
    expect(after.unlockWith).toBe('pin');
    await signIn.signedIn.waitFor();
    expect(await page.getByTestId('lock-set-up').count()).toBe(0);
    await page.reload();
    await page.locator('[data-gate="unlock"]').waitFor();
    await unlock(page);
    await context.close();
  });
});

/** The app lock's entry for `userId` in the device's list (localStorage, renderer/lock/device.ts). */
async function lockEntry(page: Page, userId: string): Promise<Record<string, unknown>> {
  const text = await page.evaluate(() => localStorage.getItem('carerounds.device-lock'));
  const entry = (JSON.parse(text ?? '{}') as { users?: Record<string, Record<string, unknown>> }).users?.[userId];
  if (!entry) throw new Error(`no lock entry for ${userId}`);
  return entry;
}
