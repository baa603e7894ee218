/**
 * The route sheet (ใบงานเยี่ยมบ้าน) with a real server: three residents of c-06 with Thai names and full
 * addresses, and a caregiver's published round visits (one day of three stops, one more later in the week),
 * are on the server, pushed by the care manager as her device would. The caregiver signs in on a fresh
 * browser, syncs, and opens her sheet of the day: the stops in route order with time, address, phones and
 * what to do. "Print / save as PDF" in a browser opens Chromium's print dialog with the suggested file name
 * as the title. The printed PDF (print media, as Electron's printToPDF renders it) is read back with
 * pdftotext (poppler-utils, installed by scripts/install-system-deps.sh): Thai names, the BE year and the
 * activities in Thai are there, the app's navigation is not; the week sheet puts each day on its own page.
 * The care manager reaches the same sheets from the planner's day panel, where her drafts are named, not printed.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildResidentProfile } from '../../shared/demo/builders';
import { openApp } from './support/app';
import { launchChromium, newIsolatedContext } from './support/chromium';
import { rawGetAll } from './support/idb';
import { pushAs, type SeedMutation } from './support/seed';
import { startE2eServer, E2E_PASSWORD, type E2eServer } from './support/server';
import { translator } from './pages/AppShell';
import { APP_DB, SignInPage } from './pages/SyncPage';

const run = promisify(execFile);
const t = translator('th');

// Tuesday 8 December 2026 = 8 ธันวาคม 2569; its week starts on Monday the 7th.
const WEEK = '2026-12-07';
const DAY = '2026-12-08';
const LATER = '2026-12-10';

async function pdfText(file: string): Promise<string> {
  const { stdout } = await run('pdftotext', ['-layout', file, '-']);
  return stdout;
}

/**
 * pdftotext -layout places each glyph where it is printed, so it may add a space inside a Thai word (after an
 * upper vowel with a tone mark: "ฟื้ นฟู") and interleaves the lines of side-by-side cells: compare without
 * whitespace, and only what fits on one line of a cell.
 */
function squashed(text: string): string {
  return text.replace(/\s+/g, '');
}

async function pdfPages(file: string): Promise<number> {
  const { stdout } = await run('pdfinfo', [file]);
  return Number(/^Pages:\s+(\d+)/m.exec(stdout)?.[1] ?? 'NaN');
}

describe('route sheet (Chromium, real IndexedDB, real server, PDF read back)', () => {
  let server: E2eServer;
  let browser: Browser;
  let dir: string;
  let cg: string;
  const names = ['บุญมี', 'สมพร', 'ทองใบ'];
  let residentIds: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'route-sheet-'));
    server = await startE2eServer();
    await server.makeUser('cm', 'care_manager');
    cg = (await server.makeUser('cg', 'caregiver', ['c-06'])).id;
    const other = (await server.makeUser('cg2', 'caregiver', ['c-06'])).id;
    browser = await launchChromium();
    const residents: SeedMutation[] = names.map((firstName, i) => ({
      type: 'resident',
      fields: {
        ...buildResidentProfile({ communityId: 'c-06', firstName }),
        address: {
          houseNo: `1${i}/3`,
          moo: '5',
          village: '',
          soi: 'ซอยเทศบาล 2',
          road: 'ถนนรังสิต-นครนายก',
          subDistrict: 'ประชาธิปัตย์',
          district: 'ธัญบุรี',
          province: 'ปทุมธานี',
          postalCode: '12130',
        },
        phones: [{ number: `081234567${i}`, label: '' }],
        nationalId: null,
        noIdReason: 'ไม่มีบัตร',
        gps: null,
        status: 'active',
        statusDate: null,
        statusReason: '',
        latestAdl: null,
      },
    }));
    residentIds = await pushAs(server.url, 'cm', residents);
    const [a = '', b = '', c = ''] = residentIds;
    const round = (caregiverId: string, residentId: string, date: string, o: { order: number; minute: number | null; activities: string[]; status?: string; fixed?: boolean }) => ({
      type: 'round_visit',
      fields: {
        weekStart: WEEK,
        residentId,
        communityId: 'c-06',
        caregiverId,
        date,
        minute: o.minute,
        minutes: 45,
        fixed: o.fixed ?? false,
        order: o.order,
        legKm: 1.5,
        activities: o.activities,
        status: o.status ?? 'published',
        locked: false,
        outcome: null,
        missedReason: null,
        outcomeNote: '',
        visitId: null,
      },
    });
    await pushAs(server.url, 'cm', [
      round(cg, b, DAY, { order: 1, minute: 10 * 60, activities: ['wound_care', 'vital_signs'] }),
      round(cg, a, DAY, { order: 0, minute: 8 * 60, activities: ['bathing'], fixed: true }),
      round(cg, c, DAY, { order: 2, minute: null, activities: ['exercise'] }),
      round(cg, a, LATER, { order: 0, minute: 9 * 60, activities: ['medication'] }),
      // Not on her sheet: a draft of hers (never leaves the care manager's bucket) and another caregiver's.
      round(cg, c, DAY, { order: 3, minute: 14 * 60, activities: ['feeding'], status: 'draft' }),
      round(other, c, DAY, { order: 0, minute: 9 * 60, activities: ['feeding'] }),
    ]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('the caregiver opens her day sheet, prints it, and the PDF holds her stops in Thai with the BE date', async () => {
    const context = await newIsolatedContext(browser);
    const app = await openApp(context, server.url);
    const page: Page = app.page;
    const sync = await (await SignInPage.open(page)).signIn('cg', E2E_PASSWORD);
    await sync.syncUntil(
      'her rounds and their residents on her browser',
      async () => [(await rawGetAll(page, APP_DB, 'roundVisits')).length, (await rawGetAll(page, APP_DB, 'residents')).length],
      ([rounds, residents]) => rounds === 4 && residents === 3,
    );

    await page.evaluate((hash) => (window.location.hash = hash), `#/rounds/sheet/${cg}/${DAY}`);
    const stops = page.getByTestId('sheet-stop');
    await stops.first().waitFor();
    expect(await stops.evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.resident))).toEqual([residentIds[0], residentIds[1], residentIds[2]]);
    expect(await page.getByTestId('sheet-when').innerText()).toBe('วันอังคารที่ 8 ธันวาคม 2569');
    expect(await page.getByTestId('sheet-caregiver').innerText()).toBe(t('sheet.caregiver', { name: 'CG' }));
    const first = await stops.first().innerText();
    expect(first).toContain('08:00–08:45');
    expect(first).toContain(t('sheet.fixed'));
    expect(first).toContain('10/3 ม.5 ซอยเทศบาล 2 ถนนรังสิต-นครนายก ต.ประชาธิปัตย์ อ.ธัญบุรี จ.ปทุมธานี 12130');
    expect(first).toContain('081-234-5670');
    expect(await stops.nth(2).innerText()).toContain(t('sheet.anyTime'));
    expect(await page.getByTestId('sheet-drafts').count()).toBe(0); // her device never holds drafts

    // In a browser the button opens Chromium's print dialog, titled with the suggested file name.
    await page.evaluate(() => {
      const w = window as unknown as { printedAs?: string[] };
      w.printedAs = [];
      window.print = () => w.printedAs?.push(document.title);
    });
    await page.getByTestId('sheet-print').click();
    expect(await page.evaluate(() => (window as unknown as { printedAs?: string[] }).printedAs)).toEqual(['ใบงานเยี่ยมบ้าน CG 8 ธ.ค. 2569']);

    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('sheet-print').isVisible()).toBe(false);
    const file = join(dir, 'day.pdf');
    await page.pdf({ path: file, format: 'A4', preferCSSPageSize: true });
    const text = await pdfText(file);
    for (const name of names) expect(text).toContain(name);
    expect(text).toContain('2569');
    expect(text).toContain('ใบงานเยี่ยมบ้าน');
    for (const activity of ['อาบน้ำ เช็ดตัว', 'ทำแผล', 'วัดสัญญาณชีพ', 'ฟื้นฟูสภาพ']) expect(squashed(text)).toContain(squashed(activity));
    expect(squashed(text)).toContain(squashed('ต.ประชาธิปัตย์ อ.ธัญบุรี จ.ปทุมธานี 12130'));
    expect(text).toContain('081-234-5671');
    expect(text).not.toContain(t('nav.register'));
    expect(await pdfPages(file)).toBe(1);

    // The week: Tuesday and Thursday, each day on its own page.
    await page.emulateMedia({ media: 'screen' });
    await page.getByTestId('sheet-span').click();
    await page.locator('[data-testid="sheet-day"]').nth(1).waitFor();
    expect(await page.getByTestId('sheet-day').evaluateAll((days) => days.map((d) => (d as HTMLElement).dataset.date))).toEqual([DAY, LATER]);
    await page.emulateMedia({ media: 'print' });
    const weekFile = join(dir, 'week.pdf');
    await page.pdf({ path: weekFile, format: 'A4', preferCSSPageSize: true });
    const weekText = await pdfText(weekFile);
    expect(squashed(weekText)).toContain('ดูแลการใช้ยา');
    expect(weekText).toContain('10 ธันวาคม 2569');
    expect(await pdfPages(weekFile)).toBe(2);
    expect(app.errors).toEqual([]);
    await context.close();
  });

  it('the care manager opens a caregiver’s day and week sheet from the planner’s day panel; her drafts are named, not printed', async () => {
    const context = await newIsolatedContext(browser);
    const app = await openApp(context, server.url);
    const page: Page = app.page;
    const sync = await (await SignInPage.open(page)).signIn('cm', E2E_PASSWORD);
    await sync.syncUntil('the rounds on her laptop', async () => (await rawGetAll(page, APP_DB, 'roundVisits')).length, (n) => n === 6);
    await page.evaluate((hash) => (window.location.hash = hash), `#/rounds/${WEEK}`);
    await page.locator(`[data-testid="planner-row"][data-caregiver="${cg}"] [data-testid="planner-cell"][data-date="${DAY}"]`).click();
    await page.getByTestId('planner-print-day').click();
    await page.getByTestId('sheet-stop').first().waitFor();
    expect(await page.getByTestId('sheet-stop').count()).toBe(3);
    expect(await page.getByTestId('sheet-drafts').innerText()).toBe(t('sheet.drafts', { n: 1 }));
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('sheet-drafts').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    await page.getByTestId('sheet-back').click();
    await page.locator(`[data-testid="planner-row"][data-caregiver="${cg}"] [data-testid="planner-cell"][data-date="${DAY}"]`).click();
    await page.getByTestId('planner-print-week').click();
    await page.locator('[data-testid="sheet-page"][data-span="week"]').waitFor();
    expect(await page.getByTestId('sheet-day').evaluateAll((days) => days.map((d) => (d as HTMLElement).dataset.date))).toEqual([DAY, LATER]);
    expect(app.errors).toEqual([]);
    await context.close();
  });
});
