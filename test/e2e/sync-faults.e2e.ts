/**
 * Faults a user meets with a real server: a device revoked by the admin
 * while it holds an unsent change says so in Thai and keeps the change (outbox and register), also after
 * a reload; a wrong password is named in Thai and the typed username stays.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { revokeDevice } from '../../server/users';
import { buildResidentForm } from '../../shared/demo/builders';
import { openApp } from './support/app';
import { launchChromium, newIsolatedContext } from './support/chromium';
import { startE2eServer, E2E_PASSWORD, type E2eServer } from './support/server';
import { NetworkSwitch } from './support/network';
import { until } from './support/wait';
import { translator } from './pages/AppShell';
import { addResidentThroughForm } from './pages/flows';
import { RegisterPage } from './pages/RegisterPage';
import { outboxRows, passLock, SignInPage, signedInDeviceId, SyncBar, unlock } from './pages/SyncPage';

const t = translator('th');

/**
 * Chromium logs every non-2xx response as a console error ("Failed to load resource: the server responded
 * with a status of 401 (Unauthorized)"), and page code cannot suppress it. These tests provoke exactly such
 * refusals, so only those lines, for the named endpoints, are allowed; anything else fails the test.
 */
const REFUSED = /^console: Failed to load resource: the server responded with a status of 401 \(Unauthorized\) \(http:\/\/127\.0\.0\.1:\d+(\/[^?)]*)(?:\?[^)]*)?\)$/;

function withoutRefusals(errors: string[], paths: readonly string[]): string[] {
  return errors.filter((e) => {
    const m = REFUSED.exec(e);
    return !(m && paths.includes(m[1] ?? ''));
  });
}

describe('sync faults (Chromium, real server)', () => {
  let server: E2eServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startE2eServer();
    await server.makeUser('cg', 'caregiver', ['c-06']);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a revoked device says so in Thai and keeps its unsent change, in the outbox and in the register', async () => {
    const context = await newIsolatedContext(browser);
    const { page, errors } = await openApp(context, server.url);
    await (await SignInPage.open(page)).signIn('cg', E2E_PASSWORD);

    // Offline, a new resident: an unsent change.
    const network = new NetworkSwitch(context, page, errors);
    await network.offline();
    await page.getByTestId('online-status').filter({ hasText: t('status.offline') }).waitFor();
    const profile = await addResidentThroughForm(page, buildResidentForm({ communityId: 'c-06' }));
    const id = await profile.residentId();
    const queued = await outboxRows(page);
    expect(queued.map((e) => [e.op, e.recordId])).toEqual([['create', id]]);

    // The administrator revokes this laptop meanwhile; it comes back online and tries to send.
    const revoked = await revokeDevice(server.db, await signedInDeviceId(page), Date.now());
    expect(revoked?.revokedAt).toBeTruthy();
    await network.online();

    const bar = new SyncBar(page);
    await bar.waitForState('device_revoked');
    const message = 'ผู้ดูแลระบบได้เพิกถอนเครื่องนี้แล้ว การเปลี่ยนแปลงที่ยังไม่ได้ส่งยังเก็บอยู่ในเครื่องนี้ กรุณาเข้าสู่ระบบใหม่';
    expect(t('sync.problem.device_revoked')).toBe(message);
    const status = await bar.text();
    expect(status).toContain(message);
    expect(status).toContain('รอส่ง 1 รายการ');
    expect(await bar.status.getByRole('alert').innerText()).toContain(message); // announced, not just shown
    expect(await bar.status.getByRole('link', { name: t('sync.signIn.submit') }).count()).toBe(1);

    // Nothing was deleted: the change waits in the outbox, unchanged, and the resident is in the register.
    expect(await outboxRows(page)).toEqual(queued);
    await (await RegisterPage.open(page)).waitForRow(id);

    // Also after a reload: the problem is remembered, nothing is sent or dropped.
    await page.reload();
    await page.getByTestId('app-ready').waitFor({ state: 'attached' });
    // The app opens locked (docs/security.md §3); the sync line shows the problem there too.
    await bar.waitForState('device_revoked');
    await unlock(page);
    expect(await bar.text()).toContain(message);
    const register = new RegisterPage(page);
    await register.waitReady();
    await register.waitForRow(id);
    expect(await outboxRows(page)).toEqual(queued);

    expect(withoutRefusals(network.unexpectedErrors(), ['/sync/push', '/sync/pull', '/sync/events', '/auth/refresh'])).toEqual([]);
  });

  it('a wrong password is named in Thai and the typed username stays', async () => {
    const context = await newIsolatedContext(browser);
    const { page, errors } = await openApp(context, server.url);
    // Served by the server itself, the app starts on signing in, and offers no local demo data.
    await page.getByTestId('sign-in-form').waitFor();
    expect(await page.getByTestId('demo-offer').count()).toBe(0);
    expect(await page.getByTestId('sync-status').innerText()).toBe(t('sync.status.notSignedIn'));
    const signIn = await SignInPage.open(page);

    const error = await signIn.signInExpectingError('cg', 'not-the-password');
    expect(error).toEqual({ code: 'invalid_credentials', text: 'ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง' });
    expect(await signIn.error.getAttribute('role')).toBe('alert');
    expect(await signIn.username.inputValue()).toBe('cg');
    expect(await signIn.password.inputValue()).toBe(''); // a wrong password is not left on screen
    expect(await signIn.signedIn.count()).toBe(0);
    expect(await new SyncBar(page).state()).toBe('local');

    // The right password then works from the same form.
    await signIn.password.fill(E2E_PASSWORD);
    await signIn.submit.click();
    await passLock(page, signIn.signedIn);
    await signIn.signedIn.waitFor();
    await until('the error line gone', () => signIn.error.count(), (n) => n === 0);

    expect(withoutRefusals(errors, ['/auth/login'])).toEqual([]);
  });
});
