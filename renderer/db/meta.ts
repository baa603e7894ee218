/**
 * Rows of the `meta` store. The device identity is born with the local database and never changes; `mid`
 * and `hlc` are the outbox counter and clock, written only by the repository inside the same transaction as
 * the outbox entry they describe (see repository.ts). `user` is the local user until sign-in exists.
 * `vitalSettings` is this device's normal-range overrides (settings.ts; local, never synced).
 * `registerHead` is the register's first screenful, a read model (readModels/registerHead.ts; local).
 * `readModels` is the read models' build marker (readModels/marker.ts; local).
 * `reportColumns` is this device's CSV column map of the service list (reportSettings.ts; local, never synced).
 * `fundSettings` is this device's LTC fund rates and budget dates (reportSettings.ts; local, never synced).
 */
import type { HlcState } from '../../shared/hlc';
import { isRole, type Role } from '../../shared/permissions';
import type { ServiceColumn } from '../../shared/reports/columns';
import type { FundSettings } from '../../shared/reports/fund';
import type { VitalSettingsOverrides } from '../../shared/vitals';
import type { CareRoundsDb } from './db';
import { uuidv7 } from './ids';
import type { RegisterHeadMeta } from './readModels/registerHead';

export interface DeviceMeta {
  key: 'device';
  deviceId: string; // UUID, names the device in envelopes and outbox entries
  clientId: string; // 16 lower-hex chars, the HLC node id; a wiped database gets a new one
  createdAt: string;
}

export interface MidMeta {
  key: 'mid';
  value: number; // last mutation id written to the outbox
}

export interface HlcMeta {
  key: 'hlc';
  state: HlcState;
}

export interface UserMeta {
  key: 'user';
  userId: string;
  displayName: string;
  role: Role;
}

export interface VitalSettingsMeta {
  key: 'vitalSettings';
  /** Checked with vitalSettingsOverridesSchema on write and on read (settings.ts). */
  overrides: VitalSettingsOverrides;
  updatedAt: string;
}

/** The build marker of the read models (readModels/marker.ts): never synced. */
export interface ReadModelsMeta {
  key: 'readModels';
  /** READ_MODELS_VERSION of the code that built them. */
  version: string;
  /** 'stale' from a suspended transaction's first write (or a rebuild's start) until a rebuild completes. */
  state: 'built' | 'stale';
  at: string;
}

/** The service list's CSV column map (reportSettings.ts): never synced. */
export interface ReportColumnsMeta {
  key: 'reportColumns';
  /** Checked with serviceColumnsSchema on write and on read. */
  columns: ServiceColumn[];
  updatedAt: string;
}

/** The LTC fund's rates and budget dates (reportSettings.ts): never synced. */
export interface FundSettingsMeta {
  key: 'fundSettings';
  /** Checked with fundSettingsSchema on write and on read. */
  settings: FundSettings;
  updatedAt: string;
}

/** Every row written before this database was sealed has been sealed since (crypto/leftovers.ts). */
export interface SealedAllMeta {
  key: 'sealedAll';
  at: string;
  /** How many plain rows the pass sealed. */
  rows: number;
}

export type MetaRow = DeviceMeta | MidMeta | HlcMeta | UserMeta | VitalSettingsMeta | RegisterHeadMeta | ReadModelsMeta | ReportColumnsMeta | FundSettingsMeta | SealedAllMeta;
export type MetaKey = MetaRow['key'];

export type LocalUser = Omit<UserMeta, 'key'>;

/** Until sign-in exists every write is made by this user (a signed-in session replaces it). */
export const DEFAULT_LOCAL_USER: LocalUser = { userId: 'local-user', displayName: '', role: 'care_manager' };

function randomHex(bytes: number): string {
  const b = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

export function newDeviceMeta(nowMs: number): DeviceMeta {
  return { key: 'device', deviceId: uuidv7(nowMs), clientId: randomHex(8), createdAt: new Date(nowMs).toISOString() };
}

// Readers narrow by key so a malformed row (e.g. hand-edited) reads as missing instead of mistyped.

export async function readDevice(db: CareRoundsDb): Promise<DeviceMeta | undefined> {
  const row = await db.meta.get('device');
  return row?.key === 'device' && typeof row.clientId === 'string' ? row : undefined;
}

export async function readMid(db: CareRoundsDb): Promise<number> {
  const row = await db.meta.get('mid');
  return row?.key === 'mid' && Number.isSafeInteger(row.value) ? row.value : 0;
}

export async function readHlcState(db: CareRoundsDb): Promise<HlcState | undefined> {
  const row = await db.meta.get('hlc');
  return row?.key === 'hlc' ? row.state : undefined;
}

/** The device row, created on first use. Call inside a transaction that includes `meta` (or on its own). */
export async function ensureDevice(db: CareRoundsDb, now: () => number = Date.now): Promise<DeviceMeta> {
  return db.transaction('rw', db.meta, async () => {
    const existing = await readDevice(db);
    if (existing) return existing;
    const device = newDeviceMeta(now());
    await db.meta.add(device);
    return device;
  });
}

export async function getLocalUser(db: CareRoundsDb): Promise<LocalUser> {
  const row = await db.meta.get('user');
  // A role this build does not know (a newer server's, a hand-edited row) reads as the least privileged one.
  if (row?.key === 'user') return { userId: row.userId, displayName: row.displayName, role: isRole(row.role) ? row.role : 'caregiver' };
  return { ...DEFAULT_LOCAL_USER };
}

/** A local setting (not synced, no outbox entry): who is writing on this device. */
export async function setLocalUser(db: CareRoundsDb, user: Partial<LocalUser>): Promise<LocalUser> {
  return db.transaction('rw', db.meta, async () => {
    const next = { ...(await getLocalUser(db)), ...user };
    await db.meta.put({ key: 'user', ...next });
    return next;
  });
}
