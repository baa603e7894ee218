/**
 * Accounts made from the command line (cli.ts): the first administrator, and the demo data `npm start` uses.
 * Both are idempotent: existing communities and users are left as they are.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { todayBangkok } from '../shared/dates/thaiDate';
import { createHlcClock } from '../shared/hlc';
import { SEED_COMMUNITIES } from '../shared/reference/communities';
import { MAX_MUTATIONS_PER_PUSH, PROTOCOL_VERSION, type Mutation } from '../shared/sync/protocol';
import { RECORD_SCHEMA_VERSION } from '../shared/envelope';
import { generateDemoData } from '../shared/demo/generate';
import type { Db } from './db/db';
import { generatePlans, generateVisits } from './demoVisits';
import { createServerClock, push } from './sync/push';
import { createCommunity, createUser, findUserByUsername, sessionUser, type Role, type User } from './users';

export async function createAdmin(db: Db, input: { username: string; password: string; displayName?: string }): Promise<User> {
  return createUser(db, { username: input.username, password: input.password, displayName: input.displayName ?? input.username, role: 'admin' });
}

export interface DemoUser {
  username: string;
  password: string;
  displayName: string;
  role: Role;
  communities: string[];
}

/** Fictitious staff with Thai names, as real accounts have: the Thai interface shows who did what by name. */
export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'admin', password: 'admin-demo-pass', displayName: 'ประเสริฐ มั่นคง', role: 'admin', communities: [] },
  { username: 'cm', password: 'cm-demo-pass', displayName: 'สุดารัตน์ ใจดี', role: 'care_manager', communities: [] },
  { username: 'cg1', password: 'cg-demo-pass', displayName: 'มาลี ศรีสุข', role: 'caregiver', communities: ['c-01', 'c-02'] },
];

export interface SeedReport {
  communitiesCreated: number;
  users: { username: string; password: string; role: Role; communities: string[]; created: boolean }[];
}

export async function seedDemo(db: Db): Promise<SeedReport> {
  let communitiesCreated = 0;
  for (const c of SEED_COMMUNITIES) {
    if (await createCommunity(db, { id: c.id, code: c.code, nameTh: c.nameTh, nameEn: c.nameEn }, { ifMissing: true })) communitiesCreated++;
  }
  const users: SeedReport['users'] = [];
  for (const u of DEMO_USERS) {
    const exists = (await findUserByUsername(db, u.username)) !== null;
    if (!exists) await createUser(db, u);
    users.push({ username: u.username, password: u.password, role: u.role, communities: u.communities, created: !exists });
  }
  return { communitiesCreated, users };
}

export const DEMO_DEVICE_NAME = 'เครื่องสร้างข้อมูลตัวอย่าง';

export interface DemoRecordsReport {
  residents: number;
  assessments: number;
  visits: number;
  carePlans: number;
}

/** Visits per resident on average (a few weeks of visits, 3–10 days apart). */
export const DEMO_VISITS_PER_RESIDENT = 6;
/** Share of the active residents with an approved care plan. */
export const DEMO_PLAN_SHARE = 0.4;

/**
 * Fictitious residents with their ADL histories, a few weeks of home visits each (caregiver cg1; some
 * abnormal vitals, a few escalations) and an approved care plan for some (approved by the care manager cm;
 * some past their review date), all from deterministic generators (shared/demo/generate.ts,
 * server/demoVisits.ts) and written through the same push path a device uses (so they get seqs, history and
 * audit like any other change). Residents and assessments come from a loader device of the demo admin;
 * visits and plans from one of the care manager (an admin may not write them, and the server accepts an
 * approval only from the care manager it names). Both devices are revoked once the load is done. Does
 * nothing when the server already holds residents: a restart never doubles them.
 */
export async function seedDemoRecords(
  db: Db,
  opts: { residents: number; now?: () => number; seed?: number; visitsPerResident?: number; planShare?: number },
): Promise<DemoRecordsReport | null> {
  const now = opts.now ?? Date.now;
  const existing = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM records WHERE type = 'resident'");
  if ((existing.rows[0]?.n ?? 0) > 0) return null;
  const [admin, cm, cg] = await Promise.all([findUserByUsername(db, 'admin'), findUserByUsername(db, 'cm'), findUserByUsername(db, 'cg1')]);
  if (admin === null || cm === null || cg === null) throw new Error('seedDemo must run first: there is no demo admin, cm or cg1');

  const today = todayBangkok(new Date(now()));
  const data = generateDemoData({ residents: opts.residents, seed: opts.seed ?? 20_250_101, today });
  const visits = generateVisits(data.residents, { total: Math.round(opts.residents * (opts.visitsPerResident ?? DEMO_VISITS_PER_RESIDENT)), today, caregiverIds: [cg.id] });
  const plans = generatePlans(data.residents, { today, caregiverIds: [cg.id], approverId: cm.id, share: opts.planShare ?? DEMO_PLAN_SHARE });

  const loader = await startLoader(db, admin, now);
  const byResident = new Map<string, typeof data.assessments>();
  for (const a of data.assessments) {
    const list = byResident.get(a.data.residentId) ?? [];
    list.push(a);
    byResident.set(a.data.residentId, list);
  }
  // A resident before its assessments: an assessment's bucket is its resident's.
  for (const r of data.residents) {
    loader.add('resident', r.id, r.data);
    for (const a of byResident.get(r.id) ?? []) loader.add('adl_assessment', a.id, a.data);
  }
  await loader.finish();

  // After every resident is stored, so each visit's and plan's bucket is found.
  const manager = await startLoader(db, cm, now);
  for (const v of visits) manager.add('visit', v.id, v.data);
  for (const p of plans) manager.add('care_plan', p.id, p.data);
  await manager.finish();
  return { residents: data.residents.length, assessments: data.assessments.length, visits: visits.length, carePlans: plans.length };
}

/** A loader device of `user`: collects create mutations, pushes them in protocol-sized batches, then is revoked. */
async function startLoader(db: Db, user: User, now: () => number): Promise<{ add(type: string, id: string, fields: object): void; finish(): Promise<void> }> {
  const deviceId = randomUUID();
  await db.query('INSERT INTO devices (id, user_id, name, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $4)', [deviceId, user.id, DEMO_DEVICE_NAME, new Date(now()).toISOString()]);
  const clientId = randomBytes(8).toString('hex');
  const clock = createHlcClock(clientId, now);
  const mutations: Mutation[] = [];
  return {
    add(type, id, fields) {
      mutations.push({ mid: mutations.length + 1, type, id, op: 'create', fields: { ...fields }, hlc: clock.tick(), baseSeq: 0 });
    },
    async finish() {
      const auth = { user: { ...sessionUser(user), status: user.status }, deviceId, tokenExpiresAtMs: now() + 60_000 };
      const deps = { db, now, serverClock: createServerClock(now) };
      for (let i = 0; i < mutations.length; i += MAX_MUTATIONS_PER_PUSH) {
        const batch = mutations.slice(i, i + MAX_MUTATIONS_PER_PUSH);
        const { response } = await push(deps, auth, { protocol: PROTOCOL_VERSION, schemaVersion: RECORD_SCHEMA_VERSION, clientId, mutations: batch });
        const refused = response.results.find((r) => r.status === 'rejected');
        if (refused) throw new Error(`demo data refused by the server's own validation: ${JSON.stringify(refused)}`);
      }
      await db.query('UPDATE devices SET revoked_at = $2 WHERE id = $1', [deviceId, new Date(now()).toISOString()]);
    },
  };
}
