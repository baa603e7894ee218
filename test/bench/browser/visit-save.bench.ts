/**
 * visit.save — from submitting a visit to the visit stored with its outbox entry, on a device with 10,000
 * residents and 200,000 visits (seed-browser.ts VISITS_DEVICE), median of 30 saves.
 *
 * Path measured: the store module, not the form. The app is open in the page (its own connection and live
 * queries running, as when a caregiver saves), and the app's own modules are bundled into the page
 * (runAppModule): the timed span is what the form does on submit — validateVisitForm over the typed values
 * (shared/visit.ts, the form's resolver) and renderer/db/visits.ts recordVisit (visit + outbox entry +
 * counter + removal of the caregiver's draft, one IndexedDB transaction) — from the call to the resolved
 * promise (the transaction has completed). Each visit has a routine set of vitals with one abnormal blood
 * pressure and two care activities; an autosaved draft exists before each save (saved untimed), as the form
 * would have made one. After each save, untimed, raw IndexedDB confirms the visit is stored, the outbox's
 * newest entry is its `create` with the next mid, and the draft is gone.
 */
import type { Page } from 'playwright-core';
import { runAppModule, visitsDeviceContext, VISITS_DEVICE } from '../seed-browser';
import { median, percentile, round1, type BrowserBench } from '../support';

const SAVES = 30;
const TARGET_MS = 30;

const ENTRY = `
import { openStore } from '../../renderer/db/db';
import { getLocalUser } from '../../renderer/db/meta';
import { recordVisit, saveVisitDraft } from '../../renderer/db/visits';
import { emptyVisitForm, validateVisitForm } from '../../shared/visitForm';
(globalThis as unknown as { __visitBench: unknown }).__visitBench = { openStore, getLocalUser, recordVisit, saveVisitDraft, emptyVisitForm, validateVisitForm };
`;

interface SaveTarget {
  residentId: string;
  birthDate: unknown;
  status: string;
}

interface Check {
  count: number;
  last: { mid: number; table: string; recordId: string; op: string } | null;
  visit: boolean;
  drafts: number;
}

/** Outbox size and newest entry, whether visit `id` is stored, and how many drafts exist (raw IndexedDB). */
function check(page: Page, visitId: string): Promise<Check> {
  return page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('carerounds');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(new Error(String(req.error)));
    });
    try {
      const tx = db.transaction(['outbox', 'visits', 'visitDrafts'], 'readonly');
      const ask = <T>(req: IDBRequest) =>
        new Promise<T>((resolve, reject) => {
          req.onsuccess = () => resolve(req.result as T);
          req.onerror = () => reject(new Error(String(req.error)));
        });
      const count = await ask<number>(tx.objectStore('outbox').count());
      const cursor = await ask<IDBCursorWithValue | null>(tx.objectStore('outbox').openCursor(null, 'prev'));
      const v = cursor?.value as { mid: number; table: string; recordId: string; op: string } | undefined;
      const visit = id ? (await ask<unknown>(tx.objectStore('visits').getKey(id))) !== undefined : false;
      const drafts = await ask<number>(tx.objectStore('visitDrafts').count());
      return { count, last: v ? { mid: v.mid, table: v.table, recordId: v.recordId, op: v.op } : null, visit, drafts };
    } finally {
      db.close();
    }
  }, visitId);
}

const bench: BrowserBench = {
  name: 'visit.save',
  async run({ browser, baseUrl, log }) {
    const device = await visitsDeviceContext(browser, baseUrl);
    const targets: SaveTarget[] = device.seed.data.residents
      .filter((r) => r.data.status === 'active')
      .slice(1, 1 + SAVES)
      .map((r) => ({ residentId: r.id, birthDate: r.data.birthDate, status: r.data.status }));
    if (targets.length < SAVES) throw new Error(`only ${targets.length} active residents`);
    const page = await device.context.newPage();
    try {
      // tsx (keepNames) wraps the named helpers of page.evaluate bodies in __name(), which pages lack.
      await page.addInitScript('globalThis.__name ??= (f) => f;');
      await page.goto(device.appUrl, { waitUntil: 'load' });
      await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached', timeout: 60_000 });
      await runAppModule(page, ENTRY);
      await page.evaluate(async () => {
        type Api = { openStore(name: string): Promise<{ ok: true; db: unknown } | { ok: false; code: string }>; getLocalUser(db: unknown): Promise<{ userId: string }> };
        const g = globalThis as unknown as { __visitBench: Api; __visitDb: unknown; __visitUser: string };
        const opened = await g.__visitBench.openStore('carerounds');
        if (!opened.ok) throw new Error(`the app's database did not open: ${opened.code}`);
        g.__visitDb = opened.db;
        g.__visitUser = (await g.__visitBench.getLocalUser(opened.db)).userId;
      });

      const samples: number[] = [];
      for (let i = 0; i < SAVES; i++) {
        const target = targets[i];
        if (!target) break;
        const before = await check(page, '');
        const saved = await page.evaluate(
          async ({ t, n }) => {
            type Result = { ok: true; data: unknown } | { ok: false; issues: { path: unknown[]; code: string }[] };
            type Api = {
              emptyVisitForm(now: string): Record<string, unknown> & { vitals: Record<string, string> };
              validateVisitForm(f: unknown, ctx: unknown): Result;
              saveVisitDraft(db: unknown, residentId: string, userId: string, values: unknown): Promise<unknown>;
              recordVisit(db: unknown, residentId: string, data: unknown, ctx: { userId: string }): Promise<{ id: string }>;
            };
            const g = globalThis as unknown as { __visitBench: Api; __visitDb: unknown; __visitUser: string };
            const api = g.__visitBench;
            // What a caregiver typed: a 30-minute routine visit, one high blood pressure.
            const now = new Date(Date.now() - 35 * 60_000).toISOString(); // started 35 minutes ago: the 30-minute visit has ended
            const form = {
              ...api.emptyVisitForm(now),
              durationMinutes: '30',
              vitals: { systolic: String(146 + (n % 10)), diastolic: '88', pulse: '78', temperature: '36.6', spo2: '97', respRate: '18', glucose: '', weight: '54.5' },
              careGiven: [
                { code: 'vital_signs', minutes: '10' },
                { code: 'exercise', minutes: '15' },
              ],
              mood: '4',
              observations: 'ความดันสูงกว่าปกติ แนะนำลดเค็ม นัดวัดซ้ำสัปดาห์หน้า',
              nextVisitDate: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10),
            };
            await api.saveVisitDraft(g.__visitDb, t.residentId, g.__visitUser, form);
            const t0 = performance.now();
            const valid = api.validateVisitForm(form, { now: new Date().toISOString(), resident: { birthDate: t.birthDate, status: t.status } });
            if (!valid.ok) throw new Error(`the visit form refused: ${JSON.stringify(valid.issues)}`);
            const visit = await api.recordVisit(g.__visitDb, t.residentId, valid.data, { userId: g.__visitUser });
            return { ms: performance.now() - t0, id: visit.id };
          },
          { t: target, n: i },
        );
        const after = await check(page, saved.id);
        if (!after.visit) throw new Error(`save ${i + 1}: visit ${saved.id} is not stored`);
        if (after.count !== before.count + 1 || after.last?.mid !== (before.last?.mid ?? 0) + 1 || after.last.recordId !== saved.id || after.last.op !== 'create' || after.last.table !== 'visits') {
          throw new Error(`save ${i + 1}: outbox went from ${JSON.stringify(before)} to ${JSON.stringify(after)}`);
        }
        if (after.drafts !== 0) throw new Error(`save ${i + 1}: ${after.drafts} drafts left`);
        samples.push(saved.ms);
      }
      console.error(`[bench] visit.save samples (ms): ${samples.map(round1).join(', ')}`);
      log({
        bench: 'visit.save',
        value: round1(median(samples)),
        unit: 'ms',
        target: TARGET_MS,
        p95: round1(percentile(samples, 95)),
        n: samples.length,
        residents: VISITS_DEVICE.residents,
        visits: device.seed.visits,
        path: 'store: validateVisitForm + recordVisit in the app page (the form UI is not driven)',
      });
    } finally {
      await page.close();
    }
  },
};

export default bench;
