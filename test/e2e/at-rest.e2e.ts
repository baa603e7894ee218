/**
 * Records at rest (docs/security.md §3 "Records at rest"), in Chromium against a real server: a caregiver
 * signs in, adds a resident with a distinctive name and national ID and records a visit with a distinctive
 * note, through the forms; the app is locked and Chromium closed. Then every file of the browser's profile
 * directory is read: none holds the name, the ID or the note, in UTF-8 or UTF-16LE. The resident's id, which
 * stays readable for the indexes, is found there: the scan does read the database files. Opened again and
 * unlocked, the register still finds her by name and by national ID. Her first sync brings more residents
 * than one bulk write, sealed off the page's thread in the sealing worker: their names are not on disk either.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { buildResidentForm } from '../../shared/demo/builders';
import { thaiIdCheckDigit } from '../../shared/ids/thaiId';
import { collectErrors } from './support/app';
import { CHROMIUM_ARGS, resolveChromium } from './support/chromium';
import { startE2eServer, E2E_PASSWORD, type E2eServer } from './support/server';
import { addResidentThroughForm } from './pages/flows';
import { VisitStartPanel } from './pages/VisitPage';
import { E2E_PIN, SignInPage, SyncBar, unlock } from './pages/SyncPage';
import { RegisterPage } from './pages/RegisterPage';
import { pushAs, seedResident } from './support/seed';

const FIRST = 'ประภัสสรลับเฉพาะ';
const LAST = 'วิเศษสุวรรณลึกลับ';
const NOTE = 'บันทึกเยี่ยมลับสุดยอดไม่ควรเห็น';
const BULK_NAME = 'ชุดใหญ่ลับเฉพาะ';
const BULK_RESIDENTS = 600;
const ID12 = '371020045678';
const NATIONAL_ID = `${ID12}${thaiIdCheckDigit(ID12)}`;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return filesUnder(full);
    return e.isFile() ? [full] : [];
  });
}

/** The files under `dir` holding `text` in UTF-8 or UTF-16LE. */
function filesHolding(dir: string, text: string): string[] {
  const needles = [Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le')];
  return filesUnder(dir).filter((file) => statSync(file).size > 0 && needles.some((n) => readFileSync(file).includes(n)));
}

/** Chromium on a persistent profile (an isolated context would keep IndexedDB in memory and prove nothing). */
function openProfile(dir: string) {
  return chromium.launchPersistentContext(dir, {
    executablePath: resolveChromium(),
    headless: true,
    args: [...CHROMIUM_ARGS],
    locale: 'th-TH',
    timezoneId: 'Asia/Bangkok',
    viewport: { width: 1366, height: 768 },
  });
}

describe('records at rest (Chromium profile on disk, real server)', () => {
  let server: E2eServer;
  let profileDir: string;

  beforeAll(async () => {
    server = await startE2eServer();
    await server.makeUser('cga', 'caregiver', ['c-06']);
    // More residents than one bulk write (BULK_ROWS): her first sync seals them in the sealing worker.
    await server.makeUser('seeder', 'care_manager', ['c-06']);
    for (let at = 0; at < BULK_RESIDENTS; at += 300) {
      const batch = Array.from({ length: Math.min(300, BULK_RESIDENTS - at) }, (_, k) => ({ type: 'resident', fields: seedResident('c-06', `${BULK_NAME}${at + k}`) }));
      await pushAs(server.url, 'seeder', batch);
    }
    profileDir = mkdtempSync(path.join(tmpdir(), 'carerounds-at-rest-'));
  });
  afterAll(async () => {
    await server?.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  it('leaves no resident name, national ID or visit note readable in any file of the profile, yet the register finds her by both', async () => {
    // A persistent profile: an isolated context would keep IndexedDB in memory and the scan would prove nothing.
    const context = await openProfile(profileDir);
    const page = context.pages()[0] ?? (await context.newPage());
    const errors = collectErrors(page);
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    await page.goto(server.url, { waitUntil: 'load' });
    await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });

    const signIn = await SignInPage.open(page);
    await signIn.fill('cga', E2E_PASSWORD);
    await signIn.submit.click();
    await page.getByTestId('lock-set-up').waitFor();
    await page.getByTestId('lock-new-pin').fill(E2E_PIN);
    await page.getByTestId('lock-new-pin-confirm').fill(E2E_PIN);
    await page.getByTestId('lock-set-pin').click();
    await signIn.signedIn.waitFor();
    await new SyncBar(page).waitForFirstSync();
    expect(workers.some((u) => u.includes('sealWorker')), 'the first sync sealed its bulk write in the sealing worker').toBe(true);

    const profile = await addResidentThroughForm(page, buildResidentForm({ communityId: 'c-06', firstName: FIRST, lastName: LAST, nationalId: NATIONAL_ID }));
    const residentId = await profile.residentId();
    const panel = new VisitStartPanel(page);
    await panel.waitReady();
    const form = await panel.start();
    await form.fill({ duration: '30', care: [{ code: 'bathing', minutes: '15' }], observations: NOTE });
    const visit = await form.saveAndOpenVisit();
    await page.getByText(NOTE).first().waitFor();
    expect(await visit.visitId()).not.toBe('');

    await page.getByTestId('lock-now').click();
    await page.getByTestId('lock-screen').waitFor();
    expect(errors).toEqual([]);
    await context.close();

    expect(filesHolding(profileDir, residentId).length, 'the scan reads the database files').toBeGreaterThan(0);
    for (const secret of [FIRST, LAST, NATIONAL_ID, NOTE, BULK_NAME]) expect(filesHolding(profileDir, secret), secret).toEqual([]);

    // The same profile opened again and unlocked: the register still finds her by name and by national ID.
    const again = await openProfile(profileDir);
    try {
      const page2 = again.pages()[0] ?? (await again.newPage());
      await page2.goto(server.url, { waitUntil: 'load' });
      await page2.getByTestId('lock-screen').waitFor();
      await unlock(page2);
      const register = await RegisterPage.open(page2);
      for (const query of [FIRST, NATIONAL_ID]) {
        await register.searchFor(query);
        await register.waitForRow(residentId);
        expect(await register.readCount(), query).toMatchObject({ shown: 1 });
      }
      // And a resident of the first sync's bulk write, sealed by the worker, by name.
      await register.searchFor(`${BULK_NAME}${BULK_RESIDENTS - 1}`);
      await register.waitForCount({ shown: 1 });
      await register.searchFor('ไม่มีชื่อนี้แน่นอน');
      await register.waitForCount({ shown: 0 });
    } finally {
      await again.close();
    }
  });
});
