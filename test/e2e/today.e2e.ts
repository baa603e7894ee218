/**
 * The caregiver's day (#/today, docs/domain.md §9) against a real server: a care manager's published rounds
 * (pushed through the server's own push endpoint with a care-manager session) reach caregiver `cg`'s fresh
 * browser; her day lists exactly her visits of the day in route order (not another caregiver's, not another
 * day's, a cancelled one as cancelled); offline, she starts one and saves the visit (the round is done, with
 * what was found), records another missed (the reason is required and named, the note typed is kept), moves
 * between days; back online, the server holds both outcomes (read back through a care manager's pull).
 * Changed after publishing: visits the care manager moves, cancels or only locks after publishing reach her at
 * the next sync; the moved and the cancelled are marked with what changed until she presses "seen", the
 * locked one is not, and a visit moved off the day she looks at is linked from it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { addDays, dayOfWeek } from '../../shared/dates/calendar';
import { formatDate, todayBangkok } from '../../shared/dates/thaiDate';
import { createHlcClock } from '../../shared/hlc';
import { publishPatch } from '../../shared/rounds/changed';
import type { RoundVisitData } from '../../shared/rounds/recordsSchema';
import { roundVisitOf } from '../../shared/rounds/testWeek';
import { mondayOf } from '../../shared/rounds/weekInput';
import type { Change, Mutation, PullResponse, PushResponse } from '../../shared/sync/protocol';
import { residentData } from '../../server/testing/sync-client';
import { openApp, type OpenedApp } from './support/app';
import { axeViolations, describeViolations, isSerious } from './support/axe';
import { launchChromium, newIsolatedContext } from './support/chromium';
import { rawGetAll } from './support/idb';
import { NetworkSwitch } from './support/network';
import { startE2eServer, E2E_PASSWORD, type E2eServer } from './support/server';
import { until } from './support/wait';
import { translator } from './pages/AppShell';
import { APP_DB, outboxRows, SignInPage, unlock } from './pages/SyncPage';
import { TodayPage } from './pages/TodayPage';

const t = translator('th');

/** A care manager's device, as plain HTTP: signs in, pushes mutations, pulls everything. */
class ManagerClient {
  private mid = 0;
  private readonly clientId = randomBytes(8).toString('hex');
  private readonly clock = createHlcClock(this.clientId, () => Date.now());
  private token = '';

  constructor(private readonly url: string) {}

  async login(username: string): Promise<void> {
    const res = await fetch(`${this.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: E2E_PASSWORD, deviceName: 'e2e office' }) });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    this.token = ((await res.json()) as { accessToken: string }).accessToken;
  }

  async create(type: string, id: string, fields: object): Promise<void> {
    await this.push(type, id, 'create', fields);
  }

  /** A patch as the planner writes one (this office has seen every change it makes). */
  async patch(type: string, id: string, fields: object): Promise<void> {
    await this.push(type, id, 'patch', fields);
  }

  private async push(type: string, id: string, op: 'create' | 'patch', fields: object): Promise<void> {
    this.mid += 1;
    const m: Mutation = { mid: this.mid, type, id, op, fields: { ...fields } as Record<string, unknown>, hlc: this.clock.tick(), baseSeq: 0 } as Mutation;
    const res = await fetch(`${this.url}/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body: JSON.stringify({ protocol: 1, schemaVersion: 1, clientId: this.clientId, mutations: [m] }),
    });
    if (res.status !== 200) throw new Error(`push ${type}: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as PushResponse;
    expect(body.results.map((r) => r.status)).toEqual(['applied']);
  }

  /** Every row the care manager may see, latest change per type/id. */
  async pullAll(): Promise<Map<string, Change>> {
    const rows = new Map<string, Change>();
    let cursor = '';
    for (let i = 0; i < 1000; i++) {
      const q = new URLSearchParams({ schemaVersion: '1' });
      if (cursor !== '') q.set('cursor', cursor);
      const res = await fetch(`${this.url}/sync/pull?${q.toString()}`, { headers: { authorization: `Bearer ${this.token}` } });
      if (res.status !== 200) throw new Error(`pull: ${res.status} ${await res.text()}`);
      const page = (await res.json()) as PullResponse;
      for (const c of page.changes) rows.set(`${c.type}/${c.id}`, c);
      cursor = page.cursor;
      if (!page.hasMore) return rows;
    }
    throw new Error('pull did not finish');
  }
}

const thaiLongDate = (iso: string): string => formatDate(iso, 'th');

function round(caregiverId: string, residentId: string, date: string, over: Partial<RoundVisitData>): RoundVisitData {
  return roundVisitOf({ weekStart: mondayOf(date), residentId, communityId: 'c-07', caregiverId, date, minutes: 45, activities: ['bathing', 'vital_signs'], status: 'published', ...over });
}

describe('the caregiver’s day of rounds (Chromium, real IndexedDB, real server)', () => {
  let server: E2eServer;
  let browser: Browser;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('lists exactly her visits of the day in route order; start, missed and day moves work offline; the server gets the outcomes', async () => {
    await server.makeUser('cm', 'care_manager');
    const cg = await server.makeUser('cg', 'caregiver', ['c-07']);
    const cg2 = await server.makeUser('cg2', 'caregiver', ['c-07']);
    const today = todayBangkok();
    const tomorrow = addDays(today, 1);

    // The care manager's office: four residents of c-07 and the week's published rounds.
    const cm = new ManagerClient(server.url);
    await cm.login('cm');
    const names = ['สมศรี', 'บุญมี', 'ทองใบ', 'มาลี'];
    const residents: string[] = [];
    for (const firstName of names) {
      const id = randomUUID();
      await cm.create('resident', id, residentData('c-07', { firstName, phones: [{ number: '0812345678', label: '' }] }));
      residents.push(id);
    }
    const [a = '', b = '', c = '', d = ''] = residents;
    const ids = { r1: randomUUID(), r2: randomUUID(), r3: randomUUID(), r4: randomUUID(), other: randomUUID(), tomorrow: randomUUID() };
    await cm.create('round_visit', ids.r1, round(cg.id, a, today, { order: 1, minute: 10 * 60 + 30 }));
    await cm.create('round_visit', ids.r2, round(cg.id, b, today, { order: 0, minute: 8 * 60, fixed: true }));
    await cm.create('round_visit', ids.r3, round(cg.id, c, today, { order: 2, minute: null }));
    await cm.create('round_visit', ids.r4, round(cg.id, d, today, { order: 3, status: 'cancelled' }));
    await cm.create('round_visit', ids.other, round(cg2.id, d, today, { order: 0 }));
    await cm.create('round_visit', ids.tomorrow, round(cg.id, a, tomorrow, { order: 0 }));

    // The caregiver signs in on a fresh browser; the first sync brings her rounds.
    context = await newIsolatedContext(browser);
    const app: OpenedApp = await openApp(context, server.url);
    const page: Page = app.page;
    const signIn = await SignInPage.open(page);
    const sync = await signIn.signIn('cg', E2E_PASSWORD);
    const held = await sync.syncUntil('her rounds on the device', async () => (await rawGetAll(page, APP_DB, 'roundVisits')) as { id: string }[], (rs) => rs.length === 5);
    // Hers only (her work bucket): another caregiver's round never reaches her device.
    expect(held.map((r) => r.id).sort()).toEqual([ids.r1, ids.r2, ids.r3, ids.r4, ids.tomorrow].sort());
    const network = new NetworkSwitch(context, page, app.errors);

    // วันนี้ in the header; her four visits of the day in route order, the cancelled one as cancelled.
    await page.getByTestId('nav-today').filter({ hasText: t('today.nav') }).click();
    const day = new TodayPage(page);
    await day.waitReady(today);
    await until('her rounds listed', () => day.roundIds(), (r) => r.length === 4);
    expect(await day.roundIds()).toEqual([ids.r2, ids.r1, ids.r3, ids.r4]);
    expect(await day.states()).toEqual(['todo', 'todo', 'todo', 'cancelled']);
    expect(await day.countsShown()).toEqual({ planned: 3, done: 0, missed: 0, todo: 3 });
    expect(await day.row(ids.r2).getByTestId('today-time').innerText()).toContain('08:00 น.');
    expect(await day.row(ids.r3).getByTestId('today-time').innerText()).toBe(t('today.allDay'));
    expect(await day.row(ids.r1).getByRole('link', { name: /บุญมี|สมศรี/ }).first().getAttribute('href')).toBe(`#/residents/${a}`);
    expect(await day.row(ids.r1).getByTestId('today-phones').innerText()).toContain('081-234-5678');
    expect(await day.row(ids.r1).getByTestId('today-activities').innerText()).toContain('วัดสัญญาณชีพ');
    await until('what was found last time', () => day.row(ids.r1).getByTestId('today-last-time').innerText(), (s) => s === t('today.lastTime.never'));
    expect(await day.row(ids.r4).getByTestId('today-start').count()).toBe(0);

    // Offline in the field.
    await network.offline();
    await page.getByTestId('online-status').filter({ hasText: t('status.offline') }).waitFor();

    // Start the first visit of the route: the visit form for that resident; saved, the round is done.
    const form = await day.start(ids.r2);
    expect(page.url()).toContain(`#/residents/${b}/visits/new?round=${ids.r2}`);
    await form.fill({ duration: '30', vitals: { systolic: '165', diastolic: '85', pulse: '80' }, care: [{ code: 'bathing' }], observations: 'ความดันสูง' });
    const detail = await form.saveAndOpenVisit();
    const visitId = await detail.visitId();
    const back = await TodayPage.open(page);
    await back.waitForState(ids.r2, 'done');
    await until('the visit just made found', () => back.row(ids.r2).getByTestId('today-last-time').innerText(), (s) => s.includes('ความดันตัวบน 165'));
    expect(await back.row(ids.r2).getByTestId('today-open-visit').getAttribute('href')).toBe(`#/residents/${b}/visits/${visitId}`);
    // The visit and the round's outcome were written together, in that order.
    const queued = (await outboxRows(page)).map((e) => [e.table, e.op, e.recordId]);
    expect(queued).toEqual([
      ['visits', 'create', visitId],
      ['roundVisits', 'patch', ids.r2],
    ]);

    // Missed: saving without a reason names the field in Thai and keeps the note typed.
    const missed = await back.openMissed(ids.r1);
    await missed.note.fill('โทรแล้วไม่มีคนรับ');
    await missed.save.click();
    await until('the missing reason named', () => missed.errors(), (e) => e.length === 1);
    expect(await missed.errors()).toEqual([`${t('today.missedForm.reason')}: ${t('v.required')}`]);
    expect(await missed.note.inputValue()).toBe('โทรแล้วไม่มีคนรับ');
    await missed.reason.selectOption('not_home');
    await missed.save.click();
    await back.waitForState(ids.r1, 'missed');
    expect(await back.row(ids.r1).getByTestId('today-state').innerText()).toBe(t('today.state.missedReason', { reason: t('today.reason.not_home') }));
    expect(await back.row(ids.r1).getByTestId('today-note').innerText()).toBe('โทรแล้วไม่มีคนรับ');
    await back.waitForCounts({ planned: 3, done: 1, missed: 1, todo: 1 });

    // Accessibility with every kind of row, an open missed form with its error, and the unplanned picker.
    const missed3 = await back.openMissed(ids.r3);
    await missed3.save.click();
    await until('the missing reason named', () => missed3.errors(), (e) => e.length === 1);
    await page.getByTestId('today-unplanned').click();
    await page.getByTestId('today-unplanned-resident').first().waitFor();
    const serious = (await axeViolations(page)).filter(isSerious);
    expect(describeViolations('today', serious)).toBe(describeViolations('today', []));
    await page.getByTestId('today-unplanned-search').fill('ทองใบ');
    await until('the search narrowed', () => page.getByTestId('today-unplanned-resident').evaluateAll((els) => els.map((e) => e.getAttribute('data-resident-id'))), (r) => r.length === 1);
    expect(await page.getByTestId('today-unplanned-resident').getAttribute('href')).toBe(`#/residents/${c}/visits/new`);

    // Another day and back, still offline.
    await back.goNextDay(tomorrow);
    expect(await back.roundIds()).toEqual([ids.tomorrow]);
    await back.goToday(today);
    expect(await back.roundIds()).toEqual([ids.r2, ids.r1, ids.r3, ids.r4]);

    // Online again: the outbox drains by itself, and the care manager's pull holds both outcomes.
    await network.online();
    await page.getByTestId('online-status').filter({ hasText: t('status.online') }).waitFor();
    await until('the outbox sent', async () => (await outboxRows(page)).length, (n) => n === 0);
    const rows = await cm.pullAll();
    expect(rows.get(`round_visit/${ids.r2}`)?.data).toMatchObject({ outcome: 'done', visitId, missedReason: null });
    expect(rows.get(`round_visit/${ids.r1}`)?.data).toMatchObject({ outcome: 'missed', missedReason: 'not_home', outcomeNote: 'โทรแล้วไม่มีคนรับ', visitId: null });
    expect(rows.get(`round_visit/${ids.r3}`)?.data).toMatchObject({ outcome: null });
    expect(rows.get(`visit/${visitId}`)?.data).toMatchObject({ residentId: b, caregiverId: cg.id });
    expect(network.unexpectedErrors()).toEqual([]);
  });

  it('a visit changed after publishing is marked on her day with what changed until she has seen it; a locked one is not', async () => {
    await server.makeUser('cm-b', 'care_manager');
    const cg = await server.makeUser('cg-b', 'caregiver', ['c-07']);
    const today = todayBangkok();
    // Another day of the same week (the planner moves within its week).
    const other = dayOfWeek(today) === 0 ? addDays(today, -1) : addDays(today, 1);
    const cm = new ManagerClient(server.url);
    await cm.login('cm-b');
    const residents: string[] = [];
    for (const firstName of ['จันทร์', 'อังคาร', 'พุธ', 'พฤหัส']) {
      const id = randomUUID();
      await cm.create('resident', id, residentData('c-07', { firstName }));
      residents.push(id);
    }
    const [a = '', b = '', c = '', d = ''] = residents;
    const ids = { moved: randomUUID(), cancelled: randomUUID(), locked: randomUUID(), away: randomUUID() };
    const drafts: [string, RoundVisitData][] = [
      [ids.moved, round(cg.id, a, other, { order: 0, minute: 9 * 60, status: 'draft' })],
      [ids.cancelled, round(cg.id, b, today, { order: 0, minute: 8 * 60, status: 'draft' })],
      [ids.locked, round(cg.id, c, today, { order: 1, minute: 10 * 60, status: 'draft' })],
      [ids.away, round(cg.id, d, today, { order: 2, minute: 11 * 60, status: 'draft' })],
    ];
    // Planned as drafts, then published the way the planner publishes (publishWeek's own patch).
    for (const [id, data] of drafts) await cm.create('round_visit', id, data);
    for (const [id, data] of drafts) await cm.patch('round_visit', id, publishPatch(data));

    context = await newIsolatedContext(browser);
    const app: OpenedApp = await openApp(context, server.url);
    const page: Page = app.page;
    const sync = await (await SignInPage.open(page)).signIn('cg-b', E2E_PASSWORD);
    await sync.syncUntil('her rounds on the device', async () => (await rawGetAll(page, APP_DB, 'roundVisits')).length, (n) => n === 4);
    const day = await TodayPage.open(page, today);
    await until('her day', () => day.roundIds(), (r) => r.length === 3);
    // As published: nothing is marked.
    expect(await page.getByTestId('today-changed').count()).toBe(0);
    expect(await page.getByTestId('today-changed-elsewhere').count()).toBe(0);

    // The care manager, after publishing: moves one onto today (as moveVisit writes it: her route's end, any
    // time, locked), cancels one (a replan that did not keep it), only locks one, moves one to the other day.
    await cm.patch('round_visit', ids.moved, { caregiverId: cg.id, date: today, order: 3, locked: true, minute: null });
    await cm.patch('round_visit', ids.cancelled, { status: 'cancelled' });
    await cm.patch('round_visit', ids.locked, { locked: true });
    await cm.patch('round_visit', ids.away, { caregiverId: cg.id, date: other, order: 1, locked: true, minute: null });

    // Her next sync brings the changes.
    await sync.syncUntil('the changes on her day', () => day.roundIds(), (r) => r.includes(ids.moved) && !r.includes(ids.away));
    await until('the changed rows marked', () => page.getByTestId('today-changed').count(), (n) => n === 2);
    expect(await day.row(ids.moved).getAttribute('data-changed')).toBe('date time');
    expect(await day.row(ids.moved).getByTestId('today-changed').innerText()).toBe(t('today.changed.badge'));
    expect(await day.row(ids.moved).getByTestId('today-change').innerText()).toContain(t('today.changed.date', { date: thaiLongDate(other) }));
    expect(await day.row(ids.moved).getByTestId('today-change').innerText()).toContain(t('today.changed.time', { time: '09:00 น.' }));
    // Cancelled: still listed, as cancelled by the care manager.
    expect(await day.row(ids.cancelled).getAttribute('data-state')).toBe('cancelled');
    expect(await day.row(ids.cancelled).getByTestId('today-changed').innerText()).toBe(t('today.changed.cancelledBadge'));
    expect(await day.row(ids.cancelled).getByTestId('today-change').innerText()).toContain(t('today.changed.cancelled'));
    // Locking is not a change for her.
    expect(await day.row(ids.locked).getAttribute('data-changed')).toBeNull();
    // The one moved off today is linked from it.
    const link = page.getByTestId('today-changed-day');
    expect(await link.getAttribute('data-date')).toBe(other);
    expect(await link.innerText()).toBe(t('today.changed.elsewhereDay', { date: thaiLongDate(other), n: 1 }));
    const serious = (await axeViolations(page)).filter(isSerious);
    expect(describeViolations('today changed', serious)).toBe(describeViolations('today changed', []));

    // Seen: the mark goes, and stays gone after a reload; nothing of it is sent.
    await day.row(ids.moved).getByTestId('today-seen').click();
    await until('the moved one seen', () => day.row(ids.moved).getAttribute('data-changed'), (v) => v === null);
    expect(await day.row(ids.cancelled).getAttribute('data-changed')).toBe('cancelled');
    expect(await outboxRows(page)).toEqual([]);
    await page.reload();
    await page.getByTestId('lock-screen').waitFor(); // the app opens locked (docs/security.md §3)
    await unlock(page);
    const again = await TodayPage.open(page, today);
    await until('her day again', () => again.roundIds(), (r) => r.length === 3);
    expect(await again.row(ids.moved).getAttribute('data-changed')).toBeNull();
    expect(await again.row(ids.cancelled).getAttribute('data-changed')).toBe('cancelled');

    // The other day: the one moved there is marked too.
    await link.click();
    const there = new TodayPage(page);
    await there.waitReady(other);
    await until('the other day', () => there.roundIds(), (r) => r.includes(ids.away));
    expect(await there.row(ids.away).getAttribute('data-changed')).toBe('date time');
  });
});
