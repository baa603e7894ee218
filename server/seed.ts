/**
 * Accounts made from the command line (cli.ts): the first administrator, and the demo data `npm start` uses.
 * Both are idempotent: existing communities and users are left as they are.
 */
import { SEED_COMMUNITIES } from '../shared/reference/communities';
import type { Db } from './db/db';
import { createCommunity, createUser, findUserByUsername, type Role, type User } from './users';

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

export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'admin', password: 'admin-demo-pass', displayName: 'ผู้ดูแลระบบ (Admin)', role: 'admin', communities: [] },
  { username: 'cm', password: 'cm-demo-pass', displayName: 'ผู้จัดการการดูแล (Care manager)', role: 'care_manager', communities: [] },
  { username: 'cg1', password: 'cg-demo-pass', displayName: 'ผู้ดูแลผู้สูงอายุ 1 (Caregiver)', role: 'caregiver', communities: ['c-01', 'c-02'] },
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
