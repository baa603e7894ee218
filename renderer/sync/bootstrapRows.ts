/**
 * How the bootstrap turns a chunk's changes into stored rows without a merge (bootstrap.ts): the reader
 * shapes each row while the previous chunk is being written, on the change's own parsed `data` object.
 *
 * Invariants:
 * - storedRowInPlace gives the row pullRows.ts storedRow would give for a change merged into nothing,
 *   with the HLC map as it came (compact or not: both are how this client stores it).
 * - A change whose data has a key of the stored envelope is not shaped (its row would hide that key):
 *   bootstrap.ts stores it through the merge path instead.
 * - On a sealed database the shaped rows, and their residents' register rows, are sealed ahead of the write
 *   (sealAhead) and must not change afterwards: the write stores what was sealed for each object.
 */
import { compactHlc, ENVELOPE_KEYS, RECORD_SCHEMA_VERSION } from '../../shared/envelope';
import type { BootstrapChunk, Change } from '../../shared/sync/protocol';
import { isSyncType } from '../../shared/sync/recordTypes';
import type { Resident } from '../../shared/resident';
import type { CareRoundsDb } from '../db/db';
import type { SyncedTableName } from '../db/outbox';
import { projectRegisterRow, type RegisterRowRecord } from '../db/registerRows';
import { TABLE_OF_TYPE } from './types';

/**
 * pullRows.ts storedRow for a change stored as the server sent it, built on the change's own freshly parsed
 * `data` object instead of a copy (the same keys in the same order): the bootstrap owns the parsed line.
 */
export function storedRowInPlace(c: Change): Record<string, unknown> {
  const row = c.data as Record<string, unknown>;
  const hlc = compactHlc(c.hlc, row);
  row.id = c.id;
  row.createdAt = c.createdAt;
  row.createdBy = c.createdBy;
  row.updatedAt = c.updatedAt;
  row.updatedBy = c.updatedBy;
  row.deviceId = c.deviceId;
  row.deletedAt = c.deleted ? (c.hlc.$deleted ?? null) : null;
  row.seq = c.seq;
  row.hlc = hlc;
  row.schemaVersion = RECORD_SCHEMA_VERSION;
  row.bucket = c.bucket;
  return row;
}

/** The keys storedRowInPlace sets on a change's data object. */
const STORED_ENVELOPE_KEYS: readonly string[] = [...ENVELOPE_KEYS, 'bucket'];
const STORED_ENVELOPE_KEY_SET: ReadonlySet<string> = new Set(STORED_ENVELOPE_KEYS);

/** A chunk line with the stored row of each change of a known type, made by the reader (shapeChunk). */
export interface ShapedChunk {
  kind: 'shaped';
  line: BootstrapChunk;
  /** By change: its row as stored without a merge (storedRowInPlace), or null to shape it in storeChunk. */
  rows: (Record<string, unknown> | null)[];
  /**
   * On a sealed database: `rows` have been sealed ahead of their write (bootstrap.ts sealAhead), and so have
   * these register rows of the chunk's residents, by id. A row merged with local edits is written from its
   * merge instead, and sealed by that write.
   */
  registerRows?: Map<string, RegisterRowRecord>;
}

/**
 * Shapes a chunk's rows as it is read, while the previous chunk is being written, so its transaction only
 * merges the few rows with pending entries. A change whose data has a key of the envelope is left to
 * storeChunk as it came (its row would hide that key from a merge).
 */
export function shapeChunk(line: BootstrapChunk): ShapedChunk {
  const rows = line.changes.map((c) => (isSyncType(c.type) && !STORED_ENVELOPE_KEYS.some((k) => Object.hasOwn(c.data, k)) ? storedRowInPlace(c) : null));
  return { kind: 'shaped', line, rows };
}

/** A shaped row's data fields: the change's `data` as it came (the envelope keys it never had taken off). */
export function dataFieldsOf(row: Record<string, unknown>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (!STORED_ENVELOPE_KEY_SET.has(k)) data[k] = v;
  return data;
}

/**
 * A shaped chunk's rows sealed ahead of its write, on a sealed database (docs/security.md §3): the worker
 * seals them (db/crypto/sealer.ts sealMany) while the previous chunk is being written, so the write's
 * transaction is not held open, nor this thread kept busy, by the crypto. The rows stay as they are (every
 * layer above the sealing one sees them plain); their write finds what was sealed for them.
 */
export async function sealAhead(db: CareRoundsDb, shaped: ShapedChunk): Promise<ShapedChunk> {
  const layers = db.sealingLayers;
  if (!db.sealed || layers === undefined) return shaped;
  const byTable = new Map<SyncedTableName, Record<string, unknown>[]>();
  shaped.line.changes.forEach((c, i) => {
    const row = shaped.rows[i];
    if (row === null || row === undefined || !isSyncType(c.type)) return;
    const table = TABLE_OF_TYPE[c.type];
    const list = byTable.get(table);
    if (list) list.push(row);
    else byTable.set(table, [row]);
  });
  const registerRows = new Map<string, RegisterRowRecord>();
  const jobs: Promise<void>[] = [];
  for (const [table, rows] of byTable) {
    jobs.push(layers.seal(table, rows));
    if (table === 'residents') {
      const projected = rows.map((r) => projectRegisterRow(r as unknown as Resident));
      for (const r of projected) registerRows.set(r.id, r);
      jobs.push(layers.seal('registerRows', projected));
    }
  }
  await Promise.all(jobs);
  return { ...shaped, registerRows };
}
