/**
 * rounds.planner.open — the week planner opened cold on the care manager's full device (seed-browser.ts
 * VISITS_DEVICE: 10,000 residents, 200,000 visits, with their read models) holding one planned week: the
 * generated municipality's 150 caregivers in the user directory and its plan (shared/rounds/generate.ts, run
 * through plan(); ~3,900 round visits) given to the device's first residents. A full load of
 * `#/rounds/<Monday>` (a new document), timed in the page from the navigation's start to the grid's rows in
 * the DOM, then the next frame. The floor, in the same loads, is when the app shell (`app-ready`) appeared:
 * what any page waits for before its own reads. One warm-up load, then the median of RUNS.
 *
 * Checked, so a faster but wrong page fails: one row per caregiver, and the cells' visits add up to the
 * week's round visits stored.
 */
import type { Page } from 'playwright-core';
import { generateWeek } from '../../../shared/rounds/generate';
import { plan } from '../../../shared/rounds/plan';
import { runAppModule, visitsDeviceContext } from '../seed-browser';
import { median, round1, type BrowserBench } from '../support';

const RUNS = 7;
const TARGET_MS = 500;

interface Sample {
  shell: number;
  painted: number;
  rows: number;
  visits: number;
}

const ENTRY = `
import { openStore } from '../../renderer/db/db';
(globalThis as unknown as { __plannerBench: unknown }).__plannerBench = { openStore };
`;

interface WeekRows {
  caregivers: { id: string; displayName: string; communities: string[] }[];
  visits: Record<string, unknown>[];
  residents: number;
}

function plannedWeek(): { weekStart: string; rows: WeekRows } {
  const { input } = generateWeek();
  const out = plan(input);
  const order = new Map<object, number>();
  for (const r of out.routes) r.visits.forEach((v, i) => order.set(v, i));
  const residentIndex = new Map(input.residents.map((r, i) => [r.residentId, i]));
  return {
    weekStart: input.weekStart,
    rows: {
      caregivers: input.caregivers.map((c) => ({ id: c.id, displayName: c.name, communities: [...c.communityIds] })),
      visits: out.visits.map((v) => ({
        residentIndex: residentIndex.get(v.residentId) ?? 0,
        communityId: input.residents[residentIndex.get(v.residentId) ?? 0]?.communityId ?? 'c-01',
        caregiverId: v.caregiverId,
        date: v.date,
        minute: v.start,
        minutes: v.minutes,
        fixed: v.fixed,
        order: order.get(v) ?? 0,
        legKm: Math.round(v.legKm * 10) / 10,
      })),
      residents: input.residents.length,
    },
  };
}

/** Writes the directory and the week's round visits into the page's database (the device's first residents). */
async function storeWeek(page: Page, weekStart: string, rows: WeekRows): Promise<number> {
  await runAppModule(page, ENTRY);
  return page.evaluate(
    async ({ weekStart, rows }) => {
      type Table = { bulkPut(rows: unknown[]): Promise<unknown>; limit(n: number): { primaryKeys(): Promise<string[]> } };
      type Db = { directory: Table; roundVisits: Table; residentDigests: Table; close(): void };
      const api = (globalThis as unknown as { __plannerBench: { openStore(name: string): Promise<{ ok: true; db: Db } | { ok: false; code: string }> } }).__plannerBench;
      const opened = await api.openStore('carerounds');
      if (!opened.ok) throw new Error(`the app's database did not open: ${opened.code}`);
      const db = opened.db;
      try {
        const ids = await db.residentDigests.limit(rows.residents).primaryKeys();
        await db.directory.bulkPut(rows.caregivers.map((c) => ({ id: c.id, displayName: c.displayName, role: 'caregiver', communities: c.communities, active: true })));
        const at = new Date().toISOString();
        const records = rows.visits.map((v, i) => {
          const { residentIndex, ...data } = v as { residentIndex: number } & Record<string, unknown>;
          return {
            id: `0195f3a2-0000-7000-8000-${String(i).padStart(12, '0')}`,
            ...data,
            weekStart,
            residentId: ids[residentIndex % ids.length],
            activities: ['bathing'],
            status: 'published',
            locked: false,
            outcome: null,
            missedReason: null,
            outcomeNote: '',
            visitId: null,
            bucket: `w:${String(data.caregiverId)}`,
            createdAt: at,
            createdBy: 'bench',
            updatedAt: at,
            updatedBy: 'bench',
            deviceId: 'bench',
            deletedAt: null,
            seq: i + 1,
            hlc: {},
            schemaVersion: 1,
          };
        });
        await db.roundVisits.bulkPut(records);
        return records.length;
      } finally {
        db.close();
      }
    },
    { weekStart, rows },
  );
}

async function openCold(page: Page, url: string): Promise<Sample> {
  await page.goto('about:blank');
  await page.goto(url, { waitUntil: 'commit' });
  return page.evaluate(
    () =>
      new Promise<Sample>((resolve, reject) => {
        const timer = setTimeout(() => {
          observer.disconnect();
          reject(new Error('no planner rows within 60 s'));
        }, 60_000);
        let shell = -1;
        const observer = new MutationObserver(() => {
          if (shell < 0 && document.querySelector('[data-testid="app-ready"]') !== null) shell = performance.now();
          if (document.querySelector('[data-testid="planner-row"]') === null) return;
          observer.disconnect();
          clearTimeout(timer);
          requestAnimationFrame(() =>
            setTimeout(() => {
              const cells = [...document.querySelectorAll('[data-testid="planner-cell"]')];
              resolve({
                shell,
                painted: performance.now(),
                rows: document.querySelectorAll('[data-testid="planner-row"]').length,
                visits: cells.reduce((s, c) => s + Number((c as HTMLElement).dataset.visits ?? 0), 0),
              });
            }),
          );
        });
        observer.observe(document, { childList: true, subtree: true });
      }),
  );
}

const bench: BrowserBench = {
  name: 'rounds.planner.open',
  async run({ browser, baseUrl, log }) {
    const device = await visitsDeviceContext(browser, baseUrl);
    const page = await device.context.newPage();
    try {
      const { weekStart, rows } = plannedWeek();
      await page.goto(device.appUrl);
      await page.getByTestId('app-ready').waitFor({ state: 'attached' });
      const stored = await storeWeek(page, weekStart, rows);
      const url = new URL(`#/rounds/${weekStart}`, device.appUrl).href;
      const warm = await openCold(page, url);
      const samples: Sample[] = [];
      for (let i = 0; i < RUNS; i++) samples.push(await openCold(page, url));
      for (const s of [warm, ...samples]) {
        if (s.rows !== rows.caregivers.length) throw new Error(`the grid shows ${s.rows} caregivers; the directory holds ${rows.caregivers.length}`);
        if (s.visits !== stored) throw new Error(`the grid counts ${s.visits} visits; the week holds ${stored}`);
      }
      const painted = samples.map((s) => s.painted);
      console.error(`[bench] rounds.planner.open samples (ms): ${painted.map(round1).join(', ')}`);
      log({
        bench: 'rounds.planner.open',
        value: round1(median(painted)),
        unit: 'ms',
        target: TARGET_MS,
        n: samples.length,
        floor_shell_median: round1(median(samples.map((s) => s.shell))),
        min: round1(Math.min(...painted)),
        max: round1(Math.max(...painted)),
        caregivers: rows.caregivers.length,
        round_visits: stored,
        residents: device.seed.residents,
        device_visits: device.seed.visits,
        what: 'navigation start of a cold #/rounds/<week> load to the grid rows painted; floor = app shell in the DOM',
      });
    } finally {
      await page.close();
    }
  },
};

export default bench;
