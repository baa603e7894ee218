/**
 * The device's list of users who signed in here (shared/lock/deviceSchema.ts), kept in localStorage so the app
 * knows which database to open before anything else loads (docs/security.md §3, docs/architecture.md "One
 * database per user").
 *
 * Database names: the database that existed before per-user databases (`carerounds`) becomes the first
 * signed-in user's (no copy: the name is recorded as theirs); every later user gets `carerounds-u-<id>`.
 * Signed out, the app opens a database of no one's: `carerounds` while nobody owns it yet, else
 * `carerounds-lobby`, which only ever holds the server address and a session being set up.
 */
import { DEFAULT_DB_NAME } from '../db/db';
import { deviceLockSchema, type DeviceLock, type UserLock } from '../../shared/lock/deviceSchema';
import { DEFAULT_IDLE_MINUTES } from '../../shared/lock/policy';

export const DEVICE_LOCK_KEY = 'carerounds.device-lock';
export const LOBBY_DB_NAME = 'carerounds-lobby';

export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export const EMPTY_DEVICE: DeviceLock = { version: 1, current: null, legacyOwner: null, idleMinutes: DEFAULT_IDLE_MINUTES, users: {} };

/** The stored list; a missing or damaged one reads as empty (the users sign in online again; no data is lost). */
export function readDevice(store: KeyValueStore): DeviceLock {
  const raw = store.getItem(DEVICE_LOCK_KEY);
  if (raw === null) return structuredClone(EMPTY_DEVICE);
  try {
    const parsed = deviceLockSchema.safeParse(JSON.parse(raw));
    if (parsed.success) return parsed.data;
  } catch {
    // not JSON
  }
  console.error('the device lock list is unreadable; every user signs in online again');
  return structuredClone(EMPTY_DEVICE);
}

export function writeDevice(store: KeyValueStore, device: DeviceLock): void {
  store.setItem(DEVICE_LOCK_KEY, JSON.stringify(deviceLockSchema.parse(device)));
}

/** The database to open now: the signed-in user's, else the lobby. */
export function currentDbName(device: DeviceLock): string {
  const user = device.current === null ? undefined : device.users[device.current];
  if (user) return user.dbName;
  return device.legacyOwner === null ? DEFAULT_DB_NAME : LOBBY_DB_NAME;
}

/** Host secret keys are `[a-z0-9._-]`: user ids are lower-case UUIDs, anything else is hex-escaped. */
export function userKeyPart(userId: string): string {
  return Array.from(userId.toLowerCase(), (c) => (/[a-z0-9-]/.test(c) ? c : `_${c.charCodeAt(0).toString(16)}`)).join('');
}

/**
 * The database for `userId`. The old unnamed database goes to the user whose session it held before this
 * version (`legacyHolder`, read before the new sign-in overwrote it), else to the first user who signs in.
 */
export function assignDb(device: DeviceLock, userId: string, legacyHolder: string | null = null): { device: DeviceLock; dbName: string } {
  const known = device.users[userId];
  if (known) return { device, dbName: known.dbName };
  if (device.legacyOwner === userId) return { device, dbName: DEFAULT_DB_NAME };
  if (device.legacyOwner === null) {
    const owner = legacyHolder ?? userId;
    const claimed = { ...device, legacyOwner: owner };
    return owner === userId ? { device: claimed, dbName: DEFAULT_DB_NAME } : { device: claimed, dbName: userDbName(userId) };
  }
  return { device, dbName: userDbName(userId) };
}

export function userDbName(userId: string): string {
  return `carerounds-u-${userKeyPart(userId)}`;
}

export function newUserLock(user: { id: string; username: string; displayName: string }, dbName: string): UserLock {
  return { userId: user.id, username: user.username, displayName: user.displayName, dbName, unlockWith: null, pinWrap: null, passwordWrap: null, recoveryWrap: null, osWrap: 'none', failures: 0, lastFailureAt: null };
}

/** An in-memory KeyValueStore (tests, and a browser without localStorage). */
export function memoryStore(): KeyValueStore {
  const m = new Map<string, string>();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v), removeItem: (k) => void m.delete(k) };
}
