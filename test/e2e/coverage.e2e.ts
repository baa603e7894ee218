/**
 * Coverage of last week's rounds with a real server (docs/domain.md §9): the care manager has pushed three
 * residents in two communities with approved plans and last week's rounds (published, one cancelled, one
 * still a draft); the caregivers pushed their visit records and the outcomes of their own rounds (done with
 * the visit, missed with a reason) and one visit without a round. The care manager's laptop syncs, goes from
 * the planner to coverage, steps to last week, and reads the counts per caregiver and community; the
 * under-visited residents open with their missed reasons, and a name opens the resident's profile.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator } from 'playwright-core';
import { addDays, bangkokInstant } from '../../shared/dates/calendar';
import { todayBangkok } from '../../shared/dates/thaiDate';
import { mondayOf } from '../../shared/rounds/weekInput';
import { EMPTY_VITALS } from '../../shared/vitals';
import { openApp } from './support/app';
import { launchChromium, newIsolatedContext } from './support/chromium';
import { rawGetAll } from './support/idb';
import { approvedPlan, pushAs, seedResident, type SeedMutation } from './support/seed';
import { startE2eServer, E2E_PASSWORD, type E2eServer } from './support/server';
import { translator } from './pages/AppShell';
import { APP_DB, SignInPage } from './pages/SyncPage';

const t = translator('th');
const COLUMNS = ['planned', 'done', 'missed', 'cancelled', 'upcoming', 'unrecorded', 'unplanned'] as const;

async function tallyOf(row: Locator): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const c of [...COLUMNS, 'under']) out[c] = Number(await row.getAttribute(`data-${c}`));
  return out;
}

function visitFields(residentId: string, caregiverId: string, date: string): object {
  const startedAt = bangkokInstant(date, '09:00');
  return {
    residentId,
    caregiverId,
    planned: true,
    type: 'routine',
    startedAt,
    endedAt: new Date(Date.parse(startedAt) + 40 * 60_000).toISOString(),
    serviceDate: date,
    gps: null,
    outcome: 'done',
    missedReason: null,
    missedNote: '',
    vitals: { ...EMPTY_VITALS },
    recheckNote: '',
    careGiven: [{ code: 'bathing', minutes: 30 }],
    mood: null,
    observations: '',
    problems: [],
    escalation: 'none',
    escalationReason: '',
    nextVisitDate: null,
    photos: [],
    photoConsent: false,
    archivedReason: null,
  };
}

describe('rounds coverage (Chromium, real IndexedDB, real server)', () => {
  let server: E2eServer;
  let browser: Browser;
  let cg1: string;
  let cg2: string;
  const week = addDays(mondayOf(todayBangkok()), -7);
  const day = (n: number): string => addDays(week, n);
  const [r1, r2, r3] = [randomUUID(), randomUUID(), randomUUID()];

  beforeAll(async () => {
    server = await startE2eServer();
    const cm = (await server.makeUser('cm', 'care_manager')).id;
    cg1 = (await server.makeUser('cg1', 'caregiver', ['c-06'])).id;
    cg2 = (await server.makeUser('cg2', 'caregiver', ['c-06', 'c-07'])).id;
    browser = await launchChromium();
    const residents: [string, string, string][] = [
      [r1, 'c-06', 'บุญมี'],
      [r2, 'c-06', 'สมพร'],
      [r3, 'c-07', 'ทองใบ'],
    ];
    await pushAs(
      server.url,
      'cm',
      residents.map(([id, communityId, firstName]) => ({
        type: 'resident',
        id,
        fields: seedResident(communityId, firstName),
      })),
    );
    // Each plan asks two caregiver visits a week: r1 and r2 by cg1, r3 by cg2.
    await pushAs(
      server.url,
      'cm',
      residents.map(([residentId], i) => ({ type: 'care_plan', fields: approvedPlan(residentId, i < 2 ? cg1 : cg2, cm, addDays(week, -30)) })),
    );
    const roundIds = Array.from({ length: 8 }, () => randomUUID());
    const round = (i: number, residentId: string, caregiverId: string, d: number, status: string): SeedMutation => ({
      type: 'round_visit',
      id: roundIds[i],
      fields: { weekStart: week, residentId, communityId: residents.find(([id]) => id === residentId)?.[1] ?? 'c-06', caregiverId, date: day(d), minute: null, minutes: 45, fixed: false, order: 0, legKm: 0, activities: ['bathing'], status, locked: false, outcome: null, missedReason: null, outcomeNote: '', visitId: null },
    });
    await pushAs(server.url, 'cm', [
      round(0, r1, cg1, 0, 'published'), // done, with its visit
      round(1, r1, cg1, 2, 'published'), // done, with its visit
      round(2, r2, cg1, 1, 'published'), // missed: not at home
      round(3, r2, cg1, 3, 'published'), // missed: in hospital
      round(4, r3, cg2, 1, 'published'), // missed: refused
      round(5, r3, cg2, 3, 'published'), // no outcome recorded
      round(6, r1, cg2, 4, 'cancelled'),
      round(7, r2, cg2, 5, 'draft'), // not planned for anyone yet
    ]);
    const [v0, v1] = await pushAs(server.url, 'cg1', [
      { type: 'visit', fields: visitFields(r1, cg1, day(0)) },
      { type: 'visit', fields: visitFields(r1, cg1, day(2)) },
    ]);
    await pushAs(server.url, 'cg1', [
      { type: 'round_visit', id: roundIds[0], op: 'patch', fields: { outcome: 'done', visitId: v0 } },
      { type: 'round_visit', id: roundIds[1], op: 'patch', fields: { outcome: 'done', visitId: v1 } },
      { type: 'round_visit', id: roundIds[2], op: 'patch', fields: { outcome: 'missed', missedReason: 'not_home' } },
      { type: 'round_visit', id: roundIds[3], op: 'patch', fields: { outcome: 'missed', missedReason: 'in_hospital' } },
    ]);
    // cg2: a visit to r3 on Saturday without a round (unplanned), and her missed round.
    await pushAs(server.url, 'cg2', [
      { type: 'visit', fields: { ...visitFields(r3, cg2, day(5)), planned: false } },
      { type: 'round_visit', id: roundIds[4], op: 'patch', fields: { outcome: 'missed', missedReason: 'refused' } },
    ]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows last week per caregiver and community, opens the under-visited residents, and a name opens the profile', async () => {
    const context = await newIsolatedContext(browser);
    const app = await openApp(context, server.url);
    const page = app.page;
    const sync = await (await SignInPage.open(page)).signIn('cm', E2E_PASSWORD);
    await sync.syncUntil(
      'last week’s rounds and visits on the care manager’s laptop',
      async () => [(await rawGetAll(page, APP_DB, 'roundVisits')).length, (await rawGetAll(page, APP_DB, 'visits')).length, (await rawGetAll(page, APP_DB, 'carePlans')).length],
      ([rounds, visits, plans]) => rounds === 8 && visits === 3 && plans === 3,
    );

    // From the planner (next week) to coverage, then back to last week.
    await page.getByTestId('nav-rounds').click();
    await page.getByTestId('planner-coverage').click();
    await page.getByTestId('coverage-page').waitFor();
    expect(await page.getByTestId('coverage-week').getAttribute('data-week')).toBe(addDays(week, 14));
    await page.getByTestId('coverage-last-week').click();
    await page.locator(`[data-testid="coverage-week"][data-week="${week}"]`).waitFor();
    await page.getByTestId('coverage-total').first().waitFor();
    expect(await page.getByTestId('coverage-drafts').getAttribute('data-drafts')).toBe('1');

    const caregivers = page.getByTestId('coverage-caregiver');
    const communities = page.getByTestId('coverage-community');
    const row = (table: Locator, id: string): Locator => table.locator(`[data-testid="coverage-row"][data-group="${id}"]`);
    expect(await tallyOf(row(caregivers, cg1))).toEqual({ planned: 4, done: 2, missed: 2, cancelled: 0, upcoming: 0, unrecorded: 0, unplanned: 0, under: 1 });
    expect(await tallyOf(row(caregivers, cg2))).toEqual({ planned: 3, done: 0, missed: 1, cancelled: 1, upcoming: 0, unrecorded: 1, unplanned: 1, under: 1 });
    expect(await tallyOf(row(communities, 'c-06'))).toEqual({ planned: 5, done: 2, missed: 2, cancelled: 1, upcoming: 0, unrecorded: 0, unplanned: 0, under: 1 });
    expect(await tallyOf(row(communities, 'c-07'))).toEqual({ planned: 2, done: 0, missed: 1, cancelled: 0, upcoming: 0, unrecorded: 1, unplanned: 1, under: 1 });
    const total = await tallyOf(caregivers.getByTestId('coverage-total'));
    expect(total).toMatchObject({ planned: 7, done: 2, missed: 3, cancelled: 1, unrecorded: 1, unplanned: 1 });
    expect(await tallyOf(communities.getByTestId('coverage-total'))).toEqual(total);
    expect(await row(communities, 'c-06').locator('th').innerText()).toBe('ชุมชนหมู่บ้านรัตนโกสินทร์');

    // The community c-06 opens to สมพร: two visits required, none took place, two missed with their reasons.
    await row(communities, 'c-06').getByTestId('coverage-under-toggle').click();
    const c06 = communities.locator('[data-testid="coverage-under"][data-group="c-06"]');
    const somporn = c06.locator(`[data-testid="coverage-under-resident"][data-resident="${r2}"]`);
    await somporn.waitFor();
    expect(await c06.getByTestId('coverage-under-resident').count()).toBe(1);
    expect({ required: await somporn.getAttribute('data-required'), took: await somporn.getAttribute('data-took-place'), missed: await somporn.getAttribute('data-missed') }).toEqual({ required: '2', took: '0', missed: '2' });
    const reasons = await somporn.getByTestId('coverage-under-reasons').innerText();
    expect(reasons).toContain(t('coverage.reason.not_home'));
    expect(reasons).toContain(t('coverage.reason.in_hospital'));

    // cg2's row opens to ทองใบ: one of two visits took place (the unplanned one), one missed as refused.
    await row(caregivers, cg2).getByTestId('coverage-under-toggle').click();
    const thongbai = caregivers.locator(`[data-testid="coverage-under"][data-group="${cg2}"] [data-testid="coverage-under-resident"][data-resident="${r3}"]`);
    await thongbai.waitFor();
    expect(await thongbai.getAttribute('data-took-place')).toBe('1');
    expect(await thongbai.getByTestId('coverage-under-reasons').innerText()).toContain(t('coverage.reason.refused'));

    // A name opens the profile.
    await somporn.getByRole('link').click();
    await page.getByTestId('profile-name').filter({ hasText: 'สมพร' }).waitFor();
    expect(page.url()).toContain(`#/residents/${r2}`);
    expect(app.errors).toEqual([]);
  });
});
