/**
 * A lost laptop (docs/security.md §3, "Remote wipe"), in Chromium against the real server: a caregiver's
 * browser holds a synced resident and an unsent one; on the admin screen the administrator revokes the
 * device with "also erase" ticked (the list shows the order, later when it was wiped); when the device
 * comes back online it erases every IndexedDB store (the outbox included) and the
 * stored refresh token, shows in Thai (and in English) that the municipality wiped it, shows no resident,
 * and the server records the confirmation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildResidentForm } from '../../shared/demo/builders';
import { openApp } from './support/app';
import { launchChromium, newIsolatedContext } from './support/chromium';
import { describeViolations, seriousViolations } from './support/axe';
import { rawDbInfo, rawGetAll } from './support/idb';
import { NetworkSwitch } from './support/network';
import { startE2eServer, E2E_PASSWORD, type E2eServer } from './support/server';
import { until } from './support/wait';
import { translator } from './pages/AppShell';
import { AdminPage, signIn } from './pages/AdminPage';
import { addResidentThroughForm } from './pages/flows';
import { APP_DB, outboxRows, SignInPage, signedInDeviceId } from './pages/SyncPage';

/** The browser host's secret storage (renderer/host/browser-host.ts KEYS_DB_NAME). */
const KEYS_DB_NAME = 'carerounds-keys';
const th = translator('th');
const en = translator('en');

/**
 * Chromium logs every 401 as a console error; the wipe order is exactly such an answer, to whichever of the
 * sync run's requests meets it first.
 */
const REFUSED = /^console: Failed to load resource: the server responded with a status of 401 \(Unauthorized\) \(http:\/\/127\.0\.0\.1:\d+(\/[^?)]*)(?:\?[^)]*)?\)$/;

describe('remote wipe (Chromium, real server)', () => {
  let server: E2eServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startE2eServer();
    await server.makeUser('lost', 'caregiver', ['c-06']);
    await server.makeUser('mayor', 'admin');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a device ordered wiped erases every store and its token and says so, with no resident left', async () => {
    const context = await newIsolatedContext(browser);
    const { page, errors } = await openApp(context, server.url);
    await (await SignInPage.open(page)).signIn('lost', E2E_PASSWORD);

    // One resident synced, then offline another: an unsent change.
    const synced = buildResidentForm({ communityId: 'c-06', firstName: 'ทองคำ', lastName: 'หายไป' });
    await addResidentThroughForm(page, synced);
    await until('the first resident is sent', () => outboxRows(page), (rows) => rows.length === 0);
    const network = new NetworkSwitch(context, page, errors);
    await network.offline();
    await page.getByTestId('online-status').filter({ hasText: th('status.offline') }).waitFor();
    const unsent = buildResidentForm({ communityId: 'c-06', firstName: 'บุญส่ง', lastName: 'ยังไม่ส่ง', idMode: 'none', nationalId: '', noIdReason: 'ไม่มีบัตร' });
    await addResidentThroughForm(page, unsent);
    expect(await outboxRows(page)).toHaveLength(1);
    expect((await rawGetAll(page, KEYS_DB_NAME, 'secrets')).length).toBeGreaterThan(0);

    // The laptop is reported lost: on the admin screen the administrator revokes it, ticking "also erase".
    const deviceId = await signedInDeviceId(page);
    const adminContext = await newIsolatedContext(browser);
    const adminApp = await openApp(adminContext, server.url);
    expect(await signIn(adminApp.page, 'mayor', E2E_PASSWORD, 'โต๊ะผู้ดูแลระบบ')).toBeNull();
    const admin = await AdminPage.open(adminApp.page);
    await admin.waitLoaded();
    const confirmText = await admin.revokeAndWipe(deviceId);
    expect(confirmText).toContain(th('admin.wipe.option'));
    const adminRow = adminApp.page.locator(`[data-testid="admin-device-row"][data-device-id="${deviceId}"]`);
    expect(await adminRow.getByTestId('admin-device-status').innerText()).toContain(th('admin.device.wipeOrdered'));
    await network.online();

    const screen = page.getByTestId('device-wiped');
    await screen.waitFor({ timeout: 60_000 });
    const text = await screen.innerText();
    expect(text).toContain(th('sync.wiped.title'));
    expect(text).toContain(th('sync.wiped.contact'));
    expect(await screen.getByRole('alert').count()).toBe(1);
    const body = await page.locator('body').innerText();
    for (const r of [synced, unsent]) {
      expect(body).not.toContain(r.firstName);
      expect(body).not.toContain(r.lastName);
    }
    expect(await page.getByTestId('app-ready').count()).toBe(0);
    const serious = await seriousViolations(page);
    expect(serious, describeViolations('wiped screen', serious)).toEqual([]);

    // Raw IndexedDB: every store of the app's database is empty but for the marker; no secret is left.
    const info = await rawDbInfo(page, APP_DB);
    for (const store of info.stores) {
      const rows = await rawGetAll(page, APP_DB, store);
      if (store === 'syncState') expect(rows.map((r) => (r as { key: string }).key)).toEqual(['wiped']);
      else if (store !== 'meta' && store !== 'communities') expect(rows, store).toEqual([]);
    }
    // A fresh start set up a new device identity and the reference communities again; nothing of the user's.
    const meta = (await rawGetAll(page, APP_DB, 'meta')) as { key: string }[];
    expect(meta.map((m) => m.key)).not.toContain('user');
    expect(await rawGetAll(page, KEYS_DB_NAME, 'secrets')).toEqual([]);

    // The server heard the confirmation.
    await until(
      'the server records the wipe',
      async () => (await server.db.query<{ wiped_at: Date | null }>('SELECT wiped_at FROM devices WHERE id = $1', [deviceId])).rows[0]?.wiped_at ?? null,
      (at) => at !== null,
    );
    const audits = await server.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'device.wiped' AND device_id = $1", [deviceId]);
    expect(audits.rows[0]?.n).toBe(1);

    // The admin screen shows when it was wiped.
    await admin.reload();
    await adminRow.getByTestId('admin-device-wipe').and(adminApp.page.locator('[data-wiped="true"]')).waitFor();
    expect(await adminRow.getByTestId('admin-device-status').innerText()).toContain('ลบข้อมูลแล้วเมื่อ');
    await adminContext.close();

    // The same screen in English.
    await screen.getByTestId('switch-language').click();
    await screen.getByText(en('sync.wiped.title')).waitFor();
    expect(await screen.innerText()).toContain(en('sync.wiped.contact'));

    // Still the screen after another start.
    await page.reload();
    await page.getByTestId('device-wiped').waitFor();

    const unexpected = network.unexpectedErrors().filter((e) => {
      const m = REFUSED.exec(e);
      return !(m && ['/sync/push', '/sync/pull', '/sync/events', '/auth/refresh', '/audit/views', '/directory'].includes(m[1] ?? ''));
    });
    expect(unexpected).toEqual([]);
  });
});
