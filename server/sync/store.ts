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
 *   JSON (see 001_init.sql): packMeta/unpackMeta round-trip them exactly, absent entries included.
 */
import { HLC_DEFAULT_KEY } from '../../shared/envelope';
import { hlcInstant, SERVER_AUTHOR, type ServerRow } from '../../shared/sync/merge';
import { SERVER_HLC_NODE, TOMBSTONE_FIELD } from '../../shared/sync/formats';
import { SYNC_TYPES, isSyncType } from '../../shared/sync/records';
import type { Author } from '../../shared/sync/data';
import type { Db } from '../db/db';

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

/** Per field: [index in `h` of its HLC, its seq, index in `a` of its author]; -1 = absent. */
type Triple = [number, number, number];

/**
 * The `meta` column: distinct HLCs (`h`) and authors (`a`), and per field a Triple (`f`).
 *
 * - `d: 1`: the fields stamped with an HLC (`$deleted` aside) are exactly the keys of the row's `data`, so
 *   the HLC map can be sent compact without reading `data` (changeJson).
 * - `t` (only with `d`): the Triple of every data field `f` does not name. Most rows are written by one
 *   mutation, so `f` is then empty or short instead of naming every field: a visit's meta is about a
 *   seventh as long, which PostgreSQL stores, logs and parses on every push.
 * - `w`: the last write (merge.ts lastWrite over the fields in sorted order) as [HLC index, author index],
 *   so a change is made without walking the fields.
 * Rows written before `d`, `t` and `w` were kept name every field in `f` and are read the same way.
 */
interface PackedMeta {
  h: string[];
  a: Author[];
  f: Record<string, Triple>;
  d?: 1;
  t?: Triple;
  w?: [number, number];
}

/** Whether `hlc` stamps exactly the keys of `data` (besides TOMBSTONE_FIELD). */
function stampsExactlyData(hlc: Readonly<Record<string, string>>, data: Readonly<Record<string, unknown>>): boolean {
  let stamped = 0;
  for (const k in hlc) if (k !== TOMBSTONE_FIELD) stamped++;
  let fields = 0;
  for (const k in data) {
    if (!Object.hasOwn(hlc, k)) return false;
    fields++;
  }
  return fields === stamped;
}

export function packMeta(row: Pick<ServerRow, 'hlc' | 'fieldSeq' | 'fieldBy' | 'data'>): string {
  // Hot on every push (one call per written row): the maps usually share their keys and a row has one or
  // two distinct authors, so the union and the author lookup take fast paths.
  const { hlc, fieldSeq, fieldBy, data } = row;
  let fields = Object.keys(hlc);
  const extra = (m: object): boolean => Object.keys(m).some((k) => !Object.hasOwn(hlc, k));
  if (extra(fieldSeq) || extra(fieldBy)) fields = [...new Set([...fields, ...Object.keys(fieldSeq), ...Object.keys(fieldBy)])];
  fields.sort();
  const h: string[] = [];
  const a: Author[] = [];
  const hIndex = new Map<string, number>();
  const aByRef = new Map<Author, number>();
  const aIndex = new Map<string, number>();
  const triples: [string, Triple][] = [];
  let last: [number, number] | null = null;
  for (const k of fields) {
    const hv = hlc[k];
    let hi = -1;
    if (hv !== undefined) {
      hi = hIndex.get(hv) ?? h.length;
      if (hi === h.length) {
        h.push(hv);
        hIndex.set(hv, hi);
      }
    }
    const av = fieldBy[k];
    let ai = -1;
    if (av !== undefined) {
      const known = aByRef.get(av);
      if (known !== undefined) ai = known;
      else {
        const key = JSON.stringify([av.userId, av.clientId, av.deviceId]);
        ai = aIndex.get(key) ?? a.length;
        if (ai === a.length) {
          a.push({ userId: av.userId, clientId: av.clientId, deviceId: av.deviceId });
          aIndex.set(key, ai);
        }
        aByRef.set(av, ai);
      }
    }
    triples.push([k, [hi, fieldSeq[k] ?? -1, ai]]);
    if (hi >= 0 && (last === null || (hv ?? '') > (h[last[0]] ?? ''))) last = [hi, ai];
  }
  const f: PackedMeta['f'] = {};
  const packed: PackedMeta = { h, a, f };
  if (stampsExactlyData(hlc, data)) {
    packed.d = 1;
    // The Triple most data fields share, if two or more do (a row written by one mutation: all of them).
    let same: Triple | null = null;
    let n = 0;
    for (const [k, triple] of triples) {
      if (!Object.hasOwn(data, k)) continue;
      if (same === null) same = triple;
      else if (triple[0] !== same[0] || triple[1] !== same[1] || triple[2] !== same[2]) {
        same = null;
        break;
      }
      n++;
    }
    if (same !== null && n >= 2) packed.t = same;
    else if (same === null) {
      const counts = new Map<string, { triple: Triple; n: number }>();
      let common: { triple: Triple; n: number } | null = null;
      for (const [k, triple] of triples) {
        if (!Object.hasOwn(data, k)) continue;
        const key = triple.join(',');
        const c = counts.get(key) ?? { triple, n: 0 };
        c.n += 1;
        counts.set(key, c);
        if (c.n >= 2 && (common === null || c.n > common.n)) common = c;
      }
      if (common !== null) packed.t = common.triple;
    }
  }
  const t = packed.t;
  for (const [k, triple] of triples) {
    if (t !== undefined && Object.hasOwn(data, k) && triple[0] === t[0] && triple[1] === t[1] && triple[2] === t[2]) continue;
    f[k] = triple;
  }
  if (last !== null) packed.w = last;
  return JSON.stringify(packed);
}

/** The fields' Triples in sorted order (as packMeta saw them); `dataKeys` is needed only when `t` is set. */
function triplesOf(packed: PackedMeta, dataKeys: () => readonly string[]): [string, Triple][] {
  const t = packed.t;
  if (t === undefined) return Object.entries(packed.f);
  const keys = [...new Set([...dataKeys(), ...Object.keys(packed.f)])].sort();
  return keys.map((k): [string, Triple] => [k, packed.f[k] ?? t]);
}

export function unpackMeta(text: string, data: Readonly<Record<string, unknown>>): Pick<ServerRow, 'hlc' | 'fieldSeq' | 'fieldBy'> {
  const packed = JSON.parse(text) as PackedMeta;
  const hlc: Record<string, string> = {};
  const fieldSeq: Record<string, number> = {};
  const fieldBy: Record<string, Author> = {};
  for (const [k, [hi, seq, ai]] of triplesOf(packed, () => Object.keys(data))) {
    if (hi >= 0) {
      const v = packed.h[hi];
      if (v === undefined) throw new Error(`records.meta: hlc index ${hi} missing`);
      hlc[k] = v;
    }
    if (seq >= 0) fieldSeq[k] = seq;
    if (ai >= 0) {
      const v = packed.a[ai];
      if (v === undefined) throw new Error(`records.meta: author index ${ai} missing`);
      fieldBy[k] = v;
    }
  }
  return { hlc, fieldSeq, fieldBy };
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
 * The protocol's Change for a row, as JSON text, built without parsing `data`: equal (as JSON) to
 * JSON.stringify(toChange(toServerRow(row))) — store.test.ts checks it. Pull pages of thousands of rows
 * are dominated by parsing and re-serialising `data` otherwise.
 */
export function changeJson(r: RawRecordRow, opts: { compactHlc?: boolean } = {}): string {
  // Read straight from the packed meta (no per-field maps built): a bootstrap sends 200,000 rows through here.
  const packed = JSON.parse(r.meta) as PackedMeta;
  const quoted = packed.h.map((h) => JSON.stringify(h));
  // `data` is parsed only for a row whose meta names its fields through `t` and whose full map is wanted.
  let fields: [string, Triple][] | null = null;
  const allFields = (): [string, Triple][] => (fields ??= triplesOf(packed, () => Object.keys(JSON.parse(r.data) as object)));
  // The last write (merge.ts lastWrite): the first field, in sorted order, with the greatest HLC.
  let best = -1;
  let bestAuthor = -1;
  if (packed.w !== undefined) [best, bestAuthor] = packed.w;
  else {
    for (const [, [hi, , ai]] of allFields()) {
      if (hi >= 0 && (best < 0 || (packed.h[hi] ?? '') > (packed.h[best] ?? ''))) {
        best = hi;
        bestAuthor = ai;
      }
    }
  }
  const lastHlc = best >= 0 ? (packed.h[best] ?? '') : `${r.created_at}-0000-${SERVER_HLC_NODE}`;
  const by = best >= 0 && bestAuthor >= 0 ? (packed.a[bestAuthor] ?? SERVER_AUTHOR) : SERVER_AUTHOR;
  // The HLC map; compact when asked and the row's stamped fields are exactly its data fields: one stamp
  // under `*` (the one `t` gives, or else the one most fields share), the others and `$deleted` named.
  let common = -1;
  let named: Iterable<[string, Triple]>;
  if (opts.compactHlc === true && packed.d === 1 && packed.t !== undefined) {
    common = packed.t[0];
    named = Object.entries(packed.f);
  } else {
    named = allFields();
    if (opts.compactHlc === true && packed.d === 1) {
      const counts = new Map<number, number>();
      let most = 1;
      for (const [k, [hi]] of named) {
        if (hi < 0 || k === TOMBSTONE_FIELD) continue;
        counts.set(hi, (counts.get(hi) ?? 0) + 1);
      }
      for (const [hi, n] of counts) {
        if (n > most) {
          most = n;
          common = hi;
        }
      }
    }
  }
  let hlcJson = common >= 0 ? `{"${HLC_DEFAULT_KEY}":${quoted[common] ?? '""'}` : '{';
  let first = common < 0;
  for (const [k, [hi]] of named) {
    if (hi < 0 || (hi === common && k !== TOMBSTONE_FIELD)) continue;
    hlcJson += `${first ? '' : ','}${JSON.stringify(k)}:${quoted[hi] ?? '""'}`;
    first = false;
  }
  hlcJson += '}';
  const deleted = r.deleted_at !== null;
  return (
    `{"type":${JSON.stringify(r.type)},"id":${JSON.stringify(r.id)},"bucket":${JSON.stringify(r.bucket)},"seq":${r.seq}` +
    `,"deleted":${deleted},"data":${r.data},"hlc":${hlcJson}` +
    `,"createdAt":${JSON.stringify(r.created_at)},"createdBy":${JSON.stringify(r.created_by)}` +
    `,"updatedAt":${JSON.stringify(hlcInstant(lastHlc))},"updatedBy":${JSON.stringify(by.userId)},"deviceId":${JSON.stringify(by.deviceId)}}`
  );
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
