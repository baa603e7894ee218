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
import { HLC_DEFAULT_MAX_DRIFT_MS, parseHlc } from '../../shared/hlc';
import type { LocalState } from '../../shared/sync/merge';
import type { Change } from '../../shared/sync/protocol';
import type { CareRoundsDb } from '../db/db';
import { readHlcState } from '../db/meta';

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
 * HLC receive (docs/sync-protocol.md §12): moves the stored clock state up to the greatest pulled stamp, so
 * the next local change is stamped above everything seen. A stamp more than 5 minutes ahead of the wall
 * clock is skipped. Runs in the caller's transaction, which includes `meta`, so it serialises with local writes.
 */
export async function receiveClock(db: CareRoundsDb, changes: readonly Change[], nowMs: number): Promise<void> {
  let max = '';
  for (const c of changes) for (const h of Object.values(c.hlc)) if (h > max) max = h;
  if (max === '') return;
  let remote;
  try {
    remote = parseHlc(max);
  } catch {
    return;
  }
  if (remote.millis > nowMs + HLC_DEFAULT_MAX_DRIFT_MS) return;
  const state = await readHlcState(db);
  if (state && (state.millis > remote.millis || (state.millis === remote.millis && state.counter >= remote.counter))) return;
  const device = await db.meta.get('device');
  const node = device?.key === 'device' ? device.clientId : (state?.node ?? remote.node);
  await db.meta.put({ key: 'hlc', state: { millis: remote.millis, counter: remote.counter, node } });
}
