/**
 * The wrong-PIN block in Chromium against a real server (docs/security.md §3), the waits skipped with the
 * page's clock (Playwright's clock API) rather than by seeding the count, so every try goes through the
 * unlock screen and the lock's real rule: four wrong PINs cost nothing, the 5th makes the next try wait (the
 * right PIN too), each further one doubles the wait, and after the 10th no PIN is asked at all, not even
 * after a reload: only an online sign-in with the password opens the app, and the unsent change made
 * before the lock is still in the outbox and then reaches the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildResidentForm } from '../../shared/demo/builders';
import { BLOCK_AFTER, delayAfter, FREE_ATTEMPTS } from '../../shared/lock/policy';
import { DEVICE_LOCK_KEY } from '../../renderer/lock/device';
import { openApp } from './support/app';
import { launchChromium, newIsolatedContext } from './support/chromium';
import { startE2eServer, E2E_PASSWORD, type E2eServer } from './support/server';
import { until } from './support/wait';
import { translator } from './pages/AppShell';
import { addResidentThroughForm } from './pages/flows';
import { E2E_PIN, outboxRows, SignInPage, SyncBar } from './pages/SyncPage';

const t = translator('th');
const MARKER = 'บล็อกทดสอบ';
const WRONG_PIN = '908172';

/** The wrong-PIN count the device keeps for its users (localStorage, renderer/lock/device.ts). */
async function failures(page: Page): Promise<number[]> {
  return page.evaluate((key) => {
    const device = JSON.parse(localStorage.getItem(key) ?? '{"users":{}}') as { users: Record<string, { failures: number }> };
    return Object.values(device.users).map((u) => u.failures);
  }, DEVICE_LOCK_KEY);
}

describe('wrong-PIN block (Chromium, real server, page clock)', () => {
  let server: E2eServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startE2eServer();
    await server.makeUser('cgblock', 'caregiver', ['c-08']);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('waits from the 5th wrong PIN, blocks after the 10th even for the right PIN, and an online sign-in opens with the outbox kept', async () => {
    const context = await newIsolatedContext(browser);
    await context.clock.install();
    const { page, errors } = await openApp(context, server.url);
    await (await SignInPage.open(page)).signIn('cgblock', E2E_PASSWORD);

    // An unsent change: pushes fail from here on, so the new resident stays in the outbox.
    let pushes = false;
    await context.route(/\/sync\/push$/, (route) => (pushes ? route.continue() : route.abort('internetdisconnected')));
    const profile = await addResidentThroughForm(page, buildResidentForm({ communityId: 'c-08', firstName: MARKER }));
    const id = await profile.residentId();
    const unsent = await outboxRows(page);
    expect(unsent.map((r) => r.recordId)).toContain(id);

    await page.getByTestId('lock-now').click();
    await page.getByTestId('lock-screen').waitFor();
    const message = page.getByTestId('lock-unlock-message');
    let shown = '';
    /** One try; waits until the screen's message changes from the last one and returns it. */
    const attempt = async (pin: string): Promise<string> => {
      await page.getByTestId('lock-unlock-secret').fill(pin);
      await page.getByTestId('lock-unlock-submit').click();
      shown = await until('the unlock message to change', () => message.innerText(), (text) => text !== shown, { timeoutMs: 30_000 });
      return shown;
    };

    for (let n = 1; n <= FREE_ATTEMPTS; n += 1) expect(await attempt(WRONG_PIN)).toBe(t('lock.unlock.wrong', { n }));
    // The 5th wrong PIN: the next try waits 30 s, and during the wait even the right PIN is not checked.
    expect(await attempt(WRONG_PIN)).toBe(t('lock.unlock.wait', { seconds: delayAfter(5) / 1000 }));
    await page.clock.fastForward(10_000);
    expect(await attempt(E2E_PIN)).toMatch(/\d+/);
    expect(await message.getAttribute('data-kind')).toBe('wait');
    expect(await page.getByTestId('lock-screen').isVisible()).toBe(true);
    expect(await failures(page)).toEqual([5]);

    // Each later wrong PIN, tried once the wait is over, doubles the wait.
    for (let n = 6; n < BLOCK_AFTER; n += 1) {
      await page.clock.fastForward(delayAfter(n - 1) + 1000);
      expect(await attempt(WRONG_PIN)).toBe(t('lock.unlock.wait', { seconds: delayAfter(n) / 1000 }));
    }
    expect(await failures(page)).toEqual([BLOCK_AFTER - 1]);

    // The 10th: blocked. No PIN is asked any more, not after the longest wait nor after a reload.
    await page.clock.fastForward(delayAfter(BLOCK_AFTER - 1) + 1000);
    await page.getByTestId('lock-unlock-secret').fill(WRONG_PIN);
    await page.getByTestId('lock-unlock-submit').click();
    await page.getByTestId('lock-blocked').waitFor();
    expect(await page.getByTestId('lock-blocked').innerText()).toBe(t('lock.blocked'));
    expect(await failures(page)).toEqual([BLOCK_AFTER]);
    // Back to the real time (the server's), which is a clock moved backwards for the page: no wait is lifted.
    await page.clock.setSystemTime(Date.now());
    await page.reload();
    await page.getByTestId('lock-blocked').waitFor();
    expect(await page.getByTestId('lock-unlock-secret').count()).toBe(0);
    expect(await page.locator('body').innerText()).not.toContain(MARKER);

    // The online sign-in with the password opens the app; the unsent change is still there.
    const signIn = new SignInPage(page);
    await signIn.fill('cgblock', E2E_PASSWORD);
    await signIn.submit.click();
    // It opens on the page that was open when the app locked: the resident's, with the change still unsent.
    await page.getByTestId('lock-blocked').waitFor({ state: 'detached' });
    await page.getByText(MARKER).first().waitFor();
    expect(await failures(page)).toEqual([0]);
    expect((await outboxRows(page)).map((r) => [r.mid, r.recordId, r.hlc])).toEqual(unsent.map((r) => [r.mid, r.recordId, r.hlc]));

    // And it reaches the server once pushes go through again.
    pushes = true;
    await new SyncBar(page).syncNow({ timeoutMs: 60_000 });
    expect(await outboxRows(page)).toEqual([]);
    const stored = (await server.db.query<{ first: string }>("SELECT data ->> 'firstName' AS first FROM records WHERE type = 'resident' AND id = $1", [id])).rows;
    expect(stored).toEqual([{ first: MARKER }]);
    // Expected noise: the refused pushes, and a session renewal refused while the page's clock ran 16 minutes
    // ahead of the server's (its proof's time is in the server's future: 401 proof_stale, nothing revoked).
    const expected = (e: string) => e.includes('ERR_INTERNET_DISCONNECTED') || (e.includes('401') && e.includes('/auth/refresh'));
    expect(errors.filter((e) => !expected(e))).toEqual([]);
    await context.close();
  });
});
