/**
 * The admin screen in Thai, in Chromium, against a REAL server (server/app.ts on in-memory PGlite serving the
 * built renderer same-origin): an administrator adds a caregiver for one community (after wrong input that
 * is explained by field and keeps what was typed, and an offline spell), the caregiver signs in on another
 * device and receives only that community's residents, the admin resets her password (her session ends, old fails, new works)
 * and revokes her first device, which then says so in Thai and keeps its data. A non-admin sees no admin
 * link and is refused the page.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { RECORD_SCHEMA_VERSION } from '../../shared/envelope';
import { createHlcClock } from '../../shared/hlc';
import { LoginResponse, PushResponse, type Mutation } from '../../shared/sync/protocol';
import { buildResidentProfile } from '../../shared/demo/builders';
import { openApp, type OpenedApp } from './support/app';
import { launchChromium, newIsolatedContext } from './support/chromium';
import { E2E_PASSWORD, startE2eServer, type E2eServer } from './support/server';
import { until } from './support/wait';
import { translator } from './pages/AppShell';
import { AdminPage, signIn } from './pages/AdminPage';
import { RegisterPage } from './pages/RegisterPage';

const t = translator('th');

/** Console errors the scenario causes on purpose: the refusals it provokes from the server. */
const EXPECTED_REFUSALS = [/status of 400 .*\/admin\/users\)$/, /status of 401 .*\/auth\/(login|refresh)\)$/, /status of 401 .*\/sync\/(push|pull|events)[^)]*\)$/];
function unexpected(errors: readonly string[]): string[] {
  return errors.filter((e) => !(e.startsWith('console: Failed to load resource') && EXPECTED_REFUSALS.some((re) => re.test(e))));
}

/** Residents put on the server by a care manager over the real sync API, as another device would. */
async function seedResidents(base: string, username: string, communities: Record<string, string[]>): Promise<Map<string, string>> {
  const login = LoginResponse.parse(
    await (await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: E2E_PASSWORD, deviceName: 'seeder' }) })).json(),
  );
  const clientId = randomBytes(8).toString('hex');
  const clock = createHlcClock(clientId, Date.now);
  const ids = new Map<string, string>();
  const mutations: Mutation[] = [];
  for (const [communityId, names] of Object.entries(communities)) {
    for (const firstName of names) {
      const id = randomUUID();
      ids.set(firstName, id);
      const fields = { ...buildResidentProfile({ communityId, firstName, nationalId: null, noIdReason: 'ไม่มีบัตรประชาชน' }), status: 'active', statusDate: null, statusReason: '', latestAdl: null };
      mutations.push({ mid: mutations.length + 1, type: 'resident', id, op: 'create', fields: JSON.parse(JSON.stringify(fields)) as Mutation['fields'], hlc: clock.tick(), baseSeq: 0 });
    }
  }
  const res = await fetch(`${base}/sync/push`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${login.accessToken}` },
    body: JSON.stringify({ protocol: 1, schemaVersion: RECORD_SCHEMA_VERSION, clientId, mutations }),
  });
  const body = PushResponse.parse(await res.json());
  const refused = body.results.filter((r) => r.status === 'rejected');
  if (refused.length > 0) throw new Error(`seed refused: ${JSON.stringify(refused)}`);
  return ids;
}

/** The current Buddhist Era year in Bangkok. */
function bangkokYearBE(): number {
  return Number(new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Bangkok', year: 'numeric' }).format(new Date())) + 543;
}

describe('admin screen (Thai, real server)', () => {
  let server: E2eServer;
  let browser: Browser;
  let residents: Map<string, string>;

  beforeAll(async () => {
    server = await startE2eServer();
    await server.makeUser('boss', 'admin');
    await server.makeUser('manager', 'care_manager');
    residents = await seedResidents(server.url, 'manager', { 'c-01': ['บุญมี', 'ประเสริฐ'], 'c-03': ['ทองใบ', 'สายหยุด'] });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function device(): Promise<OpenedApp & { close(): Promise<void>; setOffline(v: boolean): Promise<void> }> {
    const context = await newIsolatedContext(browser);
    const app = await openApp(context, server.url);
    return { ...app, close: () => context.close(), setOffline: (v) => context.setOffline(v) };
  }

  it('admin adds a caregiver for one community, resets her password and revokes her device; she sees only that community and is told in Thai', async () => {
    const bossApp = await device();
    const careApp = await device();
    const careApp2 = await device();
    try {
      // --- The administrator signs in; the nav offers the admin screen.
      expect(await signIn(bossApp.page, 'boss', E2E_PASSWORD, 'คอมพิวเตอร์สำนักงาน')).toBeNull();
      const admin = new AdminPage(bossApp.page);
      await admin.navLink.click();
      await admin.root.waitFor();
      expect(await admin.navLink.innerText()).toBe('ผู้ใช้และเครื่อง');
      await admin.waitLoaded();

      // --- Wrong input 1 (found before sending): a 5-character password, and no community for a caregiver.
      await admin.fillNewUser({ username: 'manager', displayName: 'มาลี ใจงาม', password: 'short' });
      await admin.createSubmit.click();
      await admin.createErrors.waitFor();
      expect(await admin.errorOf('admin-new-password').innerText()).toBe('รหัสผ่านเริ่มต้น: สั้นเกินไป ต้องมีอย่างน้อย 8 ตัวอักษร');
      expect(await admin.errorOf('admin-new-communities').innerText()).toBe('ชุมชนที่รับผิดชอบ: ผู้ดูแลต้องรับผิดชอบอย่างน้อย 1 ชุมชน โปรดเลือกชุมชน');
      expect(await admin.createErrors.innerText()).toContain('ข้อมูลที่กรอกไว้ยังอยู่ครบ');
      expect(await admin.field('password').getAttribute('aria-invalid')).toBe('true');

      // --- Offline for a moment: the page says it needs a connection; nothing typed is lost.
      await bossApp.setOffline(true);
      await admin.offline.waitFor();
      expect(await admin.offline.innerText()).toContain('ต้องเชื่อมต่อกับเซิร์ฟเวอร์');
      expect(await admin.createSubmit.isDisabled()).toBe(true);
      await bossApp.setOffline(false);
      await admin.offline.waitFor({ state: 'detached' });
      expect(await admin.field('username').inputValue()).toBe('manager');
      expect(await admin.field('displayName').inputValue()).toBe('มาลี ใจงาม');

      // --- Wrong input 2 (refused by the server): the username is taken. Shown under the field, in Thai.
      await admin.field('password').fill('มะม่วงสุก-2568');
      await admin.communityBox('new', 'c-01').check();
      await admin.createSubmit.click();
      const taken = admin.errorOf('admin-new-username');
      await taken.waitFor();
      expect(await taken.innerText()).toBe('ชื่อผู้ใช้: ชื่อ manager มีผู้ใช้แล้ว โปรดเลือกชื่ออื่น เช่น เติมตัวเลขหรืออักษรแรกของนามสกุล');
      await until('focus on the username field', () => admin.field('username').evaluate((el) => el === document.activeElement), (v) => v);
      // Everything typed is still there, including the password and the chosen community.
      expect(await admin.field('displayName').inputValue()).toBe('มาลี ใจงาม');
      expect(await admin.field('password').inputValue()).toBe('มะม่วงสุก-2568');
      expect(await admin.communityBox('new', 'c-01').isChecked()).toBe(true);

      // --- Fixed: the caregiver is added with community c-01 only.
      await admin.field('username').fill('Malee.J');
      await admin.createSubmit.click();
      const row = admin.userRow('malee.j');
      await row.waitFor();
      expect(await admin.notice.innerText()).toContain('เพิ่มผู้ใช้ malee.j แล้ว');
      expect(await row.getByTestId('admin-user-role').innerText()).toBe('ผู้ดูแล');
      expect(await row.getByTestId('admin-user-communities').innerText()).toBe('01 ชุมชนรังสิตพัฒนา');
      expect(await admin.field('username').inputValue()).toBe(''); // a success clears the form

      // --- The caregiver signs in on her laptop: no admin link, the page refuses her, only c-01 residents arrive.
      expect(await signIn(careApp.page, 'malee.j', 'มะม่วงสุก-2568', 'แล็ปท็อปมาลี')).toBeNull();
      const register = await RegisterPage.open(careApp.page);
      for (const name of ['บุญมี', 'ประเสริฐ']) await register.waitForRow(residents.get(name) ?? '');
      await register.waitForCount({ shown: 2, total: 2 });
      for (const name of ['ทองใบ', 'สายหยุด']) expect(await register.row(residents.get(name) ?? '').count()).toBe(0);
      const careAdmin = new AdminPage(careApp.page);
      expect(await careAdmin.navLink.count()).toBe(0);
      await AdminPage.open(careApp.page);
      expect(await careAdmin.notAllowed.innerText()).toBe(t('admin.notAllowed'));
      expect(await careApp.page.getByTestId('admin-users').count()).toBe(0);

      // --- The admin sees her device, last seen in the Buddhist Era.
      await admin.reload();
      const laptop = admin.deviceRow('malee.j', 'แล็ปท็อปมาลี');
      await laptop.waitFor();
      const lastSeen = await laptop.getByTestId('admin-device-last-seen').innerText();
      expect(lastSeen).toContain(String(bangkokYearBE()));
      expect(lastSeen).toMatch(/น\.$/);
      expect(await laptop.getByTestId('admin-device-status').innerText()).toBe('ใช้งานอยู่');

      // --- Password reset: her laptop's session ends, the old password fails, the new one works (on a second device).
      expect(await admin.resetPassword('malee.j', 'ทุเรียนหมอนทอง-99')).toBe('ตั้งรหัสผ่านใหม่ให้ malee.j แล้ว รหัสผ่านเดิมใช้เข้าสู่ระบบไม่ได้อีก และออกจากระบบเครื่องที่เข้าสู่ระบบไว้ 1 เครื่อง');
      await careApp.page.getByTestId('sync-now').click();
      await careApp.page.locator('[data-testid="sync-status"][data-state="signed_out"]').waitFor();
      expect(await careApp.page.getByTestId('sync-status').innerText()).toContain(t('sync.problem.signed_out'));
      await (await RegisterPage.open(careApp.page)).waitForCount({ shown: 2, total: 2 });
      expect(await signIn(careApp2.page, 'malee.j', 'มะม่วงสุก-2568', 'แท็บเล็ตมาลี')).toBe('invalid_credentials');
      expect(await careApp2.page.getByTestId('sign-in-error').innerText()).toBe('ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง');
      expect(await signIn(careApp2.page, 'malee.j', 'ทุเรียนหมอนทอง-99', 'แท็บเล็ตมาลี')).toBeNull();
      expect(await signIn(careApp.page, 'malee.j', 'ทุเรียนหมอนทอง-99', 'แล็ปท็อปมาลี')).toBeNull(); // the same device again

      // --- The admin revokes the laptop after a confirm step.
      await admin.reload();
      const confirmText = await admin.revokeDevice('malee.j', 'แล็ปท็อปมาลี');
      expect(confirmText).toContain('เพิกถอนเครื่อง "แล็ปท็อปมาลี" ของ มาลี ใจงาม (malee.j) หรือไม่?');
      expect(await laptop.getByTestId('admin-device-status').innerText()).toContain(`เพิกถอนแล้วเมื่อ`);
      expect(await laptop.getByTestId('admin-device-status').innerText()).toContain(String(bangkokYearBE()));
      // The tablet is untouched.
      expect(await admin.deviceRow('malee.j', 'แท็บเล็ตมาลี').getAttribute('data-revoked')).toBe('false');

      // --- The laptop's next contact is refused; it says so in Thai and keeps its residents.
      const status = careApp.page.getByTestId('sync-status');
      await careApp.page.getByTestId('sync-now').click();
      await careApp.page.locator('[data-testid="sync-status"][data-state="device_revoked"]').waitFor();
      expect(await status.innerText()).toContain(t('sync.problem.device_revoked'));
      expect(await status.innerText()).toContain('ผู้ดูแลระบบได้เพิกถอนเครื่องนี้แล้ว');
      const after = await RegisterPage.open(careApp.page);
      await after.waitForCount({ shown: 2, total: 2 });

      for (const app of [bossApp, careApp, careApp2]) expect(unexpected(app.errors)).toEqual([]);
    } finally {
      await Promise.all([bossApp.close(), careApp.close(), careApp2.close()]);
    }
  });

  it('a care manager sees no admin link and #/admin refuses her; without sign-in #/admin shows only the sign-in screen', async () => {
    const app = await device();
    try {
      await app.page.evaluate(() => {
        window.location.hash = '#/admin';
      });
      await app.page.locator('[data-gate="signIn"]').waitFor();
      await app.page.getByTestId('sign-in-form').waitFor();
      expect(await app.page.getByTestId('admin-page').count()).toBe(0);

      expect(await signIn(app.page, 'manager', E2E_PASSWORD, 'โน้ตบุ๊กผู้จัดการ')).toBeNull();
      await app.page.getByTestId('nav-conflicts').waitFor(); // the session is shown in the nav
      expect(await new AdminPage(app.page).navLink.count()).toBe(0);
      const refused = await AdminPage.open(app.page);
      expect(await refused.notAllowed.innerText()).toBe('หน้านี้สำหรับผู้ดูแลระบบเท่านั้น บัญชีของคุณไม่มีสิทธิ์จัดการผู้ใช้และเครื่อง');
      expect(unexpected(app.errors)).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('an admin is not offered the conflicts inbox: the server would refuse her resolution, so the UI does not offer it', async () => {
    const app = await device();
    try {
      expect(await signIn(app.page, 'boss', E2E_PASSWORD, 'คอมพิวเตอร์ผู้ดูแลระบบ')).toBeNull();
      await new AdminPage(app.page).navLink.waitFor(); // the session is shown in the nav
      expect(await app.page.getByTestId('nav-conflicts').count()).toBe(0);
      await app.page.evaluate(() => {
        window.location.hash = '#/conflicts';
      });
      await app.page.getByText(t('sync.conflicts.notAllowed')).waitFor();
      expect(await app.page.getByTestId('conflicts').count()).toBe(0);
      expect(unexpected(app.errors)).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
