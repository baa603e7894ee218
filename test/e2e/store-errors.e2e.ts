/**
 * A database written by a newer app version (docs/architecture.md: never wipe local data). The test creates
 * IndexedDB 'carerounds' at a much higher version, with a store and a row, on the app's origin BEFORE the
 * app ever runs there (from a blank page served at the same origin), then opens the app: it must show the
 * Thai "newer version" message and leave the database exactly as it was, also when opened a second time.
 */
import { describe, expect, it } from 'vitest';
import { collectErrors } from './support/app';
import { rawDbInfo, rawGetAll } from './support/idb';
import { useBrowser } from './support/session';
import { translator } from './pages/AppShell';

const t = translator('th');
const FUTURE_VERSION = 990;
const FUTURE_ROW = { id: 'from-the-future', firstName: 'สมหมาย', note: 'written by CareRounds v9' };

describe('a local database from a newer app version', () => {
  const app = useBrowser();

  it('is reported in Thai and never changed or wiped', async () => {
    const context = await app.newContext();
    // A page at the app's origin that is not the app, so the database exists before the app opens it.
    const blankUrl = new URL('blank.html', app.baseUrl).href;
    await context.route(blankUrl, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>blank</title>' }));
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(blankUrl);

    await page.evaluate(
      ({ version, row }) =>
        new Promise<void>((resolve, reject) => {
          const req = indexedDB.open('carerounds', version);
          req.onupgradeneeded = () => {
            req.result.createObjectStore('residents', { keyPath: 'id' }).put(row);
            req.result.createObjectStore('futureOnly', { keyPath: 'id' });
          };
          req.onsuccess = () => {
            req.result.close();
            resolve();
          };
          req.onerror = () => reject(new Error(String(req.error)));
        }),
      { version: FUTURE_VERSION, row: FUTURE_ROW },
    );
    const before = await rawDbInfo(page, 'carerounds');
    expect(before).toEqual({ exists: true, version: FUTURE_VERSION, stores: ['futureOnly', 'residents'] });

    for (let attempt = 0; attempt < 2; attempt++) {
      await page.goto(app.baseUrl);
      const alert = page.getByTestId('db-error');
      await alert.waitFor();
      expect(await alert.getAttribute('data-code')).toBe('db.newerVersion');
      expect(await alert.getAttribute('role')).toBe('alert');
      const text = await alert.innerText();
      expect(text).toContain(t('db.title'));
      expect(text).toContain('รุ่นที่ใหม่กว่า'); // "a newer version", in Thai
      expect(text).toContain('ข้อมูลทั้งหมดยังอยู่ครบ'); // "all data is still there"
      expect(text).toContain(t('db.newerVersion'));
      // The app did not start: no register, no shell.
      expect(await page.getByTestId('app-ready').count()).toBe(0);

      // Left exactly as it was: same version, same stores (none added), the row still there.
      expect(await rawDbInfo(page, 'carerounds')).toEqual(before);
      expect(await rawGetAll(page, 'carerounds', 'residents')).toEqual([FUTURE_ROW]);
    }

    expect(errors).toEqual([]);
  });
});
