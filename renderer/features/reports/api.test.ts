/**
 * ReportsApi against the REAL server (server/app.ts on in-memory PGlite) over real HTTP with Node's fetch:
 * a care manager marks this month as submitted, lists and opens it (no late changes yet), and has a workbook
 * written as XLSX; a caregiver is refused with the server's code. Server paths are held in a variable as in
 * admin/api.test.ts (the renderer's tsconfig has no Node types).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthBounds } from '../../../shared/dates/calendar';
import { todayBangkok } from '../../../shared/dates/thaiDate';
import { LoginResponse } from '../../../shared/sync/protocol';
import { SyncFailure, type TokenProvider } from '../../sync/http';
import { ReportsApi } from './api';

interface ServerDb {
  close(): Promise<void>;
}
interface ServerApp {
  listen(o: { port: number; host: string }): Promise<string>;
  close(): Promise<void>;
}
const serverDir = '../../../server';
async function load<T>(path: string): Promise<T> {
  return (await import(/* @vite-ignore */ `${serverDir}/${path}`)) as T;
}

const PASSWORD = 'reports-api-test-pass';
let db: ServerDb;
let app: ServerApp;
let base = '';

beforeAll(async () => {
  const { openDb } = await load<{ openDb(o: { dataDir: string }): Promise<ServerDb> }>('db/db.ts');
  const { migrate } = await load<{ migrate(db: ServerDb): Promise<unknown> }>('db/migrate.ts');
  const { buildServer } = await load<{ buildServer(o: { db: ServerDb; config: unknown }): Promise<ServerApp> }>('app.ts');
  const { defaultConfig } = await load<{ defaultConfig(o: Record<string, unknown>): unknown }>('config.ts');
  const users = await load<{
    createCommunity(db: ServerDb, c: { id: string; code: string; nameTh: string; nameEn: string }): Promise<boolean>;
    createUser(db: ServerDb, u: { username: string; password: string; displayName: string; role: string; communities?: string[] }): Promise<unknown>;
  }>('users.ts');
  db = await openDb({ dataDir: 'memory://' });
  await migrate(db);
  for (const id of ['c-01', 'c-02']) await users.createCommunity(db, { id, code: id.slice(2), nameTh: `ชุมชน ${id}`, nameEn: `Community ${id}` });
  await users.createUser(db, { username: 'boss', password: PASSWORD, displayName: 'Boss', role: 'care_manager' });
  await users.createUser(db, { username: 'malee', password: PASSWORD, displayName: 'Malee', role: 'caregiver', communities: ['c-01'] });
  const config = defaultConfig({ jwtSecret: new TextEncoder().encode('reports-api-test-secret-reports-api-test-secret'), rateLimit: { loginPerMinute: 1000, defaultPerMinute: 100_000 } });
  app = await buildServer({ db, config });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
}, 120_000);

afterAll(async () => {
  await app.close();
  await db.close();
});

async function login(username: string, password = PASSWORD): Promise<LoginResponse> {
  const res = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password, deviceName: `${username} test` }) });
  if (res.status !== 200) throw new SyncFailure('invalid_credentials', `login ${username}: ${res.status}`, res.status);
  return LoginResponse.parse(await res.json());
}

/** A token provider that hands out `first` once, then `later` on refresh (counting refreshes). */
function tokens(first: string, later: string | null = first): TokenProvider & { refreshes: number } {
  const p = {
    refreshes: 0,
    accessToken: () => Promise.resolve(first),
    refresh: () => {
      p.refreshes++;
      return Promise.resolve(later);
    },
  };
  return p;
}

describe('ReportsApi (real server)', () => {
  const today = todayBangkok();
  const month = monthBounds(today);

  it('submits this month, lists and opens the submission, and gets a workbook written as XLSX', async () => {
    const session = await login('boss');
    const api = new ReportsApi({ baseUrl: base, tokens: tokens(session.accessToken) });
    const submitted = await api.submit({ kind: 'month', month: today.slice(0, 7) }, { communities: null, caregivers: null });
    expect(submitted).toMatchObject({ from: month.first, to: month.last, submittedByName: 'Boss', serviceRows: 0, serviceTotalSatang: 0 });
    expect((await api.list(month.first, month.last)).map((s) => s.id)).toEqual([submitted.id]);
    const opened = await api.open(submitted.id);
    expect(opened.lateChanges).toEqual([]);
    expect(opened.figures.from).toBe(month.first);
    const xlsx = await api.renderXlsx({ sheets: [{ name: 'LTC', title: ['ทดสอบ'], columns: [{ header: 'จำนวน', kind: 'int', width: 10 }], rows: [[1]], totals: true }] });
    // An XLSX file is a zip: it starts with "PK".
    expect([...xlsx.subarray(0, 2)]).toEqual([0x50, 0x4b]);
  });

  it('refuses a caregiver with the server’s code', async () => {
    const session = await login('malee');
    const api = new ReportsApi({ baseUrl: base, tokens: tokens(session.accessToken) });
    let caught: unknown = null;
    try {
      await api.list(month.first, month.last);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SyncFailure);
    expect((caught as SyncFailure).code).toBe('forbidden');
  });
});
