/**
 * Two devices, one resident, a real server: two browser contexts are two laptops
 * with their own IndexedDB, signed in to one municipal server (test/e2e/support/server.ts). Device A is the
 * care manager, device B a caregiver of the resident's community. Both go offline and edit the same
 * resident: A changes the phone (X) and the nickname (Y), B changes the nickname (Y) differently and the
 * notes (Z). Back online, X and Z both survive on both devices, Y becomes a conflict in the care manager's
 * inbox (field, both values, who, when, in Thai); resolving it is a synced change that both devices show,
 * and the inbox empties.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { formatInstant } from '../../shared/dates/thaiDate';
import { hlcInstant } from '../../shared/sync/merge';
import { buildResidentForm } from '../../shared/demo/builders';
import { openApp, type OpenedApp } from './support/app';
import { launchChromium, newIsolatedContext } from './support/chromium';
import { rawGetAll } from './support/idb';
import { startE2eServer, E2E_PASSWORD, type E2eServer } from './support/server';
import { NetworkSwitch } from './support/network';
import { until } from './support/wait';
import { translator } from './pages/AppShell';
import { ConflictsPage } from './pages/ConflictsPage';
import { addResidentThroughForm } from './pages/flows';
import { ProfilePage } from './pages/ProfilePage';
import { RegisterPage } from './pages/RegisterPage';
import { APP_DB, outboxRows, SignInPage, unlock, type SyncBar } from './pages/SyncPage';

const t = translator('th');

interface StoredResident {
  id: string;
  nickname: string;
  notes: string;
  phones: { number: string; label: string }[];
  seq: number;
}

interface StoredConflict {
  id: string;
  field: string;
  status: string;
  winnerValue: unknown;
  loserValue: unknown;
  resolution?: string;
}

async function storedResident(page: Page, id: string): Promise<StoredResident | undefined> {
  const rows = (await rawGetAll(page, APP_DB, 'residents')) as StoredResident[];
  return rows.find((r) => r.id === id);
}

async function storedConflicts(page: Page): Promise<StoredConflict[]> {
  return (await rawGetAll(page, APP_DB, 'conflicts')) as StoredConflict[];
}

/** Goes to a resident's profile by its route (the register may be scrolled or filtered elsewhere). */
async function openProfile(page: Page, id: string): Promise<ProfilePage> {
  await page.evaluate((rid) => {
    window.location.hash = `#/residents/${encodeURIComponent(rid)}`;
  }, id);
  const profile = new ProfilePage(page);
  await profile.waitReady(id);
  return profile;
}

/** Changes a resident's nickname through the profile form. */
async function editNickname(page: Page, id: string, nickname: string): Promise<void> {
  const form = await (await openProfile(page, id)).edit();
  await form.field('rf.nickname').fill(nickname);
  await form.saveAndOpenProfile();
}

/** The fields this test looks at, as both devices store them. */
function xyz(r: StoredResident | undefined): { phone: string | undefined; nickname: string | undefined; notes: string | undefined } {
  return { phone: r?.phones[0]?.number, nickname: r?.nickname, notes: r?.notes };
}

interface Device {
  context: BrowserContext;
  app: OpenedApp;
  page: Page;
  sync: SyncBar;
  network: NetworkSwitch;
}

async function goOffline(d: Device): Promise<() => Promise<void>> {
  await d.network.offline();
  // The app's own online detection follows the emulated network.
  await d.page.getByTestId('online-status').filter({ hasText: t('status.offline') }).waitFor();
  return async () => {
    await d.network.online();
    await d.page.getByTestId('online-status').filter({ hasText: t('status.online') }).waitFor();
  };
}

describe('two devices edit one resident offline (Chromium, real IndexedDB, real server)', () => {
  let server: E2eServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startE2eServer();
    await server.makeUser('cm', 'care_manager');
    await server.makeUser('cg', 'caregiver', ['c-06']);
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

  it('merges different fields, sends the same field to the conflicts inbox, and both devices show the care manager’s choice', async () => {
    const a = await device('cm');
    const b = await device('cg');
    expect(await a.page.getByTestId('nav-conflicts').count()).toBe(1);
    expect(await b.page.getByTestId('nav-conflicts').count()).toBe(0); // caregivers do not decide conflicts

    // A adds a resident of community c-06; after a sync on each device, B (its caregiver) has it too.
    const created = await addResidentThroughForm(
      a.page,
      buildResidentForm({ nickname: 'ศรี', notes: '', phones: [{ number: '0812345678', label: 'มือถือ' }], communityId: 'c-06' }),
    );
    const id = await created.residentId();
    await a.sync.syncNow();
    await b.sync.syncUntil('the resident on B', () => storedResident(b.page, id), (r) => r !== undefined && r.seq > 0);
    const registerB = await RegisterPage.open(b.page);
    await registerB.waitForRow(id);

    // Both go offline.
    const aOnline = await goOffline(a);
    const bOnline = await goOffline(b);

    // A: phone (X) and nickname (Y).
    const formA = await (await openProfile(a.page, id)).edit();
    await formA.phoneNumber(1).fill('089-876-5432');
    await formA.field('rf.phone.label', { n: 1 }).fill('ลูกสาว');
    await formA.field('rf.nickname').fill('แม่ศรี');
    await formA.saveAndOpenProfile();

    // B, a moment later (its HLC is greater, so its nickname wins the merge): nickname (Y) and notes (Z).
    const formB = await (await registerB.openResident(id)).edit();
    await formB.field('rf.nickname').fill('ยายศรี');
    await formB.field('rf.notes').fill('ใช้รถเข็น');
    await formB.saveAndOpenProfile();

    // Each device queued one patch holding only the fields it changed, and says so in the status line.
    const [outA] = await outboxRows(a.page);
    const [outB] = await outboxRows(b.page);
    expect(outA && { op: outA.op, fields: Object.keys(outA.fields).sort() }).toEqual({ op: 'patch', fields: ['nickname', 'phones'] });
    expect(outB && { op: outB.op, fields: Object.keys(outB.fields).sort() }).toEqual({ op: 'patch', fields: ['nickname', 'notes'] });
    if (!outA || !outB) throw new Error('unreachable');
    expect(hlcInstant(outA.hlc) < hlcInstant(outB.hlc)).toBe(true);
    // The status line counts the outbox through its own live query, which answers the write a moment later.
    for (const d of [a, b]) {
      const status = await until('the status line counting the queued change', () => d.sync.text(), (s) => s.includes('รอส่ง 1 รายการ'));
      expect(status).toContain(t('sync.status.offline'));
    }

    // Back online: each device pushes by itself (the `online` event), no button pressed.
    await aOnline();
    await until('A’s outbox sent after coming online', async () => (await outboxRows(a.page)).length, (n) => n === 0);
    await bOnline();
    await until('B’s outbox sent after coming online', async () => (await outboxRows(b.page)).length, (n) => n === 0);

    // Both devices converge: X from A, Z from B, Y = B's value (greater HLC); A's Y is kept as a conflict.
    const merged = { phone: '0898765432', nickname: 'ยายศรี', notes: 'ใช้รถเข็น' };
    await a.sync.syncUntil('the merged resident and the conflict on A', async () => ({ r: xyz(await storedResident(a.page, id)), c: (await storedConflicts(a.page)).length }), (s) => JSON.stringify(s.r) === JSON.stringify(merged) && s.c === 1);
    await b.sync.syncUntil('the merged resident on B', async () => xyz(await storedResident(b.page, id)), (r) => JSON.stringify(r) === JSON.stringify(merged));
    for (const d of [a, b]) {
      const profile = await openProfile(d.page, id);
      await profile.waitForName('(ยายศรี)');
      const text = await profile.root.innerText();
      expect(text).toContain('089-876-5432 (ลูกสาว)');
      expect(text).toContain('ใช้รถเข็น');
    }
    expect(await storedConflicts(b.page)).toEqual([]); // conflicts live in m:main, outside a caregiver's scope

    // The care manager's inbox: the field, both values, who wrote each and when, in Thai.
    const inbox = await ConflictsPage.open(a.page);
    expect(await inbox.cards.count()).toBe(1);
    const card = await inbox.read('nickname');
    expect(card.record).toBe('นางสมศรี ใจดี');
    expect(card.field).toBe(t('rf.nickname'));
    const when = (hlc: string) => formatInstant(hlcInstant(hlc), 'th');
    // Who: the signed-in user is "you"; the other writer by the display name the server put on the conflict.
    expect(card.current).toBe(`ยายศรี โดย CG เมื่อ ${when(outB.hlc)}`);
    expect(card.other).toBe(`แม่ศรี โดย คุณ (CM) เมื่อ ${when(outA.hlc)}`);
    expect(when(outA.hlc)).toMatch(/^\d{1,2} \S+ 25\d\d \d\d:\d\d น\.$/); // Thai month, Buddhist-era year

    // She keeps her own value (the one that lost the merge); the choice is a synced change.
    await inbox.choose('nickname', 'other');
    await inbox.waitForNone();
    await a.sync.syncNow();
    await b.sync.syncUntil('the chosen nickname on B', async () => (await storedResident(b.page, id))?.nickname, (n) => n === 'แม่ศรี');

    const chosen = { phone: '0898765432', nickname: 'แม่ศรี', notes: 'ใช้รถเข็น' };
    for (const d of [a, b]) {
      expect(xyz(await storedResident(d.page, id))).toEqual(chosen);
      const profile = await openProfile(d.page, id);
      await profile.waitForName('(แม่ศรี)');
      expect(await profile.nameText()).toBe('นางสมศรี ใจดี (แม่ศรี)');
    }
    // The conflict is resolved on the server too (acknowledged, pulled back) and no new one appeared.
    await a.sync.syncNow();
    const conflicts = await storedConflicts(a.page);
    expect(conflicts.map((c) => ({ field: c.field, status: c.status, resolution: c.resolution }))).toEqual([{ field: 'nickname', status: 'resolved', resolution: 'chose_loser' }]);
    const inboxAfter = await ConflictsPage.open(a.page);
    await inboxAfter.waitForNone();
    expect(await inboxAfter.cards.count()).toBe(0);

    // Nothing left to send, no problem shown.
    for (const d of [a, b]) {
      expect(await outboxRows(d.page)).toEqual([]);
      expect(await d.sync.state()).toBe('idle');
      expect(d.network.unexpectedErrors()).toEqual([]); // support/network.ts: what is allowed while offline, and why
    }
  });

  // Her edit loses in either order: arriving after the newer one (the server refuses it a place), or arriving
  // first and being replaced by a concurrent one made without seeing it (only the server can tell her then).
  for (const order of ['hers last', 'hers first'] as const) {
    it(`tells the caregiver whose edit lost to a concurrent later one what replaced it and who, until she dismisses it (${order})`, async () => {
      const cm = await device('cm');
      const cg = await device('cg');
      const firstName = order === 'hers last' ? 'บุญมา' : 'บุญมี'; // two residents: not the same person twice
      const created = await addResidentThroughForm(cm.page, buildResidentForm({ firstName, nickname: 'มา', nationalId: order === 'hers last' ? '1101700203450' : '1101700203468', communityId: 'c-06' }));
      const id = await created.residentId();
      await cm.sync.syncNow();
      await cg.sync.syncUntil('the resident on the caregiver’s laptop', () => storedResident(cg.page, id), (r) => r !== undefined && r.seq > 0);

      if (order === 'hers last') {
        // Morning, offline in the resident's home: she changes the nickname.
        const cgOnline = await goOffline(cg);
        await editNickname(cg.page, id, 'ยายมา');
        // Later, online at the office: the care manager changes it too, and it reaches the server first.
        await editNickname(cm.page, id, 'แม่มา');
        await cm.sync.syncNow();
        // Evening: her laptop comes online and sends the older change, which loses.
        expect(await cg.page.getByTestId('replaced-edits').count()).toBe(0);
        await cgOnline();
        await until('her outbox sent after coming online', async () => (await outboxRows(cg.page)).length, (n) => n === 0);
      } else {
        // The care manager's laptop is offline; she has not seen the caregiver's change when she makes hers.
        const cmOnline = await goOffline(cm);
        await editNickname(cg.page, id, 'ยายมา');
        await cg.sync.syncNow(); // hers reaches the server first, and is applied: nothing to tell her yet
        await until('her outbox sent', async () => (await outboxRows(cg.page)).length, (n) => n === 0);
        expect(await cg.page.getByTestId('replaced-edits').count()).toBe(0);
        await editNickname(cm.page, id, 'แม่มา');
        await cmOnline();
        await cm.sync.syncUntil('the care manager’s change sent', async () => (await outboxRows(cm.page)).length, (n) => n === 0);
      }

      // She is told what replaced her value, and by whom.
      await cg.sync.syncUntil('the winner on her laptop', async () => (await storedResident(cg.page, id))?.nickname, (n) => n === 'แม่มา');
      const notice = cg.page.getByTestId('replaced-edit');
      await notice.waitFor();
      expect(await notice.getAttribute('data-field')).toBe('nickname');
      expect(await notice.innerText()).toContain('คุณบันทึก “ยายมา” ตอนนี้เป็น “แม่มา” (CM แก้ไข)');
      expect(await notice.innerText()).toContain(firstName);
      // The care manager, whose change won, is told nothing (the conflict is in her inbox).
      await cm.sync.syncNow();
      expect(await cm.page.getByTestId('replaced-edits').count()).toBe(0);
      await cg.page.getByTestId('replaced-dismiss').click();
      await cg.page.getByTestId('replaced-edits').waitFor({ state: 'detached' });
      // The dismissal is a synced change: sent, and the notice stays gone after a reload.
      await cg.sync.syncUntil('the dismissal sent', async () => (await outboxRows(cg.page)).length, (n) => n === 0);
      await cg.page.reload();
      await cg.page.getByTestId('app-ready').waitFor({ state: 'attached' });
      // The app opens locked; unlocked, the page is shown again, without the notice.
      await unlock(cg.page);
      await cg.page.locator('[data-testid="app-ready"]:not([data-gate])').waitFor();
      expect(await cg.page.getByTestId('replaced-edits').count()).toBe(0);
      const stored = (await rawGetAll(cg.page, APP_DB, 'notices')) as { recordId: string; dismissedAt: string | null }[];
      expect(stored.filter((n) => n.recordId === id).map((n) => n.dismissedAt === null)).toEqual([false]);
    });
  }
});
