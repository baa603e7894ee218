/**
 * Thai layout on the office PCs' screens: 1366×768, 1280×720, and 1366×768 at 125 % zoom (a viewport of
 * 1366/1.25 × 768/1.25 CSS px: Playwright's deviceScaleFactor does not zoom the layout).
 *
 * - Thai has no spaces between words, so a browser may break a line inside a word ("ตั้ง/ค่า"). Short labels
 *   must stay on one line: the header's nav links and buttons, and the admin tables' header cells and
 *   action buttons (renderer/styles.css, renderer/features/admin/admin.css).
 * - The register fits the viewport: no page-level scrollbar, the list scrolls inside its own container,
 *   and the header stays in view after a search.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openApp } from './support/app';
import { launchChromium, newIsolatedContext } from './support/chromium';
import { createUser, type Role } from '../../server/users';
import { SEED_COMMUNITIES } from '../../shared/reference/communities';
import { NetworkSwitch } from './support/network';
import { E2E_PASSWORD, startE2eServer, type E2eServer } from './support/server';
import { useBrowser } from './support/session';
import { AdminPage } from './pages/AdminPage';
import { translator } from './pages/AppShell';
import { RegisterPage } from './pages/RegisterPage';
import { SignInPage } from './pages/SyncPage';

const SCREENS = [
  { name: '1366×768', width: 1366, height: 768 },
  { name: '1280×720', width: 1280, height: 720 },
  { name: '1366×768 at 125 %', width: Math.round(1366 / 1.25), height: Math.round(768 / 1.25) },
] as const;

/**
 * The labels among `selector`'s matches whose text lies on more than one line: a Range over each element's
 * contents gives one box per line fragment. Thai fonts' boxes are taller than the line height (tall vowel and
 * tone marks), so boxes of consecutive lines overlap: a box starts a new line when its top lies more than
 * half a line height below the current line's top.
 */
async function brokenLabels(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const broken: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(sel)) {
      const text = (el.textContent ?? '').trim();
      if (!text || el.getClientRects().length === 0) continue;
      const style = getComputedStyle(el);
      const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2;
      const range = document.createRange();
      range.selectNodeContents(el);
      const tops = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0).map((r) => r.top).sort((a, b) => a - b);
      let lines = 0;
      let lineTop = -Infinity;
      for (const top of tops) {
        if (top > lineTop + lineHeight / 2) {
          lines++;
          lineTop = top;
        }
      }
      if (lines > 1) broken.push(`${text} (${lines} lines)`);
    }
    return broken;
  }, selector);
}

/** The sync status is left out: it can be a sentence, which wraps (between words). */
const HEADER_LABELS = 'header.app-header nav a, header.app-header button, header.app-header .status:not(.sync-status)';
const ADMIN_LABELS = ['th', '.admin-label', 'td button'].map((s) => `[data-testid="admin-page"] table.data ${s}`).join(', ') + ', [data-testid="admin-page"] .admin-toolbar button';

describe('Thai labels stay on one line (real server)', () => {
  let server: E2eServer;
  let browser: Browser;

  // Real-sized content: Thai display names, caregivers of several communities, laptops with long names.
  beforeAll(async () => {
    server = await startE2eServer();
    const user = (username: string, displayName: string, role: Role, communities: string[] = []) =>
      createUser(server.db, { username, password: E2E_PASSWORD, displayName, role, communities });
    await user('cm', 'สมศรี ใจดีมีสุขสวัสดิ์', 'care_manager');
    await user('admin', 'ผู้ดูแลระบบเทศบาลนครรังสิต', 'admin');
    const communities = SEED_COMMUNITIES.map((c) => c.id);
    const names = ['มาลัย ทองประเสริฐ', 'บุญเรือน ศรีสวัสดิ์', 'ประภาพร แก้วมณีวงศ์', 'สุนทรี วงศ์สวัสดิ์ศักดิ์'];
    for (const [i, displayName] of names.entries()) {
      await user(`cg${i + 1}`, displayName, 'caregiver', communities.slice(0, 2 + i));
      // Each caregiver's laptop, enrolled as the app does, so the devices table has rows to revoke.
      const res = await fetch(`${server.url}/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: `cg${i + 1}`, password: E2E_PASSWORD, deviceName: `โน้ตบุ๊กทีมเยี่ยมบ้าน ชุดที่ ${i + 1}` }),
      });
      if (!res.ok) throw new Error(`login cg${i + 1}: ${res.status}`);
    }
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('header nav links and buttons (care manager), admin table headers and action buttons (admin)', async () => {
    const found: string[] = [];
    for (const user of ['cm', 'admin'] as const) {
      const context = await newIsolatedContext(browser);
      const { page, errors } = await openApp(context, server.url);
      await (await SignInPage.open(page)).signIn(user, E2E_PASSWORD);
      if (user === 'admin') await (await AdminPage.open(page)).waitLoaded();
      else await RegisterPage.open(page);
      const network = new NetworkSwitch(context, page, errors);
      // Online, then offline (the header's status says more): the header must hold both.
      for (const state of ['online', 'offline'] as const) {
        if (state === 'offline') {
          if (user === 'admin') continue; // the admin page needs the server
          await network.offline();
          await page.getByTestId('online-status').filter({ hasText: translator('th')('status.offline') }).waitFor();
        }
        for (const screen of SCREENS) {
          await page.setViewportSize({ width: screen.width, height: screen.height });
          await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
          for (const label of await brokenLabels(page, HEADER_LABELS)) found.push(`${user} ${state}, ${screen.name}, header: ${label}`);
          if (user === 'admin') for (const label of await brokenLabels(page, ADMIN_LABELS)) found.push(`${user}, ${screen.name}, admin: ${label}`);
        }
      }
      await context.close();
    }
    expect(found).toEqual([]);
  });
});

describe('the register fits the viewport (Thai)', () => {
  const app = useBrowser();

  it('has no page-level scrollbar with 200 residents, and keeps the header in view after a search', async () => {
    const { page, errors } = await app.open();
    const register = await RegisterPage.open(page);
    await register.loadDemoButton.click();
    await register.waitForCount({ total: 200 }, 60_000);
    await register.waitReady();
    for (const screen of SCREENS) {
      await page.setViewportSize({ width: screen.width, height: screen.height });
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
      const fit = await page.evaluate(() => ({ scrollHeight: document.documentElement.scrollHeight, innerHeight }));
      expect(fit.scrollHeight, `${screen.name}: page height`).toBeLessThanOrEqual(fit.innerHeight);
      // The list scrolls inside its own container.
      const list = await register.list.evaluate((el) => ({ scrollHeight: el.scrollHeight, clientHeight: el.clientHeight }));
      expect(list.scrollHeight, `${screen.name}: the list scrolls inside`).toBeGreaterThan(list.clientHeight);

      await register.searchFor('ส');
      await page.waitForSelector('[data-testid="register-list"][data-query="ส"]');
      await register.search.press('End');
      const after = await page.evaluate(() => {
        const header = document.querySelector('header.app-header')?.getBoundingClientRect();
        return { scrollY, scrollHeight: document.documentElement.scrollHeight, innerHeight, headerTop: header?.top ?? NaN, headerBottom: header?.bottom ?? NaN };
      });
      expect(after.scrollHeight, `${screen.name}: page height after a search`).toBeLessThanOrEqual(after.innerHeight);
      expect(after.scrollY, `${screen.name}: page scrolled after a search`).toBe(0);
      expect(after.headerTop, `${screen.name}: header top after a search`).toBeGreaterThanOrEqual(0);
      expect(after.headerBottom, `${screen.name}: header bottom after a search`).toBeGreaterThan(0);
      await register.clearSearch();
    }
    expect(errors).toEqual([]);
  });
});
