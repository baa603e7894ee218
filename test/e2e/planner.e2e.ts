/**
 * The week planner with a real server and two devices: residents with approved care plans and two
 * caregivers' availability are on the server (pushed by the care manager, as her device would); the care
 * manager's laptop syncs, plans the coming week (the progress of the run shown step by step), locks a
 * visit, moves one from the keyboard to a caregiver's day off (asked to confirm, then locked), drags one onto
 * the other caregiver's working day (moved at once) and then onto days off (asked to confirm: cancelled
 * once, confirmed once), plans again (all stay), and publishes. The caregiver's laptop then receives
 * exactly her own published rounds, no draft and none of the other caregiver's. Cover for her sick day gives
 * that day to the other caregiver: it leaves her laptop and her Today lists it as given away until seen.
 * Last, a replan of the published visits too keeps those that stay where they are. Before the first plan
 * every resident with a plan is listed below her plan's frequency; once planned in full, none is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addDays } from '../../shared/dates/calendar';
import { todayBangkok } from '../../shared/dates/thaiDate';
import { mondayOf } from '../../shared/rounds/weekInput';
import { openApp } from './support/app';
import { launchChromium, newIsolatedContext } from './support/chromium';
import { rawGetAll } from './support/idb';
import { approvedPlan, pushAs, seedResident, type SeedMutation } from './support/seed';
import { startE2eServer, E2E_PASSWORD, type E2eServer } from './support/server';
import { until } from './support/wait';
import { translator } from './pages/AppShell';
import { APP_DB, SignInPage, type SyncBar } from './pages/SyncPage';

const t = translator('th');

interface StoredRound {
  id: string;
  residentId: string;
  caregiverId: string;
  date: string;
  status: string;
  locked: boolean;
  weekStart: string;
  deletedAt: string | null;
}

async function rounds(page: Page): Promise<StoredRound[]> {
  return ((await rawGetAll(page, APP_DB, 'roundVisits')) as StoredRound[]).filter((r) => r.deletedAt === null);
}

describe('week planner (Chromium, real IndexedDB, real server)', () => {
  let server: E2eServer;
  let browser: Browser;
  let cm: string;
  let cg1: string;
  let cg2: string;
  const week = addDays(mondayOf(todayBangkok()), 7);

  beforeAll(async () => {
    server = await startE2eServer();
    cm = (await server.makeUser('cm', 'care_manager')).id;
    cg1 = (await server.makeUser('cg1', 'caregiver', ['c-06'])).id;
    cg2 = (await server.makeUser('cg2', 'caregiver', ['c-06'])).id;
    browser = await launchChromium();
    // Three residents of c-06 near each other, each with an approved plan: bathing twice a week by the caregiver.
    const names = ['บุญมี', 'สมพร', 'ทองใบ'];
    const residents: SeedMutation[] = names.map((name, i) => ({ type: 'resident', fields: seedResident('c-06', name, { lat: 14.022 + i * 0.002, lng: 100.73 }) }));
    const residentIds = await pushAs(server.url, 'cm', residents);
    await pushAs(
      server.url,
      'cm',
      residentIds.map((residentId, i) => ({ type: 'care_plan', fields: approvedPlan(residentId, i < 2 ? cg1 : cg2, cm, addDays(week, -30)) })),
    );
    const weekdays = { skills: [], workingDays: [1, 2, 3, 4, 5], startMinute: 480, endMinute: 960, weeklyVisitCap: 30, base: null };
    await pushAs(server.url, 'cm', [
      { type: 'availability', id: cg1, fields: { userId: cg1, ...weekdays } },
      { type: 'availability', id: cg2, fields: { userId: cg2, ...weekdays } },
    ]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function device(username: string): Promise<{ page: Page; sync: SyncBar; errors: string[] }> {
    const context = await newIsolatedContext(browser);
    const app = await openApp(context, server.url);
    const sync = await (await SignInPage.open(app.page)).signIn(username, E2E_PASSWORD);
    return { page: app.page, sync, errors: app.errors };
  }

  it('plans, locks, moves with confirmation, keeps both through a replan, publishes; the caregiver receives only her own; cover for her sick day takes them off her laptop', async () => {
    const a = await device('cm');
    await a.sync.syncUntil('the care plans on the care manager’s laptop', async () => (await rawGetAll(a.page, APP_DB, 'carePlans')).length, (n) => n === 3);
    await a.page.getByTestId('nav-rounds').click();
    const page = a.page;
    await page.getByTestId('planner-grid').waitFor();
    expect(await page.getByTestId('planner-week').getAttribute('data-week')).toBe(week);
    expect(await page.getByTestId('planner-row').count()).toBe(2);
    // Nothing planned yet: every resident with a plan is listed below her plan's frequency.
    await until('the residents below their plans', () => page.getByTestId('planner-below-item').count(), (n) => n === 3);

    // Every state of the progress indicator while the run goes, and whether the button was disabled then.
    await page.evaluate(() => {
      const seen: { step: string; label: string; value: string | null; max: string | null; planDisabled: boolean }[] = [];
      (window as unknown as { __progress: typeof seen }).__progress = seen;
      new MutationObserver(() => {
        const el = document.querySelector<HTMLElement>('[data-testid="planner-progress"]');
        if (!el) return;
        const bar = el.querySelector('progress');
        const state = {
          step: el.dataset.step ?? '',
          label: el.querySelector('[role="status"]')?.textContent ?? '',
          value: bar?.getAttribute('value') ?? null,
          max: bar?.getAttribute('max') ?? null,
          planDisabled: document.querySelector<HTMLButtonElement>('[data-testid="planner-plan"]')?.disabled ?? false,
        };
        const last = seen[seen.length - 1];
        if (!last || last.label !== state.label || last.value !== state.value) seen.push(state);
      }).observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
    });
    await page.getByTestId('planner-plan').click();
    await page.getByTestId('planner-message').filter({ hasText: 'จัดรอบแล้ว 6 รอบ' }).waitFor();
    // Planned in full: the warning goes.
    await page.getByTestId('planner-below').waitFor({ state: 'detached' });
    await page.getByTestId('planner-unmet-none').waitFor();
    const progress = await page.evaluate(() => (window as unknown as { __progress: { step: string; label: string; value: string | null; max: string | null; planDisabled: boolean }[] }).__progress);
    expect(progress.map((p) => p.step)).toEqual(['reading', 'planning', 'writing', 'writing']);
    expect(progress.map((p) => p.label)).toEqual([
      t('planner.progress.reading'),
      t('planner.progress.planning'),
      t('planner.progress.writing', { done: 0, total: 6 }),
      t('planner.progress.writing', { done: 6, total: 6 }),
    ]);
    expect(progress.slice(2).map((p) => [p.value, p.max])).toEqual([
      ['0', '6'],
      ['6', '6'],
    ]);
    expect(progress.every((p) => p.planDisabled)).toBe(true);
    expect(await page.getByTestId('planner-progress').count()).toBe(0); // gone once the run is over
    const planned = await rounds(page);
    expect(planned.filter((r) => r.weekStart === week).map((r) => r.status)).toEqual(Array(6).fill('draft'));
    // Never on the week's holidays or a weekend: the caregivers work Monday to Friday.
    for (const r of planned) expect(new Date(`${r.date}T00:00:00Z`).getUTCDay() % 6).not.toBe(0);
    const total = async (): Promise<number> => (await page.getByTestId('planner-cell').evaluateAll((cells) => cells.map((c) => Number((c as HTMLElement).dataset.visits)))).reduce((s, n) => s + n, 0);
    expect(await total()).toBe(6);

    // Lock one of cg1's visits, from the keyboard.
    const cg1Row = page.locator(`[data-testid="planner-row"][data-caregiver="${cg1}"]`);
    const busy = cg1Row.locator('[data-testid="planner-cell"]:not([data-visits="0"])').first();
    await busy.focus();
    await page.keyboard.press('Enter');
    const first = page.getByTestId('planner-visit').first();
    const lockedId = (await first.getAttribute('data-id')) ?? '';
    await first.getByTestId('planner-lock').press('Enter');
    await until('the visit locked', async () => (await rounds(page)).find((r) => r.id === lockedId)?.locked, (l) => l === true);

    // Move another to cg2 on Saturday: not her working day, so the move asks for confirmation first.
    const other = page.getByTestId('planner-visit').nth(1);
    const movedId = (await other.count()) > 0 ? ((await other.getAttribute('data-id')) ?? '') : lockedId;
    await page.locator(`[data-testid="planner-visit"][data-id="${movedId}"]`).getByTestId('planner-move').click();
    await page.getByTestId('planner-move-to').selectOption(cg2);
    const saturday = addDays(week, 5);
    await page.getByTestId('planner-move-day').selectOption(saturday);
    await page.getByTestId('planner-move-submit').click();
    const warning = page.getByTestId('planner-move-warning');
    await warning.waitFor();
    expect(await warning.innerText()).toContain(t('planner.warn.not_working'));
    expect((await rounds(page)).find((r) => r.id === movedId)?.caregiverId).toBe(cg1); // nothing moved yet
    await page.getByTestId('planner-move-confirm').click();
    await page.getByTestId('planner-move-done').waitFor();
    await until('the visit moved', async () => (await rounds(page)).find((r) => r.id === movedId), (r) => r?.caregiverId === cg2 && r.date === saturday && r.locked);
    const cg2Saturday = page.locator(`[data-testid="planner-row"][data-caregiver="${cg2}"] [data-testid="planner-cell"][data-date="${saturday}"]`);
    await until('the grid shows it on her day off', async () => cg2Saturday.getAttribute('data-warnings'), (w) => w === 'not_working');

    // Drag and drop: one of cg1's visits onto cg2's cell of the same day (she works it, in the same
    // community): moved at once, locked, and said so.
    const cellOf = (caregiverId: string, date: string) => page.locator(`[data-testid="planner-row"][data-caregiver="${caregiverId}"] [data-testid="planner-cell"][data-date="${date}"]`);
    const visitsIn = async (caregiverId: string, date: string): Promise<number> => Number(await cellOf(caregiverId, date).getAttribute('data-visits'));
    await cg1Row.locator('[data-testid="planner-cell"]:not([data-visits="0"])').first().click();
    const dragRow = page.getByTestId('planner-visit').first();
    const draggedId = (await dragRow.getAttribute('data-id')) ?? '';
    const dragDay = (await rounds(page)).find((r) => r.id === draggedId)?.date ?? '';
    expect((await rounds(page)).find((r) => r.id === draggedId)?.caregiverId).toBe(cg1);
    const cg2Before = await visitsIn(cg2, dragDay);
    const residentName = await dragRow.locator('span').nth(1).innerText();
    const cg2Name = await page.locator(`[data-testid="planner-row"][data-caregiver="${cg2}"] th`).innerText();
    const dayColumn = await page.locator('[data-testid="planner-grid"] thead th').nth(1 + (new Date(`${dragDay}T00:00:00Z`).getTime() - new Date(`${week}T00:00:00Z`).getTime()) / 86_400_000).innerText();
    await dragRow.dragTo(cellOf(cg2, dragDay));
    await until('the dragged visit moved', async () => (await rounds(page)).find((r) => r.id === draggedId), (r) => r?.caregiverId === cg2 && r.date === dragDay && r.locked);
    expect(await page.getByTestId('planner-move-warning').count()).toBe(0);
    await page.getByTestId('planner-message').filter({ hasText: t('planner.move.doneTo', { resident: residentName, name: cg2Name, day: dayColumn }) }).waitFor();
    await until('the grid counts it on cg2', () => visitsIn(cg2, dragDay), (n) => n === cg2Before + 1);

    // Dragged from cg2's day onto cg1's Sunday (not her working day): held with the reason, nothing moves
    // until she confirms; cancelled. Then onto cg2's Saturday: confirmed, moved and locked.
    await cellOf(cg2, dragDay).click();
    const again = page.locator(`[data-testid="planner-visit"][data-id="${draggedId}"]`);
    const sunday = addDays(week, 6);
    await again.dragTo(cellOf(cg1, sunday));
    const dragWarning = page.getByTestId('planner-move-warning');
    await dragWarning.waitFor();
    expect(await dragWarning.getAttribute('data-way')).toBe('drag');
    expect(await dragWarning.innerText()).toContain(t('planner.warn.not_working'));
    expect((await rounds(page)).find((r) => r.id === draggedId)).toMatchObject({ caregiverId: cg2, date: dragDay }); // nothing moved yet
    await page.getByTestId('planner-move-cancel').click();
    await dragWarning.waitFor({ state: 'detached' });
    expect((await rounds(page)).find((r) => r.id === draggedId)).toMatchObject({ caregiverId: cg2, date: dragDay });
    expect(await visitsIn(cg1, sunday)).toBe(0);

    await again.dragTo(cellOf(cg2, saturday));
    await dragWarning.waitFor();
    expect(await dragWarning.innerText()).toContain(t('planner.warn.not_working'));
    expect((await rounds(page)).find((r) => r.id === draggedId)?.date).toBe(dragDay);
    await page.getByTestId('planner-move-confirm').click();
    await until('the dragged visit on her Saturday', async () => (await rounds(page)).find((r) => r.id === draggedId), (r) => r?.caregiverId === cg2 && r.date === saturday && r.locked);
    await until('the grid counts both on her Saturday', () => visitsIn(cg2, saturday), (n) => n === 2);
    await dragWarning.waitFor({ state: 'detached' });

    // Planning again keeps what was locked and moved, and still plans six visits.
    await page.getByTestId('planner-day-close').click();
    await page.getByTestId('planner-plan').click();
    await page.getByTestId('planner-message').filter({ hasText: 'จัดรอบแล้ว 6 รอบ' }).waitFor();
    const after = await rounds(page);
    expect(after.find((r) => r.id === lockedId)?.locked).toBe(true);
    expect(after.find((r) => r.id === movedId)).toMatchObject({ caregiverId: cg2, date: saturday });
    expect(after.find((r) => r.id === draggedId)).toMatchObject({ caregiverId: cg2, date: saturday, locked: true });
    expect(after.filter((r) => r.weekStart === week)).toHaveLength(6);

    await page.getByTestId('planner-publish').click();
    await page.getByTestId('planner-message').filter({ hasText: 'เผยแพร่แล้ว 6 รอบ' }).waitFor();
    await a.sync.syncUntil('the rounds sent', async () => (await rawGetAll(page, APP_DB, 'outbox')).length, (n) => n === 0);

    // The caregiver's laptop: her published rounds only.
    const b = await device('cg1');
    const hers = await b.sync.syncUntil('her rounds on her laptop', () => rounds(b.page), (rs) => rs.length > 0);
    const expected = after.filter((r) => r.caregiverId === cg1).map((r) => r.id).sort();
    expect(hers.map((r) => r.id).sort()).toEqual(expected);
    expect(hers.every((r) => r.status === 'published' && r.caregiverId === cg1)).toBe(true);
    expect(await b.page.getByTestId('nav-rounds').count()).toBe(0);

    // She calls in sick for a day: the care manager finds cover (cg2, the only other one, works that day in
    // the same community) and gives her the day; at the next sync those visits leave cg1's laptop.
    const sickDay = hers.find((r) => r.id !== lockedId)?.date ?? hers[0]?.date ?? '';
    const sickIds = hers.filter((r) => r.date === sickDay).map((r) => r.id).sort();
    await page.locator(`[data-testid="planner-row"][data-caregiver="${cg1}"] [data-testid="planner-cell"][data-date="${sickDay}"]`).click();
    await page.getByTestId('planner-cover').click();
    const best = page.getByTestId('planner-cover-candidate').first();
    expect(await best.getAttribute('data-caregiver')).toBe(cg2);
    expect(await best.innerText()).toContain('ทำงานวันนี้');
    await best.getByTestId('planner-cover-give').click();
    await page.getByTestId('planner-cover-done').waitFor();
    const given = (await rounds(page)).filter((r) => sickIds.includes(r.id));
    expect(given.every((r) => r.caregiverId === cg2 && r.date === sickDay && r.locked)).toBe(true);
    await a.sync.syncUntil('the cover sent', async () => (await rawGetAll(page, APP_DB, 'outbox')).length, (n) => n === 0);
    await b.sync.syncUntil('the given visits gone from her laptop', () => rounds(b.page), (rs) => rs.every((r) => !sickIds.includes(r.id)));
    // On that day her laptop lists them as given to another caregiver, so she does not go; "seen" clears each.
    await b.page.evaluate((h) => {
      window.location.hash = h;
    }, `#/today/${sickDay}`);
    const goneItems = b.page.getByTestId('today-gone-item');
    await until('the given visits listed on her day', () => goneItems.evaluateAll((els) => els.map((e) => e.getAttribute('data-round-id')).sort()), (ids) => ids.length === sickIds.length);
    expect((await goneItems.evaluateAll((els) => els.map((e) => e.getAttribute('data-round-id')))).sort()).toEqual(sickIds);
    expect(await goneItems.first().innerText()).toContain(t('today.gone.text'));
    await goneItems.first().getByTestId('today-gone-seen').click();
    await until('one seen', () => goneItems.count(), (n) => n === sickIds.length - 1);

    // Asked to replan published visits too: the locked ones stay; a published visit the plan leaves on its
    // caregiver and day stays published (never cancelled and re-created), and the week still has six.
    await page.getByTestId('planner-replan-published').check();
    await page.getByTestId('planner-plan').filter({ hasText: t('planner.replanAll') }).click();
    await page.getByTestId('planner-message').filter({ hasText: 'จัดรอบแล้ว 6 รอบ' }).waitFor();
    const replanned = (await rounds(page)).filter((r) => r.weekStart === week);
    const cancelled = replanned.filter((r) => r.status === 'cancelled');
    const drafts = replanned.filter((r) => r.status === 'draft');
    expect(cancelled.filter((c) => drafts.some((d) => d.residentId === c.residentId && d.caregiverId === c.caregiverId && d.date === c.date))).toEqual([]);
    expect(replanned.filter((r) => r.status !== 'cancelled')).toHaveLength(6);
    expect(replanned.filter((r) => r.locked).every((r) => r.status === 'published')).toBe(true);
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
  });
});
