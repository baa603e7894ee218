/**
 * The `records` table ↔ shared/sync/merge.ts ServerRow, and batched writes.
 *
 * Invariants:
 * - A stored row round-trips to the same ServerRow (jsonb for data and the per-field maps, text HLCs).
 * - `resident_id` is the resident a row belongs to (itself for a resident, its parent field for an attached
 *   row, null for municipality rows), so a move re-buckets a resident and its attached rows together.
 * - Batched writes go through one jsonb parameter each (`jsonb_to_recordset`): one round trip per batch
 *   (per chunk with ChunkedWriter), parameterised, identical on PGlite and PostgreSQL.
 * - ChunkedWriter runs its statements one at a time, in order, inside the caller's transaction.
 * - The per-field maps (hlc, fieldSeq, fieldBy) are stored together in the `meta` text column as compact
 *   JSON (meta.ts): packMeta/unpackMeta round-trip them exactly, absent entries included.
 * - Rows the caller knows are not stored yet are inserted without a per-row conflict check (ChunkedWriter).
 */
import type { ServerRow } from '../../shared/sync/merge';
import { SYNC_TYPES, isSyncType } from '../../shared/sync/records';
import { ALL_WORKERS } from '../../shared/sync/scope';
import type { Db } from '../db/db';
import { packMeta, unpackMeta } from './meta';

export interface RecordRow {
  type: string;
  id: string;
  bucket: string;
  resident_id: string | null;
  seq: number;
  data: Record<string, unknown>;
  meta: string;
  deleted_at: string | null;
  deleted_seq: number | null;
  created_at: string;
  created_by: string;
}

export const RECORD_COLUMNS = 'type, id, bucket, resident_id, seq, data, meta, deleted_at, deleted_seq, created_at, created_by';

export function toServerRow(r: RecordRow): ServerRow {
  return {
    type: r.type,
    id: r.id,
    bucket: r.bucket,
    seq: r.seq,
    data: r.data,
    ...unpackMeta(r.meta, r.data),
    deletedAt: r.deleted_at,
    deletedSeq: r.deleted_seq,
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}

export function keyOf(type: string, id: string): string {
  return `${type}/${id}`;
}

/** The resident a row belongs to. */
export function residentIdOf(row: ServerRow): string | null {
  if (row.type === 'resident') return row.id;
  if (!isSyncType(row.type)) return null;
  const parent = SYNC_TYPES[row.type].parentField;
  if (parent === null) return null;
  const v = row.data[parent];
  return typeof v === 'string' ? v : null;
}

/** A record row with `data` left as JSON text (`data::text`): the pull path never parses it. */
export type RawRecordRow = Omit<RecordRow, 'data'> & { data: string };

export const RAW_RECORD_COLUMNS = 'type, id, bucket, resident_id, seq, data::text AS data, meta, deleted_at, deleted_seq, created_at, created_by';

/**
 * SQL: `column` is one of the buckets of the text-array parameter `param`, or any work bucket when that list
 * holds the ALL_WORKERS pattern (shared/sync/scope.ts `coveredBy`, which this must agree with).
 */
export function inBuckets(column: string, param: string): string {
  return `(${column} = ANY(${param}::text[]) OR (${column} LIKE 'w:%' AND '${ALL_WORKERS}' = ANY(${param}::text[])))`;
}

export async function loadRows(db: Db, keys: readonly { type: string; id: string }[]): Promise<Map<string, ServerRow>> {
  const out = new Map<string, ServerRow>();
  if (keys.length === 0) return out;
  const rows = (await db.query<RecordRow>(
    `SELECT ${RECORD_COLUMNS} FROM records
     WHERE (type, id) IN (SELECT t, i FROM unnest($1::text[], $2::text[]) AS k(t, i))`,
    [keys.map((k) => k.type), keys.map((k) => k.id)],
  )).rows;
  for (const r of rows) out.set(keyOf(r.type, r.id), toServerRow(r));
  return out;
}

export async function loadAttachedRows(db: Db, residentId: string): Promise<ServerRow[]> {
  const rows = (await db.query<RecordRow>(
    `SELECT ${RECORD_COLUMNS} FROM records WHERE resident_id = $1 AND type <> 'resident' ORDER BY type, id`,
    [residentId],
  )).rows;
  return rows.map(toServerRow);
}

/** A statement with its parameters, built (payload serialised) before it is sent. */
export interface Statement {
  sql: string;
  params: unknown[];
}

const INSERT_ROWS_SQL = `INSERT INTO records (${RECORD_COLUMNS}, updated_at)
     SELECT ${RECORD_COLUMNS}, $2::timestamptz FROM jsonb_to_recordset($1::jsonb) AS x(
       type text, id text, bucket text, resident_id text, seq bigint, data jsonb, meta text,
       deleted_at text, deleted_seq bigint, created_at text, created_by text)`;

const SAVE_ROWS_SQL = `${INSERT_ROWS_SQL}
     ON CONFLICT (type, id) DO UPDATE SET
       bucket = EXCLUDED.bucket, resident_id = EXCLUDED.resident_id, seq = EXCLUDED.seq, data = EXCLUDED.data,
       meta = EXCLUDED.meta, deleted_at = EXCLUDED.deleted_at, deleted_seq = EXCLUDED.deleted_seq, updated_at = EXCLUDED.updated_at`;

/**
 * The statement inserting or replacing `rows` (null for none). Rows must have distinct keys. `absent`: the
 * caller knows none of them is stored yet, so a plain insert does (no conflict check per row: about a fifth
 * cheaper in PostgreSQL); a row that is there after all fails the statement, and the caller's transaction.
 */
export function saveRowsStatement(rows: readonly ServerRow[], nowIso: string, absent = false): Statement | null {
  if (rows.length === 0) return null;
  const payload = rows.map((r) => ({
    type: r.type,
    id: r.id,
    bucket: r.bucket,
    resident_id: residentIdOf(r),
    seq: r.seq,
    data: r.data,
    meta: packMeta(r),
    deleted_at: r.deletedAt,
    deleted_seq: r.deletedSeq,
    created_at: r.createdAt,
    created_by: r.createdBy,
  }));
  return { sql: absent ? INSERT_ROWS_SQL : SAVE_ROWS_SQL, params: [JSON.stringify(payload), nowIso] };
}

async function run(db: Db, statement: Statement | null): Promise<void> {
  if (statement !== null) await db.query(statement.sql, statement.params);
}

/** Inserts or replaces rows, in one statement. */
export function saveRows(db: Db, rows: readonly ServerRow[], nowIso: string): Promise<void> {
  return run(db, saveRowsStatement(rows, nowIso));
}

export interface HistoryEntry {
  seq: number | null;
  type: string;
  record_id: string;
  op: string;
  status: string;
  code: string | null;
  fields: Record<string, unknown>;
  hlc: string;
  applied_hlc: string | null;
  user_id: string;
  device_id: string;
  client_id: string;
  mid: number;
}

export function historyStatement(entries: readonly HistoryEntry[], nowIso: string): Statement | null {
  if (entries.length === 0) return null;
  return {
    sql: `INSERT INTO record_history (seq, type, record_id, op, status, code, fields, hlc, applied_hlc, user_id, device_id, client_id, mid, at)
     SELECT seq, type, record_id, op, status, code, fields, hlc, applied_hlc, user_id, device_id, client_id, mid, $2::timestamptz
     FROM jsonb_to_recordset($1::jsonb) AS x(seq bigint, type text, record_id text, op text, status text, code text,
       fields jsonb, hlc text, applied_hlc text, user_id text, device_id text, client_id text, mid bigint)`,
    params: [JSON.stringify(entries), nowIso],
  };
}

export interface MoveEntry {
  seq: number;
  type: string;
  id: string;
  resident_id: string | null;
  from_bucket: string;
  to_bucket: string;
}

export function movesStatement(moves: readonly MoveEntry[]): Statement | null {
  if (moves.length === 0) return null;
  return {
    sql: `INSERT INTO sync_moves (seq, type, id, resident_id, from_bucket, to_bucket)
     SELECT seq, type, id, resident_id, from_bucket, to_bucket
     FROM jsonb_to_recordset($1::jsonb) AS x(seq bigint, type text, id text, resident_id text, from_bucket text, to_bucket text)`,
    params: [JSON.stringify(moves)],
  };
}

/**
 * A push's writes (rows, history, moves) sent a chunk at a time while the batch is still being applied: the
 * database stores one chunk while the server validates and merges the next. Statements run one after
 * another on the caller's transaction, in the order they were built (never two at once on the connection);
 * a row written again in a later chunk ends in its last state, so the committed result equals one write at
 * the end. After a failed chunk nothing more is sent and the failure is thrown to the caller (who rolls back).
 */
export class ChunkedWriter {
  private rows = new Map<string, ServerRow>();
  /** Keys of `rows` not stored before this writer and not yet sent: inserted without a conflict check. */
  private absent = new Set<string>();
  private history: HistoryEntry[] = [];
  private moves: MoveEntry[] = [];
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly nowIso: string,
    private readonly chunk = 250,
  ) {}

  /** `absent`: the caller knows the row is not stored (it read it, within the transaction, and found none). */
  putRow(row: ServerRow, absent = false): void {
    const key = keyOf(row.type, row.id);
    // Put again before its chunk went: still absent from the table if its first put was.
    if (absent && (!this.rows.has(key) || this.absent.has(key))) this.absent.add(key);
    else this.absent.delete(key);
    this.rows.set(key, row);
  }

  addHistory(entry: HistoryEntry): void {
    this.history.push(entry);
  }

  addMove(move: MoveEntry): void {
    this.moves.push(move);
  }

  /** Queues what has gathered once it makes a chunk; waits for the chunk queued before it. */
  async maybeFlush(): Promise<void> {
    if (this.rows.size + this.history.length >= this.chunk) await this.flush();
  }

  /** Waits until every queued statement ran (the caller may then use the connection itself). */
  idle(): Promise<void> {
    return this.chain;
  }

  /** Queues the rest and waits for all of it; throws the first failure. */
  async finish(): Promise<void> {
    await this.flush();
    await this.chain;
  }

  /** After a failure elsewhere: waits for whatever is running, ignoring its outcome. */
  async settle(): Promise<void> {
    await this.chain.catch(() => undefined);
  }

  private async flush(): Promise<void> {
    const inserts: ServerRow[] = [];
    const upserts: ServerRow[] = [];
    for (const [key, row] of this.rows) (this.absent.has(key) ? inserts : upserts).push(row);
    const statements = [
      saveRowsStatement(inserts, this.nowIso, true),
      saveRowsStatement(upserts, this.nowIso),
      historyStatement(this.history, this.nowIso),
      movesStatement(this.moves),
    ];
    this.rows = new Map();
    this.absent = new Set();
    this.history = [];
    this.moves = [];
    const previous = this.chain;
    this.chain = previous.then(async () => {
      for (const st of statements) await run(this.db, st);
    });
    this.chain.catch(() => undefined); // observed by the next flush, finish or settle
    await previous;
  }
}
