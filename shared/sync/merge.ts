/**
 * One file past 400 lines on purpose: the merge is one invariant (every device and the server fold the same
 * way), kept readable in one place with its property tests beside it.
 *
 * The merge (docs/sync-protocol.md §9, §10): how the server applies one mutation to one stored row, and how
 * a client folds a pulled row into its local copy. Pure; the server and clients run the same code.
 *
 * Model. A row is a set of registers, one per data field plus TOMBSTONE_FIELD ('$deleted', value true =
 * deleted). Each register holds a value, the HLC of the write it came from, the seq at which it last changed
 * and its author. A mutation writes registers, all stamped with its one HLC: create/patch their fields,
 * delete `$deleted = true`, restore `$deleted = false`, void `$deleted = true` plus its reason.
 *
 * Rules, per register written:
 * - no HLC yet, or the mutation's HLC is greater → the mutation's value wins;
 * - equal HLC → the very same write again: nothing changes (HLCs are unique per mutation: the node is the
 *   client's);
 * - smaller HLC → the mutation's value loses.
 * A losing value always becomes a ConflictDraft (kind 'value'): the value that lost when a write lands on a
 * newer one, and the overwritten value when a write replaces one it had not seen (`fieldSeq > baseSeq`, by
 * another client). A value replaced by a write that had seen it, or by its own client, is superseded, not lost.
 * Deletes: data registers keep merging under a tombstone, so a restore brings every concurrent edit back;
 * an edit that lands on a deleted record, and a delete that lands on edits it had not seen, each open one
 * 'deleted_edit' draft (the delete wins; the edit waits for a supervisor, who may restore).
 *
 * Invariants (property-tested in merge.test.ts):
 * - Order independence: applying the same mutations in any order that keeps each client's own order gives
 *   the same data, HLCs, tombstone and bucket (registers are last-writer-wins by HLC, a total order).
 * - Same losers in every order (for concurrent mutations, all made on the same base): the 'value' drafts,
 *   leaving out values their own client later overwrote, are exactly the writes that are neither final
 *   nor superseded — the lower-HLC side of every race.
 *   (`winnerValue` is what beat the loser at that moment, so it may differ by order; the inbox also shows
 *   the current value.)
 * - Nothing lost silently: every written value is final, a draft's loser, or superseded by its own author.
 * - Idempotence: applying a mutation again changes no register (drafts could repeat only for values that
 *   lost; the server never re-applies a mid, so they do not).
 * - Immutable types accept create and void only; a create that repeats the stored one is a no-op.
 * - Every mutation that reaches an existing row re-sequences it (`row.seq = seq`), even when every value
 *   lost or it was rejected: the author then pulls the row back and converges on the winner. (A `skip`
 *   does not: it changes nothing.)
 * - Client side (mergePulled): a field with a pending local write keeps the local value and HLC; every other
 *   field becomes the server's; rows not newer than the local seq are ignored.
 */
import { assertNever } from '../assert';
import type { Hlc } from '../envelope';
import type { Author, ConflictData, ConflictKind } from './data';
import type { Change, Mutation, MutationCode } from './protocol';
import { MUNICIPALITY_BUCKET } from './scope';
import { SERVER_HLC_NODE, TOMBSTONE_FIELD } from './formats';
import { SYNC_TYPES, isSyncType, type SyncTypeDef } from './records';

export type { Author } from './data';

export interface ServerRow {
  type: string;
  id: string;
  bucket: string;
  /** Seq of the last mutation that reached this row. */
  seq: number;
  data: Record<string, unknown>;
  /** Per data field, and TOMBSTONE_FIELD once deleted or restored: the HLC of the current value. */
  hlc: Record<string, Hlc>;
  /** Same keys: the seq at which the value last changed. */
  fieldSeq: Record<string, number>;
  /** Same keys: who wrote the current value. */
  fieldBy: Record<string, Author>;
  /** hlc[TOMBSTONE_FIELD] while deleted, else null. */
  deletedAt: Hlc | null;
  /** fieldSeq[TOMBSTONE_FIELD] while deleted, else null. */
  deletedSeq: number | null;
  /** ISO instant of the creating mutation's HLC, and its author's user id. */
  createdAt: string;
  createdBy: string;
}

export interface ConflictDraft {
  kind: ConflictKind;
  recordType: string;
  recordId: string;
  field: string;
  winnerValue: unknown;
  winnerHlc: Hlc;
  winnerBy: Author;
  loserValue: unknown;
  loserHlc: Hlc;
  loserBy: Author;
  /** Filled in by the server from its accounts, so the inbox can say who (merge itself knows only ids). */
  winnerName?: string;
  loserName?: string;
}

export interface ApplyResult {
  /** The row to store (null only when there is none: rejected create-less op, unknown type). */
  row: ServerRow | null;
  status: 'applied' | 'rejected';
  /** rejected: why. applied: only 'record_deleted' (the edit landed on a deleted record). */
  code?: MutationCode;
  /** validation-style rejections: the offending field. */
  field?: string;
  conflicts: ConflictDraft[];
  /** Whether any register or the bucket changed (false: only `seq` moved). */
  changed: boolean;
  /** The row changed bucket (a resident moved community): the server moves attached rows and logs the move. */
  moved?: { from: string; to: string };
}

/** The author of server-made rows (conflicts) and the fallback for rows missing one. */
export const SERVER_AUTHOR: Author = { userId: 'server', clientId: SERVER_HLC_NODE, deviceId: 'server' };

/** The ISO instant an HLC starts with. */
export function hlcInstant(h: Hlc): string {
  return h.slice(0, 24);
}

function hasOwn(o: object, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}

function registerValue(row: ServerRow, k: string): unknown {
  return k === TOMBSTONE_FIELD ? row.deletedAt !== null : row.data[k];
}

/** The registers a mutation writes, with their new values. */
function writesOf(m: Mutation): Record<string, unknown> | null {
  switch (m.op) {
    case 'create':
    case 'patch':
      return m.fields;
    case 'delete':
      return { [TOMBSTONE_FIELD]: true };
    case 'restore':
      return { [TOMBSTONE_FIELD]: false };
    case 'void':
      return { ...m.fields, [TOMBSTONE_FIELD]: true };
    case 'skip':
      return null;
    default:
      return assertNever(m.op);
  }
}

function reject(row: ServerRow | null, seq: number, code: MutationCode, field?: string): ApplyResult {
  const touched = row === null ? null : { ...row, seq };
  return field === undefined ? { row: touched, status: 'rejected', code, conflicts: [], changed: false } : { row: touched, status: 'rejected', code, field, conflicts: [], changed: false };
}

function newRow(def: SyncTypeDef, m: Mutation, author: Author, seq: number, bucket: string | undefined): ServerRow | string {
  let b = bucket;
  if (b === undefined) {
    const ref = def.bucketOf(m.fields);
    if (ref === null || !('bucket' in ref)) return 'a bucket is needed for a new ' + def.type;
    b = ref.bucket;
  }
  return freshRow(m.type, m.id, b, m.fields, m.hlc, seq, author);
}

/** A new server row holding `fields`, every field stamped `hlc` at `seq` by `author` (conflicts here, notices in notice.ts). */
export function freshRow(type: string, id: string, bucket: string, fields: Record<string, unknown>, hlc: Hlc, seq: number, author: Author): ServerRow {
  const row: ServerRow = { type, id, bucket, seq, data: {}, hlc: {}, fieldSeq: {}, fieldBy: {}, deletedAt: null, deletedSeq: null, createdAt: hlcInstant(hlc), createdBy: author.userId };
  for (const k of Object.keys(fields).sort()) {
    row.data[k] = fields[k];
    row.hlc[k] = hlc;
    row.fieldSeq[k] = seq;
    row.fieldBy[k] = author;
  }
  return row;
}

/**
 * Applies one validated mutation (records.ts validateMutation) by `author` at server sequence `seq`.
 * `opts.bucket`: the bucket of a row this creates when its data alone does not say (rows attached to a
 * resident). Does not check scope, mids or HLC drift: the server does that before.
 */
export function applyMutation(row: ServerRow | null, m: Mutation, author: Author, seq: number, opts: { bucket?: string } = {}): ApplyResult {
  // A skip changes nothing, not even the row's seq: it may name a row outside the user's scope.
  if (m.op === 'skip') return { row, status: 'rejected', code: 'withdrawn', conflicts: [], changed: false };
  if (!isSyncType(m.type)) return reject(row, seq, 'unknown_type');
  if (row !== null && (row.type !== m.type || row.id !== m.id)) throw new Error(`applyMutation: row ${row.type}/${row.id} given for ${m.type}/${m.id}`);
  const def = SYNC_TYPES[m.type];

  if (row === null) {
    if (m.op !== 'create') return reject(null, seq, 'not_found');
    const created = newRow(def, m, author, seq, opts.bucket);
    if (typeof created === 'string') throw new Error(`applyMutation: ${created}`);
    return { row: created, status: 'applied', conflicts: [], changed: true };
  }

  if (def.immutable) {
    if (m.op === 'patch' || m.op === 'delete' || m.op === 'restore') return reject(row, seq, 'immutable_record');
    // A create again is only the same create retried (same HLC on every field); anything else would edit.
    if (m.op === 'create' && Object.keys(m.fields).some((k) => row.hlc[k] !== m.hlc)) return reject(row, seq, 'immutable_record');
  }
  if (m.op === 'void' && def.voidSchema === null) return reject(row, seq, 'validation_failed', 'op');

  const writes = writesOf(m);
  if (writes === null) return reject(row, seq, 'withdrawn');

  const next: ServerRow = {
    ...row,
    seq,
    data: { ...row.data },
    hlc: { ...row.hlc },
    fieldSeq: { ...row.fieldSeq },
    fieldBy: { ...row.fieldBy },
  };
  const conflicts: ConflictDraft[] = [];
  const draft = (kind: ConflictKind, field: string, winner: { value: unknown; hlc: Hlc; by: Author }, loser: { value: unknown; hlc: Hlc; by: Author }): void => {
    if (!def.recordsConflicts) return;
    conflicts.push({
      kind,
      recordType: m.type,
      recordId: m.id,
      field,
      winnerValue: winner.value,
      winnerHlc: winner.hlc,
      winnerBy: winner.by,
      loserValue: loser.value,
      loserHlc: loser.hlc,
      loserBy: loser.by,
    });
  };
  /** Written by a client that had not seen the current value of k. */
  const unseenBy = (r: ServerRow, k: string): boolean => (r.fieldSeq[k] ?? 0) > m.baseSeq && r.fieldBy[k]?.clientId !== author.clientId;

  const wasDeleted = row.deletedAt !== null;
  const won: string[] = [];
  for (const k of Object.keys(writes).sort()) {
    const value = writes[k];
    const current = row.hlc[k];
    const mine = { value, hlc: m.hlc, by: author };
    if (current === m.hlc) continue; // this very write, again
    if (current !== undefined && m.hlc < current) {
      draft('value', k, { value: registerValue(row, k), hlc: current, by: row.fieldBy[k] ?? SERVER_AUTHOR }, mine);
      continue;
    }
    if (current !== undefined && unseenBy(row, k)) {
      draft('value', k, mine, { value: registerValue(row, k), hlc: current, by: row.fieldBy[k] ?? SERVER_AUTHOR });
    }
    won.push(k);
    next.hlc[k] = m.hlc;
    next.fieldSeq[k] = seq;
    next.fieldBy[k] = author;
    if (k === TOMBSTONE_FIELD) {
      next.deletedAt = value === true ? m.hlc : null;
      next.deletedSeq = value === true ? seq : null;
    } else {
      next.data[k] = value;
    }
  }

  let code: MutationCode | undefined;
  const isDeleted = next.deletedAt !== null;
  const wonData = won.filter((k) => k !== TOMBSTONE_FIELD);
  if ((m.op === 'create' || m.op === 'patch') && isDeleted && wonData.length > 0) {
    // An edit landed on a deleted record: it stays under the tombstone; a supervisor may restore.
    code = 'record_deleted';
    const edits: Record<string, unknown> = {};
    for (const k of wonData) edits[k] = writes[k];
    const tomb = next.hlc[TOMBSTONE_FIELD] ?? next.deletedAt ?? m.hlc;
    draft('deleted_edit', TOMBSTONE_FIELD, { value: true, hlc: tomb, by: next.fieldBy[TOMBSTONE_FIELD] ?? SERVER_AUTHOR }, { value: edits, hlc: m.hlc, by: author });
  } else if ((m.op === 'delete' || m.op === 'void') && !wasDeleted && isDeleted) {
    // A delete landed on edits it had not seen: one draft per edit (grouped by its HLC).
    const groups = new Map<Hlc, { by: Author; edits: Record<string, unknown> }>();
    for (const k of Object.keys(next.data).sort()) {
      const h = next.hlc[k];
      if (h === undefined || !unseenBy(next, k)) continue;
      const g = groups.get(h) ?? { by: next.fieldBy[k] ?? SERVER_AUTHOR, edits: {} };
      g.edits[k] = next.data[k];
      groups.set(h, g);
    }
    for (const [h, g] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      draft('deleted_edit', TOMBSTONE_FIELD, { value: true, hlc: m.hlc, by: author }, { value: g.edits, hlc: h, by: g.by });
    }
  }

  let moved: ApplyResult['moved'];
  const ref = def.bucketOf(next.data);
  if (ref !== null && 'bucket' in ref && ref.bucket !== row.bucket) {
    moved = { from: row.bucket, to: ref.bucket };
    next.bucket = ref.bucket;
  }

  const result: ApplyResult = { row: next, status: 'applied', conflicts, changed: won.length > 0 || moved !== undefined };
  if (code !== undefined) result.code = code;
  if (moved !== undefined) result.moved = moved;
  return result;
}

/** A stable identity of a draft: the server may keep a unique index on it so a draft is never stored twice. */
export function conflictKey(d: ConflictDraft): string {
  return `${d.recordType}/${d.recordId}/${d.kind}/${d.field}/${d.loserHlc}`;
}

export function conflictDataFromDraft(d: ConflictDraft): ConflictData {
  return { ...d, status: 'open' };
}

/** The conflict row the server stores for a draft (type 'conflict', bucket m:main), stamped `hlc` at `seq`. */
export function newConflictRow(id: string, d: ConflictDraft, hlc: Hlc, seq: number, author: Author = SERVER_AUTHOR): ServerRow {
  return freshRow('conflict', id, MUNICIPALITY_BUCKET, { ...conflictDataFromDraft(d) }, hlc, seq, author);
}

/** The register with the greatest HLC: when and by whom the row was last written. */
export function lastWrite(row: ServerRow): { hlc: Hlc; by: Author } {
  let best: Hlc | undefined;
  let bestKey = '';
  for (const [k, h] of Object.entries(row.hlc)) {
    if (best === undefined || h > best) {
      best = h;
      bestKey = k;
    }
  }
  if (best === undefined) return { hlc: `${row.createdAt}-0000-${SERVER_HLC_NODE}`, by: SERVER_AUTHOR };
  return { hlc: best, by: row.fieldBy[bestKey] ?? SERVER_AUTHOR };
}

/** A stored row as a pull change (the wire shape of protocol.ts Change). */
export function toChange(row: ServerRow): Change {
  const last = lastWrite(row);
  return {
    type: row.type,
    id: row.id,
    bucket: row.bucket,
    seq: row.seq,
    deleted: row.deletedAt !== null,
    data: row.data,
    hlc: row.hlc,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    updatedAt: hlcInstant(last.hlc),
    updatedBy: last.by.userId,
    deviceId: last.by.deviceId,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Client side

/** The synced part of a local record (the renderer splits its flat record into this and back). */
export interface LocalState {
  seq: number;
  data: Record<string, unknown>;
  hlc: Record<string, Hlc>;
  deletedAt: Hlc | null;
}

/** `server`'s entries, except that keys in `mine` keep `mine`'s entry (or have none if `mine` has none). */
function overlay<T>(server: Readonly<Record<string, T>>, mine: Readonly<Record<string, T>>, keys: ReadonlySet<string>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [k, v] of Object.entries(server)) if (!keys.has(k)) out[k] = v;
  for (const k of keys) {
    const v = mine[k];
    if (v !== undefined && hasOwn(mine, k)) out[k] = v;
  }
  return out;
}

/**
 * Folds a pulled row into the local copy. `pendingFields`: fields with an outbox entry not yet acknowledged
 * (TOMBSTONE_FIELD for a pending delete/restore/void); they keep the local value and HLC until the server
 * has merged them. Returns `local` itself (same object) when the row is not newer than it.
 */
export function mergePulled(local: LocalState | undefined, incoming: Pick<Change, 'seq' | 'deleted' | 'data' | 'hlc'>, pendingFields: ReadonlySet<string>): LocalState {
  const serverDeletedAt = incoming.deleted ? (incoming.hlc[TOMBSTONE_FIELD] ?? null) : null;
  if (local === undefined) {
    return { seq: incoming.seq, data: { ...incoming.data }, hlc: { ...incoming.hlc }, deletedAt: serverDeletedAt };
  }
  if (incoming.seq <= local.seq) return local;
  const data = overlay(incoming.data, local.data, pendingFields);
  const hlc = overlay(incoming.hlc, local.hlc, pendingFields);
  const deletedAt = pendingFields.has(TOMBSTONE_FIELD) ? local.deletedAt : serverDeletedAt;
  return { seq: incoming.seq, data, hlc, deletedAt };
}

/** The fields an outbox entry has written and not yet had acknowledged (for mergePulled's pendingFields). */
export function pendingFieldsOf(entries: Iterable<{ op: Mutation['op'] | string; fields: Record<string, unknown> }>): Set<string> {
  const out = new Set<string>();
  for (const e of entries) {
    for (const k of Object.keys(e.fields)) out.add(k);
    if (e.op === 'delete' || e.op === 'restore' || e.op === 'void') out.add(TOMBSTONE_FIELD);
  }
  return out;
}
