/**
 * A visit recorded offline reaches the office: once online, the visit reaches a second
 * device. Two browser contexts are two laptops on one real server: device A is the caregiver of community
 * c-07, device B the care manager. A goes offline (network blocked for its context), records a visit with an
 * abnormal blood pressure through the visit form and comes back online; the visit reaches B and shows on the
 * resident's timeline and visit page with its flag. Then A amends it offline; once online, the amendment
 * reaches B: the visit page shows the corrected value and the history entry, and no conflict was made.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildResidentForm } from '../../shared/demo/builders';
import { openApp, type OpenedApp } from './support/app';
import { launchChromium, newIsolatedContext } from './support/chromium';
import { rawGetAll } from './support/idb';
import { NetworkSwitch } from './support/network';
import { startE2eServer, E2E_PASSWORD, type E2eServer } from './support/server';
import { until } from './support/wait';
import { translator } from './pages/AppShell';
import { addResidentThroughForm } from './pages/flows';
import { ProfilePage } from './pages/ProfilePage';
import { APP_DB, outboxRows, SignInPage, type SyncBar } from './pages/SyncPage';
import { VisitDetailPage, VisitStartPanel } from './pages/VisitPage';

const t = translator('th');

interface StoredVisit {
  id: string;
  residentId: string;
  caregiverId: string;
  vitals: { systolic: number | null; diastolic: number | null };
  observations: string;
  seq: number;
}

interface StoredAmendment {
  id: string;
  visitId: string;
  author: string;
  changes: Record<string, unknown>;
  seq: number;
}

const visits = async (page: Page): Promise<StoredVisit[]> => (await rawGetAll(page, APP_DB, 'visits')) as StoredVisit[];
const amendments = async (page: Page): Promise<StoredAmendment[]> => (await rawGetAll(page, APP_DB, 'visitAmendments')) as StoredAmendment[];
const conflictCount = async (page: Page): Promise<number> => (await rawGetAll(page, APP_DB, 'conflicts')).length;

interface Device {
  context: BrowserContext;
  app: OpenedApp;
  page: Page;
  sync: SyncBar;
  network: NetworkSwitch;
}

async function goOffline(d: Device): Promise<() => Promise<void>> {
  await d.network.offline();
  await d.page.getByTestId('online-status').filter({ hasText: t('status.offline') }).waitFor();
  return async () => {
    await d.network.online();
    await d.page.getByTestId('online-status').filter({ hasText: t('status.online') }).waitFor();
  };
}

async function openProfile(page: Page, id: string): Promise<ProfilePage> {
  await page.evaluate((rid) => {
    window.location.hash = `#/residents/${encodeURIComponent(rid)}`;
  }, id);
  const profile = new ProfilePage(page);
  await profile.waitReady(id);
  return profile;
}

async function openVisit(page: Page, residentId: string, visitId: string): Promise<VisitDetailPage> {
  await page.evaluate(([rid, vid]) => {
    window.location.hash = `#/residents/${encodeURIComponent(rid ?? '')}/visits/${encodeURIComponent(vid ?? '')}`;
  }, [residentId, visitId]);
  const detail = new VisitDetailPage(page);
  await detail.waitReady();
  await page.locator(`[data-testid="visit-detail"][data-visit-id="${visitId}"]`).waitFor();
  return detail;
}

describe('a visit recorded offline reaches the care manager (Chromium, real IndexedDB, real server)', () => {
  let server: E2eServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startE2eServer();
    await server.makeUser('cm', 'care_manager');
    await server.makeUser('cg', 'caregiver', ['c-07']);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function device(username: string): Promise<Device> {
    const context = await newIsolatedContext(browser);
    const app = await openApp(context, server.url);
    const signIn = await SignInPage.open(app.page);
    const sync = await signIn.signIn(username, E2E_PASSWORD);
    return { context, app, page: app.page, sync, network: new NetworkSwitch(context, app.page, app.errors) };
  }

  it('records a visit and an amendment offline on the caregiver’s laptop; both reach the care manager’s', async () => {
    const a = await device('cg');
    const b = await device('cm');

    // The care manager registers a resident of c-07; the caregiver's laptop gets it.
    const created = await addResidentThroughForm(b.page, buildResidentForm({ communityId: 'c-07', nickname: 'บัว' }));
    const residentId = await created.residentId();
    await b.sync.syncNow();
    await a.sync.syncUntil('the resident on A', async () => (await rawGetAll(a.page, APP_DB, 'residents')).length, (n) => n === 1);

    // A, offline in the resident's home: a visit with a high blood pressure, flagged as it is typed.
    const aOnline = await goOffline(a);
    await openProfile(a.page, residentId);
    const panel = new VisitStartPanel(a.page);
    await panel.waitReady();
    const form = await panel.start();
    await form.fill({ duration: '30', vitals: { systolic: '165', diastolic: '95', pulse: '82' }, care: [{ code: 'bathing' }], observations: 'ความดันสูง นัดวัดซ้ำ' });
    expect(await form.flagLevel('systolic')).toBe('high');
    const detailA = await form.saveAndOpenVisit();
    const visitId = await detailA.visitId();
    expect(visitId).not.toBe('');
    const queued = await outboxRows(a.page);
    expect(queued.filter((e) => e.table === 'visits').map((e) => [e.op, e.recordId])).toEqual([['create', visitId]]);
    expect((await visits(a.page)).map((v) => [v.id, v.seq])).toEqual([[visitId, 0]]);

    // Back online, A sends it by itself; B pulls it and shows it on the resident's timeline and visit page.
    await aOnline();
    await until('A’s outbox sent after coming online', async () => (await outboxRows(a.page)).length, (n) => n === 0);
    const onB = await b.sync.syncUntil('the visit on B', () => visits(b.page), (vs) => vs.some((v) => v.id === visitId && v.seq > 0));
    expect(onB.find((v) => v.id === visitId)).toMatchObject({ residentId, vitals: { systolic: 165, diastolic: 95 }, observations: 'ความดันสูง นัดวัดซ้ำ' });
    await openProfile(b.page, residentId);
    const item = b.page.locator('[data-testid="timeline-item"][data-kind="visit"]').filter({ has: b.page.locator(`[data-visit-id="${visitId}"]`) });
    await item.waitFor();
    expect(await item.count()).toBe(1);
    // The care manager sees who visited by name (the user directory), not by id.
    expect(await item.innerText()).toContain('ผู้เยี่ยม: CG');
    const detailB = await openVisit(b.page, residentId, visitId);
    expect(await detailB.flag('systolic').getAttribute('data-level')).toBe('high');
    expect(await b.page.getByTestId('visit-caregiver').innerText()).toBe('CG');
    await detailB.waitForHistoryCount(0);

    // A amends it offline (the reading was mistyped); online again, the amendment reaches B.
    const aOnline2 = await goOffline(a);
    const detailA2 = await openVisit(a.page, residentId, visitId);
    const amend = await detailA2.amend();
    await amend.typeVital('systolic', '125');
    await amend.field('amend-reason').fill('พิมพ์ผิด วัดได้ 125');
    await amend.saveButton.click();
    await detailA2.waitForHistoryCount(1);
    expect((await outboxRows(a.page)).map((e) => [e.table, e.op])).toEqual([['visitAmendments', 'create']]);
    await aOnline2();
    await until('A’s amendment sent after coming online', async () => (await outboxRows(a.page)).length, (n) => n === 0);

    const amended = await b.sync.syncUntil('the amendment on B', () => amendments(b.page), (as) => as.some((x) => x.visitId === visitId && x.seq > 0));
    expect(amended.map((x) => ({ visitId: x.visitId, changes: x.changes }))).toEqual([{ visitId, changes: { 'vitals.systolic': 125 } }]);
    const detailB2 = await openVisit(b.page, residentId, visitId);
    await detailB2.waitForHistoryCount(1);
    expect(await b.page.getByTestId('visit-history-change').getAttribute('data-field')).toBe('vitals.systolic');
    expect(await b.page.getByTestId('visit-vital-systolic').innerText()).toContain('125');
    expect(await detailB2.flag('systolic').count()).toBe(0); // 125/95: only the diastolic is still high
    // The stored visit itself is untouched on both devices: amendments are records of their own.
    for (const d of [a, b]) expect((await visits(d.page)).find((v) => v.id === visitId)?.vitals.systolic).toBe(165);
    await openProfile(b.page, residentId);
    await item.getByTestId('timeline-amended').waitFor();

    // Append-only records: no conflict anywhere, nothing left to send, no unexpected errors.
    await a.sync.syncNow();
    await b.sync.syncNow();
    expect(await conflictCount(b.page)).toBe(0);
    for (const d of [a, b]) {
      expect(await outboxRows(d.page)).toEqual([]);
      expect(d.network.unexpectedErrors()).toEqual([]);
    }
  });
});
