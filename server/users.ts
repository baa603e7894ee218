/**
 * Users, their communities and devices: the account store behind auth, admin and the CLI.
 *
 * Invariants:
 * - Usernames are stored lower-case and unique; lookups lower-case their input.
 * - Passwords are stored only as argon2id hashes that passed the policy (checkPasswordPolicy).
 * - A user's community list only names existing communities.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from './db/db';
import { ApiError } from './errors';
import type { Role, UserStatus } from '../shared/permissions';
import { checkPasswordPolicy, hashPassword } from './auth/passwords';
import { USERNAME_RE } from './auth/schemas';

export { ROLES, USER_STATUSES, type Role, type UserStatus } from '../shared/permissions';

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  status: UserStatus;
  communities: string[];
  createdAt: string;
}

export interface UserWithHash extends User {
  passwordHash: string;
}

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  status: UserStatus;
  password_hash: string;
  communities: string[] | null;
  created_at: Date;
}

const USER_SELECT = `
  SELECT u.id, u.username, u.display_name, u.role, u.status, u.password_hash, u.created_at,
         COALESCE((SELECT array_agg(uc.community_id ORDER BY uc.community_id) FROM user_communities uc WHERE uc.user_id = u.id), '{}') AS communities
  FROM users u`;

function toUser(r: UserRow): UserWithHash {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    status: r.status,
    communities: r.communities ?? [],
    createdAt: r.created_at.toISOString(),
    passwordHash: r.password_hash,
  };
}

export function publicUser(u: User): User {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    status: u.status,
    communities: [...u.communities],
    createdAt: u.createdAt,
  };
}

/** The protocol's SessionUser: what a signed-in client learns about itself. */
export function sessionUser(u: Pick<User, 'id' | 'username' | 'displayName' | 'role' | 'communities'>): {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  communities: string[];
} {
  return { id: u.id, username: u.username, displayName: u.displayName, role: u.role, communities: [...u.communities] };
}

export async function findUserByUsername(db: Db, username: string): Promise<UserWithHash | null> {
  const row = (await db.query<UserRow>(`${USER_SELECT} WHERE u.username = $1`, [username.toLowerCase()])).rows[0];
  return row ? toUser(row) : null;
}

export async function findUserById(db: Db, id: string): Promise<UserWithHash | null> {
  const row = (await db.query<UserRow>(`${USER_SELECT} WHERE u.id = $1`, [id])).rows[0];
  return row ? toUser(row) : null;
}

export async function listUsers(db: Db): Promise<User[]> {
  const rows = (await db.query<UserRow>(`${USER_SELECT} ORDER BY u.username`)).rows;
  return rows.map((r) => publicUser(toUser(r)));
}

function passwordError(password: string, username?: string): ApiError | null {
  const problem = checkPasswordPolicy(password, username);
  return problem === null
    ? null
    : new ApiError('invalid_argument', `body field password: rejected (${problem})`);
}

async function assertCommunitiesExist(db: Db, communities: readonly string[]): Promise<void> {
  if (communities.length === 0) return;
  const found = (await db.query<{ id: string }>('SELECT id FROM communities WHERE id = ANY($1::text[])', [[...communities]])).rows;
  const known = new Set(found.map((r) => r.id));
  const missing = communities.filter((c) => !known.has(c));
  if (missing.length > 0) {
    throw new ApiError('invalid_argument', `body field communities: unknown ${missing.slice(0, 10).join(', ')}`);
  }
}

async function setCommunities(db: Db, userId: string, communities: readonly string[]): Promise<void> {
  await db.query('DELETE FROM user_communities WHERE user_id = $1', [userId]);
  for (const c of new Set(communities)) {
    await db.query('INSERT INTO user_communities (user_id, community_id) VALUES ($1, $2)', [userId, c]);
  }
}

export interface NewUser {
  username: string;
  password: string;
  displayName: string;
  role: Role;
  communities?: readonly string[];
  status?: UserStatus;
}

export async function createUser(db: Db, input: NewUser): Promise<User> {
  const username = input.username.trim().toLowerCase();
  if (!USERNAME_RE.test(username)) throw new ApiError('invalid_argument', 'body field username: 2–64 of a-z 0-9 . _ -');
  const problem = passwordError(input.password, username);
  if (problem) throw problem;
  const passwordHash = await hashPassword(input.password); // outside the transaction: it takes ~50 ms
  const id = randomUUID();
  await db.transaction(async (tx) => {
    const taken = (await tx.query('SELECT 1 FROM users WHERE username = $1', [username])).rows.length > 0;
    if (taken) throw new ApiError('invalid_argument', `body field username: ${username} is taken`);
    await assertCommunitiesExist(tx, input.communities ?? []);
    await tx.query(
      'INSERT INTO users (id, username, password_hash, display_name, role, status) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (username) DO NOTHING',
      [id, username, passwordHash, input.displayName, input.role, input.status ?? 'active'],
    );
    const inserted = (await tx.query<{ id: string }>('SELECT id FROM users WHERE username = $1', [username])).rows[0];
    // A concurrent create of the same name won the race.
    if (inserted?.id !== id) throw new ApiError('invalid_argument', `body field username: ${username} is taken`);
    await setCommunities(tx, id, input.communities ?? []);
  });
  const user = await findUserById(db, id);
  if (!user) throw new Error('created user vanished');
  return publicUser(user);
}

export interface UserPatch {
  role?: Role | undefined;
  displayName?: string | undefined;
  status?: UserStatus | undefined;
  communities?: readonly string[] | undefined;
}

export async function updateUser(db: Db, id: string, patch: UserPatch): Promise<User> {
  await db.transaction(async (tx) => {
    const exists = (await tx.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [id])).rows.length > 0;
    if (!exists) throw new ApiError('not_found', 'no such user');
    if (patch.communities !== undefined) {
      await assertCommunitiesExist(tx, patch.communities);
      await setCommunities(tx, id, patch.communities);
    }
    await tx.query(
      `UPDATE users SET role = COALESCE($2, role), display_name = COALESCE($3, display_name),
         status = COALESCE($4, status), updated_at = now() WHERE id = $1`,
      [id, patch.role ?? null, patch.displayName ?? null, patch.status ?? null],
    );
  });
  const user = await findUserById(db, id);
  if (!user) throw new ApiError('not_found', 'no such user');
  return publicUser(user);
}

/**
 * Sets a new password and ends every session of the user, in one transaction: all refresh tokens of her
 * devices are revoked (used ones too, so a lost reply's retry grace cannot revive one) and each device's
 * token generation is bumped, so live access tokens stop at their next request (docs/security.md). The
 * devices themselves stay enrolled: signing in again with the new password works. `keepDevice` (an
 * administrator resetting her own password) keeps the session of the device she does it from. Returns how
 * many devices held a live session that ended, for the administrator.
 */
export async function setPassword(db: Db, id: string, password: string, nowMs: number, keepDevice: string | null = null): Promise<{ endedSessions: number }> {
  const user = await findUserById(db, id);
  if (!user) throw new ApiError('not_found', 'no such user');
  const problem = passwordError(password, user.username);
  if (problem) throw problem;
  const passwordHash = await hashPassword(password);
  const at = new Date(nowMs).toISOString();
  return db.transaction(async (tx) => {
    await tx.query('UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1', [id, passwordHash]);
    const live = await tx.query<{ n: number }>(
      `SELECT count(DISTINCT rt.device_id)::int AS n FROM refresh_tokens rt JOIN devices d ON d.id = rt.device_id
       WHERE d.user_id = $1 AND d.id IS DISTINCT FROM $2 AND d.revoked_at IS NULL AND rt.used_at IS NULL AND rt.revoked_at IS NULL`,
      [id, keepDevice],
    );
    const devices = 'SELECT id FROM devices WHERE user_id = $1 AND id IS DISTINCT FROM $2';
    await tx.query(`UPDATE refresh_tokens SET revoked_at = COALESCE(revoked_at, $3), retry_box = NULL WHERE device_id IN (${devices})`, [id, keepDevice, at]);
    await tx.query(`UPDATE devices SET token_generation = token_generation + 1 WHERE id IN (${devices})`, [id, keepDevice]);
    return { endedSessions: live.rows[0]?.n ?? 0 };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Communities

export interface CommunityRow {
  id: string;
  code: string;
  nameTh: string;
  nameEn: string;
}

export async function listCommunities(db: Db): Promise<CommunityRow[]> {
  const rows = (await db.query<{ id: string; code: string; name_th: string; name_en: string }>(
    'SELECT id, code, name_th, name_en FROM communities ORDER BY code, id',
  )).rows;
  return rows.map((r) => ({ id: r.id, code: r.code, nameTh: r.name_th, nameEn: r.name_en }));
}

/** Inserts a community; invalid_argument when the id is taken (unless `ifMissing`). */
export async function createCommunity(db: Db, c: CommunityRow, opts: { ifMissing?: boolean } = {}): Promise<boolean> {
  const res = await db.query<{ id: string }>(
    'INSERT INTO communities (id, code, name_th, name_en) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING RETURNING id',
    [c.id, c.code, c.nameTh, c.nameEn],
  );
  if (res.rows.length === 0 && !opts.ifMissing) throw new ApiError('invalid_argument', `body field id: community ${c.id} exists`);
  return res.rows.length > 0;
}

// ---------------------------------------------------------------------------------------------------------
// Devices

export interface Device {
  id: string;
  userId: string;
  name: string;
  createdAt: string;
  lastSeenAt: string;
  revokedAt: string | null;
  /** Set when an administrator ordered the device's local data erased (with its revocation). */
  wipeOrderedAt?: string;
  /** Set when the device confirmed the erasure. */
  wipedAt?: string;
}

interface DeviceRow {
  id: string;
  user_id: string;
  name: string;
  created_at: Date;
  last_seen_at: Date;
  revoked_at: Date | null;
  wipe_ordered_at: Date | null;
  wiped_at: Date | null;
}

function toDevice(r: DeviceRow): Device {
  return {
    id: r.id,
    userId: r.user_id,
    name: r.name,
    createdAt: r.created_at.toISOString(),
    lastSeenAt: r.last_seen_at.toISOString(),
    revokedAt: r.revoked_at ? r.revoked_at.toISOString() : null,
    ...(r.wipe_ordered_at ? { wipeOrderedAt: r.wipe_ordered_at.toISOString() } : {}),
    ...(r.wiped_at ? { wipedAt: r.wiped_at.toISOString() } : {}),
  };
}

export async function listDevices(db: Db, userId?: string): Promise<Device[]> {
  const rows = userId
    ? (await db.query<DeviceRow>('SELECT * FROM devices WHERE user_id = $1 ORDER BY created_at, id', [userId])).rows
    : (await db.query<DeviceRow>('SELECT * FROM devices ORDER BY created_at, id')).rows;
  return rows.map(toDevice);
}

/**
 * Revokes a device and every token it holds, and with `wipe` orders its local data erased (an order given
 * once stays: revoking again without `wipe` does not withdraw it). Null when the device does not exist.
 * Idempotent.
 */
export async function revokeDevice(db: Db, deviceId: string, nowMs: number, opts: { wipe?: boolean } = {}): Promise<Device | null> {
  return db.transaction(async (tx) => {
    const at = new Date(nowMs).toISOString();
    const row = (await tx.query<DeviceRow>(
      `UPDATE devices SET revoked_at = COALESCE(revoked_at, $2), token_generation = token_generation + 1,
              wipe_ordered_at = CASE WHEN $3::boolean THEN COALESCE(wipe_ordered_at, $2) ELSE wipe_ordered_at END
       WHERE id = $1 RETURNING *`,
      [deviceId, at, opts.wipe === true],
    )).rows[0];
    if (!row) return null;
    await tx.query('UPDATE refresh_tokens SET revoked_at = COALESCE(revoked_at, $2) WHERE device_id = $1', [deviceId, at]);
    // Its recovery key goes with it: what the device holds wrapped under it opens no more (docs/security.md §3).
    await tx.query('DELETE FROM recovery_keys WHERE device_id = $1', [deviceId]);
    return toDevice(row);
  });
}
