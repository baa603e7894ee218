/** Reads and writes of the local sync state rows (schema v3 `syncState`), narrowed by key. */
import type { CareRoundsDb } from '../db/db';
import type { SignedInSession, SyncProblemCode, SyncStateRow } from './types';

type RowOf<K extends SyncStateRow['key']> = Extract<SyncStateRow, { key: K }>;

export async function readState<K extends SyncStateRow['key']>(db: CareRoundsDb, key: K): Promise<RowOf<K> | undefined> {
  const row = await db.syncState.get(key);
  // The key is the primary key, so a row found under `key` has that key; the cast only narrows the union.
  return row?.key === key ? (row as RowOf<K>) : undefined;
}

export async function readCursor(db: CareRoundsDb): Promise<string> {
  return (await readState(db, 'cursor'))?.value ?? '';
}

export async function readSession(db: CareRoundsDb): Promise<SignedInSession | null> {
  return (await readState(db, 'session'))?.session ?? null;
}

export async function readSavedServerUrl(db: CareRoundsDb): Promise<string | null> {
  return (await readState(db, 'serverUrl'))?.value ?? null;
}

export async function saveServerUrl(db: CareRoundsDb, url: string | null): Promise<void> {
  if (url === null || url.trim() === '') await db.syncState.delete('serverUrl');
  else await db.syncState.put({ key: 'serverUrl', value: normaliseServerUrl(url) });
}

export async function setProblem(db: CareRoundsDb, code: SyncProblemCode | null, now: number = Date.now()): Promise<void> {
  if (code === null) await db.syncState.delete('problem');
  else await db.syncState.put({ key: 'problem', code, at: new Date(now).toISOString() });
}

/** `https://host:port` without a trailing slash; a bare host gets https. Throws on something that is no URL. */
export function normaliseServerUrl(input: string): string {
  const trimmed = input.trim();
  const withScheme = /^[a-z]+:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  const u = new URL(withScheme);
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new TypeError('server URL must be http(s)');
  return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
}

/** The marker of an erasure an administrator ordered (wipe.ts), or null. */
export async function readWipeMarker(db: CareRoundsDb): Promise<RowOf<'wiped'> | null> {
  return (await readState(db, 'wiped')) ?? null;
}

/** "Use this device again": forgets the marker; the next start sets the emptied database up afresh. */
export async function forgetWipe(db: CareRoundsDb): Promise<void> {
  await db.syncState.delete('wiped');
}
