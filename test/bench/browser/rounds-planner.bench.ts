/**
 * rounds.planner.open — the week planner opened cold on the care manager's full device (seed-browser.ts
 * VISITS_DEVICE: 10,000 residents, 200,000 visits, with their read models) holding one planned week: the
 * generated municipality's 150 caregivers in the user directory and its plan (shared/rounds/generate.ts, run
 * through plan(); ~3,900 round visits) given to the device's first residents. A full load of
 * `#/rounds/<Monday>` (a new document), timed in the page from the navigation's start to the grid's rows in
 * the DOM, then the next frame. The floor, in the same loads, is when the app shell (`app-ready`) appeared:
 * what any page waits for before its own reads. One warm-up load, then the median of RUNS.
 *
 * Checked, so a faster but wrong page fails: the grid is virtualised (only rows in or near the view are in
 * the DOM), so its aria-rowcount must count every caregiver (plus the header), the drawn rows must be the
 * first ones in the directory's order, and each drawn row's cells must add up to that caregiver's stored
 * visits. Also logged: what readWeek and weekGrid cost on this device (read_week_ms, week_grid_ms, the
 * median of RUNS calls in the page), the two pieces of the page's own work before its first paint.
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
  rowCount: number;
  drawn: { caregiverId: string; rowIndex: number; visits: number }[];
}

const ENTRY = `
import { openStore } from '../../renderer/db/db';
import { readWeek } from '../../renderer/features/rounds/planner/planWeek';
import { weekGrid } from '../../shared/rounds/grid';
(globalThis as unknown as { __plannerBench: unknown }).__plannerBench = { openStore, readWeek, weekGrid };
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

/** The median cost, in the page, of readWeek (IndexedDB) and of weekGrid on what it read. */
async function pieces(page: Page, weekStart: string): Promise<{ read: number; grid: number; caregivers: string[] }> {
  await runAppModule(page, ENTRY);
  return page.evaluate(
    async ({ weekStart, runs }) => {
      type Week = { caregivers: { id: string }[] } & Record<string, unknown>;
      type Api = {
        openStore(name: string): Promise<{ ok: true; db: { close(): void } } | { ok: false; code: string }>;
        readWeek(db: unknown, weekStart: string): Promise<Week>;
        weekGrid(g: unknown): unknown[];
      };
      const api = (globalThis as unknown as { __plannerBench: Api }).__plannerBench;
      const opened = await api.openStore('carerounds');
      if (!opened.ok) throw new Error(`the app's database did not open: ${opened.code}`);
      const reads: number[] = [];
      const grids: number[] = [];
      let week: Week | null = null;
      try {
        for (let i = 0; i < runs; i++) {
          const t0 = performance.now();
          week = await api.readWeek(opened.db, weekStart);
          const t1 = performance.now();
          api.weekGrid({ weekStart, ...week });
          grids.push(performance.now() - t1);
          reads.push(t1 - t0);
        }
      } finally {
        opened.db.close();
      }
      return { reads, grids, caregivers: (week?.caregivers ?? []).map((c) => c.id) };
    },
    { weekStart, runs: RUNS },
  ).then(({ reads, grids, caregivers }) => ({ read: median(reads), grid: median(grids), caregivers }));
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
              const painted = performance.now();
              resolve({
                shell,
                painted,
                rowCount: Number(document.querySelector('[data-testid="planner-grid"]')?.getAttribute('aria-rowcount') ?? 0),
                drawn: [...document.querySelectorAll<HTMLElement>('[data-testid="planner-row"]')].map((row) => ({
                  caregiverId: row.dataset.caregiver ?? '',
                  rowIndex: Number(row.getAttribute('aria-rowindex')),
                  visits: [...row.querySelectorAll<HTMLElement>('[data-testid="planner-cell"]')].reduce((s, c) => s + Number(c.dataset.visits ?? 0), 0),
                })),
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
      const cost = await pieces(page, weekStart);
      const expected = new Map<string, number>();
      for (const v of rows.visits) expected.set(String(v.caregiverId), (expected.get(String(v.caregiverId)) ?? 0) + 1);
      if ([...expected.values()].reduce((a, b) => a + b, 0) !== stored) throw new Error('the stored week does not match the generated one');
      for (const s of [warm, ...samples]) {
        if (s.rowCount !== rows.caregivers.length + 1) throw new Error(`the grid's aria-rowcount is ${s.rowCount}; the directory holds ${rows.caregivers.length} caregivers`);
        if (s.drawn.length === 0) throw new Error('the grid drew no rows');
        s.drawn.forEach((d, i) => {
          if (d.rowIndex !== i + 2 || d.caregiverId !== cost.caregivers[i]) throw new Error(`row ${i + 1} drawn is ${d.caregiverId} at aria-rowindex ${d.rowIndex}; expected ${cost.caregivers[i]} at ${i + 2}`);
          if (d.visits !== (expected.get(d.caregiverId) ?? 0)) throw new Error(`the grid counts ${d.visits} visits for ${d.caregiverId}; the week holds ${expected.get(d.caregiverId) ?? 0}`);
        });
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
        read_week_ms: round1(cost.read),
        week_grid_ms: round1(cost.grid),
        rows_drawn: median(samples.map((s) => s.drawn.length)),
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
