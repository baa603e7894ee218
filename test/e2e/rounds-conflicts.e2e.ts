/**
 * The conflicts inbox on a weekly-rounds record (docs/domain.md §9, docs/sync-protocol.md §9) against a real
 * server: two care managers, offline on the same published round visit, move it (one gives it to another
 * caregiver on Wednesday, the other moves it to Thursday and back to its caregiver); the server keeps the
 * later move and opens conflicts on the day and the caregiver. A care manager's fresh browser shows each card
 * in Thai words: the round's resident and day, the field's label, the caregivers by name and the days in the
 * Buddhist Era year, never a field name, an ISO date or a user id.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { publishPatch } from '../../shared/rounds/changed';
import type { RoundVisitData } from '../../shared/rounds/recordsSchema';
import { roundVisitOf } from '../../shared/rounds/testWeek';
import { openApp } from './support/app';
import { launchChromium, newIsolatedContext } from './support/chromium';
import { rawGetAll } from './support/idb';
import { pushAs, pushAsWithResults, seedResident } from './support/seed';
import { startE2eServer, E2E_PASSWORD, type E2eServer } from './support/server';
import { translator } from './pages/AppShell';
import { ConflictsPage } from './pages/ConflictsPage';
import { APP_DB, SignInPage } from './pages/SyncPage';

const t = translator('th');

describe('a round visit conflict in the inbox (Chromium, real server)', () => {
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

  it('two care managers moving the same visit: the cards say which round, which field and both values in Thai', async () => {
    await server.makeUser('cm-a', 'care_manager');
    await server.makeUser('cm-b', 'care_manager');
    const somjai = await server.makeUser('somjai', 'caregiver', ['c-07']);
    const malee = await server.makeUser('malee', 'caregiver', ['c-07']);

    const [residentId = ''] = await pushAs(server.url, 'cm-a', [{ type: 'resident', fields: seedResident('c-07', 'ทองดี') }]);
    const round: RoundVisitData = roundVisitOf({ weekStart: '2026-12-07', residentId, communityId: 'c-07', caregiverId: somjai.id, date: '2026-12-08', minutes: 45, activities: ['bathing'] });

    const id = randomUUID();
    const published = await pushAsWithResults(server.url, 'cm-a', [
      { type: 'round_visit', id, fields: round },
      { type: 'round_visit', id, op: 'patch', fields: publishPatch(round) },
    ]);
    const last = published.results[1];
    if (last?.status !== 'applied') throw new Error('not published');
    // Both offline since the publish: A gives it to Malee on Wednesday, B (later) moves it to Thursday, hers.
    const first = await pushAsWithResults(server.url, 'cm-a', [{ type: 'round_visit', id, op: 'patch', fields: { caregiverId: malee.id, date: '2026-12-09' }, baseSeq: last.seq }]);
    expect(first.results[0]).toMatchObject({ status: 'applied' });
    expect(first.results[0]).not.toHaveProperty('conflictIds');
    const second = await pushAsWithResults(server.url, 'cm-b', [{ type: 'round_visit', id, op: 'patch', fields: { caregiverId: somjai.id, date: '2026-12-10' }, baseSeq: last.seq }]);
    expect(second.results[0]).toMatchObject({ status: 'applied', conflictIds: [expect.any(String), expect.any(String)] });

    context = await newIsolatedContext(browser);
    const { page } = await openApp(context, server.url);
    const sync = await (await SignInPage.open(page)).signIn('cm-a', E2E_PASSWORD);
    await sync.syncUntil('both conflicts on the device', async () => (await rawGetAll(page, APP_DB, 'conflicts')).length, (n) => n === 2);
    const inbox = await ConflictsPage.open(page);

    const title = t('conflicts.record.round_visit', { name: 'นางทองดี ใจดี', date: '10 ธันวาคม 2569' });
    const day = await inbox.read('date');
    expect(day.record).toBe(title);
    expect(day.field).toBe('วันที่เยี่ยม');
    expect(day.current).toMatch(/^10 ธันวาคม 2569 โดย CM-B เมื่อ /);
    expect(day.other).toMatch(/^9 ธันวาคม 2569 โดย คุณ \(CM-A\) เมื่อ /);

    const who = await inbox.read('caregiverId');
    expect(who.record).toBe(title);
    expect(who.field).toBe('ผู้ดูแลที่ไปเยี่ยม');
    expect(who.current).toMatch(/^SOMJAI โดย CM-B /);
    expect(who.other).toMatch(/^MALEE โดย คุณ \(CM-A\) /);

    // Nothing raw: no field names, ISO dates or ids on the cards.
    const text = await inbox.list.innerText();
    for (const raw of ['caregiverId', '2026-12-', somjai.id.slice(0, 8), malee.id.slice(0, 8), t('sync.conflicts.unknownRecord')]) expect(text).not.toContain(raw);
  });
});
