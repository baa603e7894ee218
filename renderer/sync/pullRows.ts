/**
 * Pulled rows ↔ stored rows, shared by the page path (pull.ts) and the bootstrap (bootstrap.ts): the local
 * row's sync state, the row stored for a change, and the HLC receive. The pending outbox entries by record
 * (entryKey, pendingByRecord) are in local.ts, shared with the push path.
 *
 * Invariants:
 * - A stored row is the change's data fields plus the envelope (ENVELOPE_KEYS) and the bucket, its HLC map
 *   in the compact form (shared/envelope.ts compactHlc); localState reads exactly those back, the map expanded.
 * - receiveClock runs inside the caller's transaction, which must include `meta`.
 */
import { compactHlc, ENVELOPE_KEYS, expandHlc, RECORD_SCHEMA_VERSION } from '../../shared/envelope';
import { createHlcClock, HlcError, type HlcState } from '../../shared/hlc';
import type { LocalState } from '../../shared/sync/merge';
import type { Change } from '../../shared/sync/protocol';
import type { CareRoundsDb } from '../db/db';
import { ensureDevice, readDevice, readHlcState } from '../db/meta';

const ENVELOPE_KEY_SET: ReadonlySet<string> = new Set<string>([...ENVELOPE_KEYS, 'bucket']);

export function localState(row: Record<string, unknown>): LocalState {
  const data: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (!ENVELOPE_KEY_SET.has(k)) data[k] = v;
  const hlc = expandHlc((row.hlc ?? {}) as Record<string, string>, data);
  const seq = typeof row.seq === 'number' ? row.seq : 0;
  const deletedAt = typeof row.deletedAt === 'string' ? row.deletedAt : null;
  return { seq, data, hlc, deletedAt };
}

export function storedRow(change: Change, merged: LocalState): Record<string, unknown> {
  return {
    ...merged.data,
    id: change.id,
    createdAt: change.createdAt,
    createdBy: change.createdBy,
    updatedAt: change.updatedAt,
    updatedBy: change.updatedBy,
    deviceId: change.deviceId,
    deletedAt: merged.deletedAt,
    seq: merged.seq,
    hlc: compactHlc(merged.hlc, merged.data),
    schemaVersion: RECORD_SCHEMA_VERSION,
    bucket: change.bucket,
  };
}

/**
 * HLC receive (docs/sync-protocol.md §12): the stored clock (meta.hlc, restored by every local write) receives
 * the greatest pulled stamp through shared/hlc.ts, so the next local change is stamped above everything seen.
 * A stamp the clock refuses (malformed, more than its drift limit ahead of the wall clock, or no room left in
 * the millisecond's counter) is skipped: the clock stays where it was. Runs in the caller's transaction, which
 * includes `meta`, so it serialises with local writes.
 */
export async function receiveClock(db: CareRoundsDb, changes: readonly Change[], nowMs: number): Promise<void> {
  const state = await receivedClockState(db, changes, nowMs);
  if (state !== null) await db.meta.put({ key: 'hlc', state });
}

/**
 * receiveClock's reads and decision without its write: the clock state to store in `meta` (row `hlc`), or
 * null when there is nothing to store. For a caller that issues all its writes together (bootstrap.ts).
 */
export async function receivedClockState(db: CareRoundsDb, changes: readonly Change[], nowMs: number): Promise<HlcState | null> {
  let max = '';
  for (const c of changes) for (const h of Object.values(c.hlc)) if (h > max) max = h;
  if (max === '') return null;
  // Both rows read at once; the device row exists from the store's opening on (ensureDevice is the fallback).
  const [known, stored] = await Promise.all([readDevice(db), readHlcState(db)]);
  const device = known ?? (await ensureDevice(db, () => nowMs));
  const clock = createHlcClock(device.clientId, () => nowMs, stored ? { ...stored, node: device.clientId } : undefined);
  try {
    clock.receive(max);
  } catch (err) {
    if (err instanceof HlcError) return null;
    throw err;
  }
  return clock.state();
}
