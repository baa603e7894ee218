/**
 * The audit log end to end, in Thai, in Chromium, against a REAL server (server/app.ts on in-memory PGlite
 * serving the built renderer): a care manager opens a resident's profile on her laptop, her next sync sends
 * that view; the administrator finds it on the admin screen filtered by action, with the server time and the
 * device's in the Buddhist Era, gets a bad date range explained by field without losing it, and exports the
 * filtered log as CSV (which is itself audited).
 */
import { readFile } from 'node:fs/promises';
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { RECORD_SCHEMA_VERSION } from '../../shared/envelope';
import { createHlcClock } from '../../shared/hlc';
import { buildResidentProfile } from '../../shared/demo/builders';
import { LoginResponse, PushResponse } from '../../shared/sync/protocol';
import { openApp, type OpenedApp } from './support/app';
import { launchChromium, newIsolatedContext } from './support/chromium';
import { E2E_PASSWORD, startE2eServer, type E2eServer } from './support/server';
import { until } from './support/wait';
import { AdminPage, signIn } from './pages/AdminPage';
import { RegisterPage } from './pages/RegisterPage';

/** One resident on the server, pushed over the real sync API as another device would. */
async function seedResident(base: string, username: string, firstName: string): Promise<string> {
  const login = LoginResponse.parse(
    await (await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: E2E_PASSWORD, deviceName: 'seeder' }) })).json(),
  );
  const clientId = randomBytes(8).toString('hex');
  const id = randomUUID();
  const fields = { ...buildResidentProfile({ communityId: 'c-01', firstName, nationalId: null, noIdReason: 'ไม่มีบัตรประชาชน' }), status: 'active', statusDate: null, statusReason: '', latestAdl: null };
  const res = await fetch(`${base}/sync/push`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${login.accessToken}` },
    body: JSON.stringify({ protocol: 1, schemaVersion: RECORD_SCHEMA_VERSION, clientId, mutations: [{ mid: 1, type: 'resident', id, op: 'create', fields: JSON.parse(JSON.stringify(fields)) as unknown, hlc: createHlcClock(clientId, Date.now).tick(), baseSeq: 0 }] }),
  });
  const body = PushResponse.parse(await res.json());
  if (body.results[0]?.status !== 'applied') throw new Error(`seed refused: ${JSON.stringify(body.results)}`);
  return id;
}

function bangkokYearBE(): number {
  return Number(new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Bangkok', year: 'numeric' }).format(new Date())) + 543;
}

describe('audit log (Thai, real server)', () => {
  let server: E2eServer;
  let browser: Browser;
  let residentId: string;

  beforeAll(async () => {
    server = await startE2eServer();
    await server.makeUser('boss', 'admin');
    await server.makeUser('manager', 'care_manager');
    residentId = await seedResident(server.url, 'manager', 'บุญมี');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function device(): Promise<OpenedApp & { close(): Promise<void> }> {
    const context = await newIsolatedContext(browser);
    const app = await openApp(context, server.url);
    return { ...app, close: () => context.close() };
  }

  it('a profile opened on one device shows on the admin screen, filtered, in the Buddhist Era, and exports as CSV', async () => {
    const managerApp = await device();
    const bossApp = await device();
    try {
      // --- The care manager opens the resident's profile; her next sync sends the view.
      expect(await signIn(managerApp.page, 'manager', E2E_PASSWORD, 'โน้ตบุ๊กผู้จัดการ')).toBeNull();
      await (await RegisterPage.open(managerApp.page)).waitForRow(residentId);
      await managerApp.page.evaluate((id) => {
        window.location.hash = `#/residents/${id}`;
      }, residentId);
      await managerApp.page.locator(`[data-testid="resident-profile"][data-resident-id="${residentId}"]`).waitFor();
      await until('the view recorded on the device', () => managerApp.page.evaluate(() => new Promise<number>((resolve) => {
        const open = indexedDB.open('carerounds');
        open.onsuccess = () => {
          const req = open.result.transaction('viewEvents').objectStore('viewEvents').count();
          req.onsuccess = () => resolve(req.result);
        };
      })), (n) => n === 1);
      await managerApp.page.getByTestId('sync-now').click();
      await until('the view on the server', async () => (await server.db.query("SELECT 1 FROM audit_log WHERE action = 'record.view' AND record_id = $1", [residentId])).rows.length, (n) => n === 1);

      // --- The administrator filters the log to views of residents.
      expect(await signIn(bossApp.page, 'boss', E2E_PASSWORD, 'คอมพิวเตอร์สำนักงาน')).toBeNull();
      const admin = await AdminPage.open(bossApp.page);
      await admin.waitLoaded();
      const section = bossApp.page.getByTestId('admin-audit');
      await section.getByTestId('audit-entries').waitFor();
      await section.getByTestId('audit-action').selectOption('record.view');
      await section.getByTestId('audit-search').click();
      const row = section.locator(`[data-testid="audit-row"][data-action="record.view"][data-record-id="${residentId}"]`);
      await row.waitFor();
      await until('only views listed', () => section.locator('[data-testid="audit-row"]:not([data-action="record.view"])').count(), (n) => n === 0);
      const text = await row.innerText();
      expect(text).toContain('เปิดดูข้อมูลผู้สูงอายุ');
      expect(text).toContain('MANAGER (manager)');
      expect(text).toContain('โน้ตบุ๊กผู้จัดการ');
      expect(text).toContain('เวลาในเครื่อง');
      expect(text).toContain(String(bangkokYearBE()));
      expect(text).toContain('สำเร็จ');

      // --- A range that ends before it starts is named by its field; what was typed stays.
      const y = bangkokYearBE();
      await section.getByTestId('audit-from').fill(`02/03/${y}`);
      await section.getByTestId('audit-to').fill(`01/03/${y}`);
      await section.getByTestId('audit-search').click();
      const invalid = section.getByTestId('audit-invalid');
      await invalid.waitFor();
      expect(await invalid.getAttribute('data-field')).toBe('to');
      expect(await invalid.innerText()).toContain('ถึงวันที่:');
      expect(await section.getByTestId('audit-from').inputValue()).toBe(`02/03/${y}`);
      await section.getByTestId('audit-from').fill('');
      await section.getByTestId('audit-to').fill('');

      // --- The export: the filtered log as CSV, and the export itself is audited.
      await section.getByTestId('audit-search').click();
      await until('the error gone', () => section.getByTestId('audit-invalid').count(), (n) => n === 0);
      const [download] = await Promise.all([bossApp.page.waitForEvent('download'), section.getByTestId('audit-export').click()]);
      expect(download.suggestedFilename()).toMatch(/^audit-\d{4}-\d{2}-\d{2}\.csv$/);
      const csv = (await readFile(await download.path())).toString('utf8');
      expect(csv.split('\r\n')[0]).toBe('\uFEFFid,at,client_at,user_id,device_id,action,record_type,record_id,outcome,request_id,detail');
      expect(csv).toContain(residentId);
      expect(csv.split('\r\n').filter((l) => l.includes(',record.view,'))).toHaveLength(1);
      await section.getByTestId('audit-notice').waitFor();
      await until('the export audited', async () => (await server.db.query("SELECT detail FROM audit_log WHERE action = 'audit.export'")).rows, (rows) => rows.length === 1 && rows[0]?.detail === '{"action":"record.view"}');
    } finally {
      await Promise.all([managerApp.close(), bossApp.close()]);
    }
  });
});
