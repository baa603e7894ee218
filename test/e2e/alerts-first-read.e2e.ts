/**
 * The Alerts page's first read (renderer/features/alerts/queries.ts FirstRead), on Chromium's IndexedDB: started
 * before the page's live query, it is reused by that query's first run only when nothing was written since it
 * started, and the live query still follows later writes. The store code runs in a page of the served app
 * (support/appModule.ts), on a database of its own.
 */
import { describe, expect, it } from 'vitest';
import { runAppModule } from './support/appModule';
import { useBrowser } from './support/session';
import { until } from './support/wait';

const ENTRY = `
import { liveQuery } from 'dexie';
import { openStore } from '../../renderer/db/db';
import { rebuildReadModels } from '../../renderer/db/readModels';
import { createResident } from '../../renderer/db/residents';
import { buildProfile } from '../../renderer/db/testing';
import { openAlertsQuery, startFirstAlertsRead } from '../../renderer/features/alerts/queries';
(globalThis as unknown as { __firstRead: unknown }).__firstRead = { liveQuery, openStore, rebuildReadModels, createResident, buildProfile, openAlertsQuery, startFirstAlertsRead };
`;

/** What the page-side code below uses (window.__firstRead and its state). */
interface Api {
  liveQuery<T>(q: () => Promise<T>): { subscribe(next: (v: T) => void): { unsubscribe(): void } };
  openStore(name: string): Promise<{ ok: true; db: unknown } | { ok: false; code: string }>;
  rebuildReadModels(db: unknown): Promise<unknown>;
  createResident(db: unknown, profile: unknown, ctx: { userId: string }): Promise<unknown>;
  buildProfile(o: Record<string, unknown>): unknown;
  openAlertsQuery(db: unknown, today: string): Promise<OpenAlerts>;
  startFirstAlertsRead(db: unknown, today: string): { promise: Promise<OpenAlerts> };
}
type OpenAlerts = { state: 'preparing' } | { state: 'ready'; alerts: { id: string }[] };
interface State {
  db: unknown;
  first?: OpenAlerts;
  values: OpenAlerts[];
  sub?: { unsubscribe(): void };
}
type Win = { __firstRead: Api; __state: State };

const TODAY = '2026-01-10';
const count = (r: OpenAlerts | undefined): number => (r?.state === 'ready' ? r.alerts.length : -1);

describe('the Alerts page first read', () => {
  const browser = useBrowser();

  it('is reused by the live query when nothing was written since it started, and the live query still follows writes', async () => {
    const { page } = await browser.open();
    await runAppModule(page, ENTRY);
    // One resident never assessed: one alert (reassessment due since enrolment).
    await page.evaluate(async () => {
      const api = (window as unknown as Win).__firstRead;
      const opened = await api.openStore('alerts-first-read');
      if (!opened.ok) throw new Error(opened.code);
      await api.rebuildReadModels(opened.db);
      await api.createResident(opened.db, api.buildProfile({ nationalId: null, noIdReason: 'test' }), { userId: 'u-test' });
      (window as unknown as Win).__state = { db: opened.db, values: [] };
    });

    // Read first, then the live query: its first value is the very result of the first read.
    const reused = await page.evaluate(async (today) => {
      const w = window as unknown as Win;
      const first = await w.__firstRead.startFirstAlertsRead(w.__state.db, today).promise;
      w.__state.first = first;
      w.__state.sub = w.__firstRead.liveQuery(() => w.__firstRead.openAlertsQuery(w.__state.db, today)).subscribe((v) => w.__state.values.push(v));
      return first.state === 'ready' ? first.alerts.length : -1;
    }, TODAY);
    expect(reused).toBe(1);
    await until('the live query answers', () => page.evaluate(() => (window as unknown as Win).__state.values.length), (n) => n >= 1);
    expect(await page.evaluate(() => (window as unknown as Win).__state.values[0] === (window as unknown as Win).__state.first)).toBe(true);

    // A later write re-runs the live query: two alerts.
    await page.evaluate(async () => {
      const w = window as unknown as Win;
      await w.__firstRead.createResident(w.__state.db, w.__firstRead.buildProfile({ nationalId: null, noIdReason: 'test' }), { userId: 'u-test' });
    });
    const values = await until(
      'the live query follows the write',
      () => page.evaluate(() => (window as unknown as Win).__state.values),
      (v) => count(v[v.length - 1]) === 2,
    );
    expect(count(values[values.length - 1])).toBe(2);
    await page.evaluate(() => (window as unknown as Win).__state.sub?.unsubscribe());
  });

  it('is not reused once something was written after it started, whether during or after the read', async () => {
    const { page } = await browser.open();
    await runAppModule(page, ENTRY);
    const result = await page.evaluate(async (today) => {
      const api = (window as unknown as Win).__firstRead;
      const opened = await api.openStore('alerts-first-read');
      if (!opened.ok) throw new Error(opened.code);
      const db = opened.db;
      const ctx = { userId: 'u-test' };
      // No named helper functions in here: a transform's keepNames would wrap them in a __name() the page lacks.
      const profile = { nationalId: null, noIdReason: 'test' };
      await api.rebuildReadModels(db);
      await api.createResident(db, api.buildProfile(profile), ctx);

      // Written after the first read finished.
      const after = await api.startFirstAlertsRead(db, today).promise;
      await api.createResident(db, api.buildProfile(profile), ctx);
      const afterQuery = await api.openAlertsQuery(db, today);

      // Written while the first read is in flight (whichever side of its snapshot the write falls on).
      const during = api.startFirstAlertsRead(db, today).promise;
      await api.createResident(db, api.buildProfile(profile), ctx);
      await during;
      const duringQuery = await api.openAlertsQuery(db, today);

      return {
        after: after.state === 'ready' ? after.alerts.length : -1,
        afterQuery: afterQuery.state === 'ready' ? afterQuery.alerts.length : -1,
        afterReused: afterQuery === after,
        duringQuery: duringQuery.state === 'ready' ? duringQuery.alerts.length : -1,
      };
    }, TODAY);
    expect(result).toEqual({ after: 1, afterQuery: 2, afterReused: false, duringQuery: 3 });
  });
});
