/**
 * The register with 10,000 residents: the count, the virtualised list (few rows in the DOM, the last
 * resident in Thai order reachable by scrolling) and partial-name search, checked against what
 * shared/register.ts computes in Node over the very same stored records; and the register still fits the
 * viewport (its list scrolls inside, the page does not).
 *
 * How the records get in, and why this way: they are built by the app's own bulk path
 * (renderer/db/bulk.ts → WriteSession.buildCreate, the path the "load demo data" button uses) running in
 * Node on fake-indexeddb, as the browser's device: the browser's `meta` rows (device identity, user) are
 * copied into the Node database first, so every envelope, outbox entry, mutation id and HLC is what the app
 * would have written on that device. The resulting rows (residents, register rows, assessments, outbox, meta
 * counters) are then copied verbatim into the browser's IndexedDB, which the app has already created with its
 * schema, and the page is reloaded so the app reads them cold. The bulk loader cannot be driven inside the page (the
 * built bundle exposes none of its modules to page scripts, and the CSP forbids injecting test code), and
 * writing records in the page by hand-written code would test a copy of the record shape, not the real one.
 */
import 'fake-indexeddb/auto'; // first: Dexie picks up the global indexedDB when it loads
import { describe, expect, it } from 'vitest';
import { todayBangkok } from '../../shared/dates/thaiDate';
import { SEED_COMMUNITIES } from '../../shared/reference/communities';
import { buildRegisterEntry, compareEntries, EMPTY_FILTER, filterRegister, type RegisterEntry } from '../../shared/register';
import type { Resident } from '../../shared/resident';
import { bulkLoadResidents } from '../../renderer/db/bulk';
import { openStore } from '../../renderer/db/db';
import { getLocalUser, type MetaRow } from '../../renderer/db/meta';
import { generateDemoData } from '../../shared/demo/generate';
import { rawGetAll, rawPutAllBulk } from './support/idb';
import { useBrowser } from './support/session';
import { until } from './support/wait';
import { translator } from './pages/AppShell';
import { RegisterPage } from './pages/RegisterPage';
import { addResidentThroughForm } from './pages/flows';
import { buildResidentForm } from '../../shared/demo/builders';

const RESIDENTS = 10_000;
const t = translator('th');

interface Stored {
  residents: Resident[];
  assessments: unknown[];
  outbox: unknown[];
  registerRows: unknown[];
  meta: MetaRow[];
}

/** Runs the app's bulk loader in Node as the browser's device; returns every row it stored. */
async function buildAsDevice(browserMeta: MetaRow[]): Promise<Stored> {
  const opened = await openStore(`e2e-large-${crypto.randomUUID()}`);
  if (!opened.ok) throw new Error(opened.detail);
  const db = opened.db;
  try {
    await db.meta.bulkPut(browserMeta); // the browser's device identity replaces the one openStore made
    const user = await getLocalUser(db);
    // One assessment each: every resident still has an ADL group, with ~40,000 rows to copy instead of ~70,000.
    const data = generateDemoData({ residents: RESIDENTS, today: todayBangkok(), assessmentsPerResident: [1, 1] });
    // Exactly what loadDemoData (the app's demo button) passes to the bulk loader.
    await bulkLoadResidents(
      db,
      data.residents.map((r) => ({ ...r.data, id: r.id })),
      data.assessments.map((a) => ({ ...a.data, id: a.id })),
      { userId: user.userId },
    );
    // registerRows: the register's projection, written by the store's middleware with the residents.
    const [residents, assessments, outbox, registerRows, meta] = await Promise.all([
      db.residents.toArray(),
      db.assessments.toArray(),
      db.outbox.toArray(),
      db.registerRows.toArray(),
      db.meta.toArray(),
    ]);
    return { residents, assessments, outbox, registerRows, meta };
  } finally {
    db.close();
  }
}

/** The register as the app computes it (useRegister + filterRegister), from the stored rows. */
function expectedRegister(residents: readonly Resident[]): RegisterEntry<Resident>[] {
  const names = new Map(SEED_COMMUNITIES.map((c) => [c.id, c.nameTh]));
  return residents
    .filter((r) => r.deletedAt === null)
    .map((r) => buildRegisterEntry(r, names.get(r.communityId) ?? ''))
    .sort(compareEntries);
}

/** The first query from `candidates` whose result size lies in [min, max]. */
function pickQuery(entries: RegisterEntry<Resident>[], candidates: Iterable<string>, min: number, max: number): { query: string; ids: string[] } {
  for (const query of candidates) {
    if ([...query].length < 2) continue;
    const ids = filterRegister(entries, { ...EMPTY_FILTER, query }).map((e) => e.resident.id);
    if (ids.length >= min && ids.length <= max) return { query, ids };
  }
  throw new Error(`no query with ${min}..${max} results`);
}

describe('register with 10,000 residents', () => {
  const app = useBrowser();

  it('counts, virtualises, scrolls to the last resident in Thai order, and searches by partial name', async () => {
    const { page, errors } = await app.open();
    const empty = new RegisterPage(page);
    await empty.waitReady();
    await empty.demoOffer.waitFor(); // the app created its schema and device; nothing else yet

    const browserMeta = (await rawGetAll(page, 'carerounds', 'meta')) as MetaRow[];
    expect(browserMeta.some((m) => m.key === 'device')).toBe(true);
    const stored = await buildAsDevice(browserMeta);
    expect(stored.residents).toHaveLength(RESIDENTS);
    const device = browserMeta.find((m) => m.key === 'device');
    expect(stored.residents.every((r) => device?.key === 'device' && r.deviceId === device.deviceId)).toBe(true);

    await rawPutAllBulk(page, 'carerounds', {
      residents: stored.residents,
      assessments: stored.assessments,
      outbox: stored.outbox,
      registerRows: stored.registerRows,
      // The counters the load moved, and the register's head its middleware kept with the residents.
      meta: stored.meta.filter((m) => m.key === 'mid' || m.key === 'hlc' || m.key === 'registerHead'),
    });

    const entries = expectedRegister(stored.residents);
    const current = filterRegister(entries, EMPTY_FILTER); // the default filter hides moved/died
    const firstIds = current.slice(0, 5).map((e) => e.resident.id);
    const last = current[current.length - 1];
    if (!last) throw new Error('no current residents');

    await page.addInitScript(() => {
      // The rows on screen when the first one appears, and whether the full list was read by then.
      const observer = new MutationObserver(() => {
        const rows = [...document.querySelectorAll('[data-testid="register-row"]')];
        if (rows.length === 0) return;
        observer.disconnect();
        const complete = document.querySelector('[data-testid="register-list"]')?.getAttribute('data-complete') ?? '';
        (window as unknown as { __firstRows: unknown }).__firstRows = { complete, ids: rows.slice(0, 5).map((r) => r.getAttribute('data-resident-id')) };
      });
      observer.observe(document, { childList: true, subtree: true });
    });
    const firstPainted = async (): Promise<{ complete: string; ids: string[] }> =>
      (await page.waitForFunction(() => (window as unknown as { __firstRows?: unknown }).__firstRows ?? null)).jsonValue() as Promise<{ complete: string; ids: string[] }>;

    await page.reload();
    await page.getByTestId('app-ready').waitFor({ state: 'attached' });
    const register = new RegisterPage(page);
    await register.waitReady();
    // The first screenful came from the register's head, before the 10,000 rows were read, and is theirs.
    expect(await firstPainted()).toEqual({ complete: 'false', ids: firstIds });
    // Opening a resident from the head's rows closes the register while its full read runs: that read is
    // abandoned without an error, and the register opened again reads every row.
    await register.row(firstIds[0] ?? '').click();
    await page.waitForSelector(`[data-testid="resident-profile"][data-resident-id="${firstIds[0] ?? ''}"]`);
    await page.evaluate(() => {
      window.location.hash = '#/';
    });
    await register.waitReady();
    await register.waitForCount({ shown: current.length, total: RESIDENTS }, 30_000);
    expect(await register.count.innerText()).toBe(t('reg.count', { shown: current.length, total: RESIDENTS }));
    await register.setArchiveFilter('all');
    await register.waitForCount({ shown: RESIDENTS, total: RESIDENTS });
    expect(await register.count.innerText()).toBe('พบ 10000 จาก 10000 คน');
    await register.setArchiveFilter('current');
    await register.waitForCount({ shown: current.length, total: RESIDENTS });

    // Virtualised: a screenful of rows in the DOM, in Thai collation order.
    const top = await until('a screenful of rows', () => register.renderedIds(), (ids) => ids.length > 5);
    expect(top.length).toBeLessThan(60);
    expect(top.slice(0, 5)).toEqual(firstIds);

    await register.scrollToBottom(last.resident.id);
    expect(await register.row(last.resident.id).innerText()).toContain(`${last.resident.firstName} ${last.resident.lastName}`);
    const bottom = await register.renderedIds();
    expect(bottom.length).toBeLessThan(60);
    expect(bottom[bottom.length - 1]).toBe(last.resident.id);
    expect(bottom).toEqual(current.slice(current.length - bottom.length).map((e) => e.resident.id));

    // Partial name across first and last name (a handful of results: all rendered, compared as a list).
    const narrow = pickQuery(
      entries,
      stored.residents.map((r) => r.firstName.slice(-2) + r.lastName.slice(0, 2)),
      2,
      8,
    );
    await register.searchFor(narrow.query);
    await register.waitForCount({ shown: narrow.ids.length, total: RESIDENTS });
    expect(await register.renderedIds()).toEqual(narrow.ids);

    // A middle piece of a first name (dozens of results): count, the first screen and the end of the list.
    const wide = pickQuery(
      entries,
      stored.residents.map((r) => r.firstName.slice(1, -1)),
      40,
      300,
    );
    await register.searchFor(wide.query);
    await register.waitForCount({ shown: wide.ids.length, total: RESIDENTS });
    const wideTop = await register.renderedIds();
    expect(wideTop).toEqual(wide.ids.slice(0, wideTop.length));
    const wideLast = wide.ids[wide.ids.length - 1] ?? '';
    await register.scrollToBottom(wideLast);
    const wideBottom = await register.renderedIds();
    expect(wideBottom).toEqual(wide.ids.slice(wide.ids.length - wideBottom.length));

    // The register fits the viewport, after a search and with its list scrolled: no page-level scrollbar and
    // the header in view (test/e2e/thai-layout.e2e.ts checks 125 % zoom too).
    for (const size of [{ width: 1366, height: 768 }, { width: 1280, height: 720 }]) {
      await page.setViewportSize(size);
      const fit = await page.evaluate(() => ({
        scrollHeight: document.documentElement.scrollHeight,
        innerHeight,
        scrollY,
        headerTop: document.querySelector('header.app-header')?.getBoundingClientRect().top ?? NaN,
      }));
      expect(fit.scrollHeight, `${size.width}×${size.height}`).toBeLessThanOrEqual(fit.innerHeight);
      expect(fit.scrollY).toBe(0);
      expect(fit.headerTop).toBe(0);
    }
    await page.setViewportSize({ width: 1366, height: 768 });

    // A resident added through the app sorts first: the head kept with that write paints it on the next start
    // (under the default filter: the search is kept across reloads, and the head answers no other).
    await register.clearSearch();
    await addResidentThroughForm(page, buildResidentForm({ firstName: 'กกกก', lastName: 'กกกก' }));
    await page.evaluate(() => {
      window.location.hash = '#/';
    });
    await page.reload();
    await new RegisterPage(page).waitReady();
    const afterWrite = await firstPainted();
    expect(afterWrite.complete).toBe('false');
    expect(afterWrite.ids.slice(1)).toEqual(firstIds.slice(0, 4));
    expect(await page.getByTestId('register-row').first().innerText()).toContain('กกกก กกกก');

    expect(errors).toEqual([]);
  });
});
