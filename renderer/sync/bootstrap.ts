/**
 * The client side of GET /sync/bootstrap (docs/sync-protocol.md §6.6): reads the NDJSON stream as it arrives
 * and stores each chunk in one transaction on the pull connection, then stores the end cursor.
 *
 * Invariants:
 * - A chunk's rows, the deletion of local rows its range no longer holds, and its position are stored in ONE
 *   transaction: after a cut connection, a closed app or a restarted server the bootstrap resumes after the
 *   last stored chunk (syncState `bootstrap`), never from zero, and never stores a chunk twice.
 * - Rows without pending outbox entries are written as the server sent them, without reading the local copy
 *   (the change is the server's current row at a seq ≥ anything this device holds for it). Rows with pending
 *   entries are merged exactly as a pulled page merges them (mergePulled), and are never deleted.
 * - Within (from, to] of a chunk — and (from, +∞) at the end — a local row that the server did not send and
 *   that has no pending entry is deleted: a device far behind ends with exactly the server's rows.
 * - The end line's cursor replaces the stored cursor in the transaction that forgets the position.
 * - The next chunk is read from the network while the current one is stored; at most one parsed chunk waits
 *   (bootstrapStream.ts Channel), so about three chunks are in memory at most.
 *   A line is parsed (and its rows shaped) only while the writer waits for its writes or for a chunk, never
 *   between a transaction's reads (Gate).
 * - In a chunk's transaction its rows, register rows, position and clock are written after every read (the
 *   sweep's deletes come before), issued together with the commit asked for at once (storeChunk): no write
 *   waits for another's answer, nor the commit for the page to take them all.
 * - Chunks are stored with read-model maintenance suspended (the models are marked stale in the same
 *   transaction), each with its residents' register rows. After the end line the digests are installed
 *   once: folded in memory from the stored rows when the device's digest sources were empty at the start
 *   (bootstrapDigests.ts; a chunk's rows once its transaction has committed, while the next chunk's writes
 *   are under way, or after the end line), rebuilt from the records otherwise. A bootstrap cut before that
 *   is caught by the start-up check, which finds the read models stale and rebuilds them.
 * - Phase timings are recorded as User Timing measures (timings.ts) for the benchmarks.
 */
import Dexie, { type Transaction } from 'dexie';
import { mergePulled, pendingFieldsOf, type LocalState } from '../../shared/sync/merge';
import { expandHlc, RECORD_SCHEMA_VERSION } from '../../shared/envelope';
import { BOOTSTRAP_CHUNK_MAX, parseBootstrapLine, type BootstrapEnd, type BootstrapLine, type Change } from '../../shared/sync/protocol';
import { isSyncType } from '../../shared/sync/recordTypes';
import type { CareRoundsDb } from '../db/db';
import { DIGEST_SOURCES, installDigests, rebuildWithStatus, suspendReadModels } from '../db/readModels';
import { projectRegisterRow } from '../db/registerRows';
import type { Resident } from '../../shared/resident';
import { BootstrapDigests } from './bootstrapDigests';
import { dataFieldsOf, sealAhead, shapeChunk, storedRowInPlace, type ShapedChunk } from './bootstrapRows';
import { BootstrapCut, Channel, Gate, readLines } from './bootstrapStream';
import { SYNCED_TABLE_NAMES, type OutboxEntry, type SyncedTableName } from '../db/outbox';
import { entryKey, pendingByRecord } from './local';
import { localState, receivedClockState, storedRow } from './pullRows';
import { readState } from './state';
import { measure } from './timings';
import { TABLE_OF_TYPE } from './types';

export interface BootstrapProgress {
  /** Rows stored so far (this bootstrap, across resumes). */
  records: number;
  /** Rows the whole bootstrap carries (as the server counted them). */
  total: number;
  /** Bytes of JSON received so far (after decompression). */
  bytes: number;
  /** Estimated time left from this session's rate, once there is one. */
  etaMs?: number;
}

export interface BootstrapOptions {
  /** The pull connection (relaxed durability). */
  db: CareRoundsDb;
  /** Opens the stream with this query; throws the protocol error (code `cursor_expired`, ...) on a non-200. */
  open: (query: URLSearchParams, signal: AbortSignal) => Promise<ReadableStream<Uint8Array>>;
  now: () => number;
  /** A stream that delivers no byte for this long is treated as cut (default 60 s). */
  idleMs?: number;
  /**
   * Rows per chunk asked of the server; default the most it serves (BOOTSTRAP_CHUNK_MAX): each chunk is one
   * transaction, and fewer, larger transactions store the same rows sooner.
   */
  chunk?: number;
  onProgress?: (p: BootstrapProgress) => void;
}

type Key = { type: string; id: string };

/** Known types in byte order, the order of the server's keyset. */
const TYPES = (Object.keys(TABLE_OF_TYPE) as (keyof typeof TABLE_OF_TYPE)[]).sort();

/** Deletes local rows in (from, to] (to null = +∞) that are not in `delivered` and have no pending entry. */
async function sweep(db: CareRoundsDb, from: Key | null, to: Key | null, delivered: ReadonlySet<string>, pending: ReadonlyMap<string, OutboxEntry[]>): Promise<void> {
  const types = TYPES.filter((type) => (from === null || type >= from.type) && (to === null || type <= to.type));
  // The ranges of every type are read at once (one wait instead of one per type), then the victims deleted.
  const found = await Promise.all(
    types.map((type) => {
      const lower = from !== null && type === from.type ? from.id : Dexie.minKey;
      const upper = to !== null && type === to.type ? to.id : Dexie.maxKey;
      return db.table(TABLE_OF_TYPE[type]).where(':id').between(lower, upper, lower === Dexie.minKey, true).primaryKeys();
    }),
  );
  const deletes: Promise<unknown>[] = [];
  types.forEach((type, i) => {
    const table = TABLE_OF_TYPE[type];
    const victims = (found[i] ?? []).map(String).filter((id) => !delivered.has(entryKey(table, id)) && !pending.has(entryKey(table, id)));
    if (victims.length === 0) return;
    deletes.push(db.table(table).bulkDelete(victims));
    // Chunks are stored with read-model maintenance suspended: a resident's register row goes with it.
    if (table === 'residents') deletes.push(db.registerRows.bulkDelete(victims));
  });
  await Promise.all(deletes);
}

function tables(db: CareRoundsDb) {
  return [...SYNCED_TABLE_NAMES.map((t) => db.table(t)), db.outbox, db.syncState, db.meta, db.registerRows];
}


/**
 * Stores one chunk, with read-model maintenance suspended: keeping each resident's digest per chunk would
 * re-read her rows for every chunk that touches her, so the digests are built once at the end (runBootstrap:
 * folded in memory as the rows are stored on an empty device, rebuilt from the records otherwise); until then
 * the read models are marked stale and their readers say so. The register rows of a chunk's residents are
 * written with them, so the register shows whoever has arrived. Returns the rows stored, by table.
 *
 * Every read comes first; then every write is issued at once, with nothing awaited in between, and the
 * transaction is told to commit: IndexedDB takes the writes back to back and commits after the last one
 * without waiting for this thread to take each write's answer (this thread meanwhile parses the next chunk
 * and runs `whileWriting`, work on rows already committed).
 */
async function storeChunk(db: CareRoundsDb, shaped: ShapedChunk, at: number, progress: { received: number; total: number; bytes: number }, nowMs: number, whileWriting: () => void): Promise<Map<SyncedTableName, Record<string, unknown>[]>> {
  const chunk = shaped.line;
  const stored = new Map<SyncedTableName, Record<string, unknown>[]>();
  let committing = 0;
  await db.transaction('rw', tables(db), async (tx) => {
    suspendReadModels(tx);
    const began = performance.now();
    const [pending, clock] = await Promise.all([pendingByRecord(db), receivedClockState(db, chunk.changes, nowMs)]);
    measure('bootstrap.pending', began);
    const byTable = new Map<SyncedTableName, { c: Change; row: Record<string, unknown> | null }[]>();
    const delivered = new Set<string>();
    chunk.changes.forEach((c, i) => {
      if (!isSyncType(c.type)) return; // a type this client does not know
      const table = TABLE_OF_TYPE[c.type];
      delivered.add(entryKey(table, c.id));
      const entry = { c, row: shaped.rows[i] ?? null };
      const list = byTable.get(table);
      if (list) list.push(entry);
      else byTable.set(table, [entry]);
    });
    // Before the writes: on an empty device the range holds nothing yet, so this reads no keys.
    const swept = performance.now();
    await sweep(db, chunk.from, chunk.to, delivered, pending);
    measure('bootstrap.sweep', swept);
    for (const [table, entries] of byTable) {
      const withPending = entries.filter(({ c }) => pending.has(entryKey(table, c.id)));
      const locals = withPending.length === 0 ? [] : await db.table<Record<string, unknown>, string>(table).bulkGet(withPending.map(({ c }) => c.id));
      const merged = new Map<string, LocalState>();
      withPending.forEach(({ c, row }, i) => {
        const local = locals[i];
        // A change already shaped holds its data fields in its row, with the envelope laid over them. Its
        // HLC map may be compact (the stream was asked for so): the merge compares it field by field.
        const data = row === null ? c.data : dataFieldsOf(row);
        const incoming = { seq: c.seq, deleted: c.deleted, hlc: expandHlc(c.hlc, data), data };
        merged.set(c.id, mergePulled(local ? localState(local) : undefined, incoming, pendingFieldsOf(pending.get(entryKey(table, c.id)) ?? [])));
      });
      stored.set(
        table,
        entries.map(({ c, row }) => {
          const state = merged.get(c.id);
          return state !== undefined ? storedRow(c, state) : (row ?? storedRowInPlace(c));
        }),
      );
    }
    const put = performance.now();
    const writes: Promise<unknown>[] = [];
    for (const [table, rows] of stored) {
      writes.push(db.table(table).bulkPut(rows));
      if (table === 'residents') {
        // The register row sealed ahead with its resident's shaped row; a merged resident's, projected anew.
        const entries = byTable.get(table) ?? [];
        const ahead = shaped.registerRows;
        writes.push(db.registerRows.bulkPut(rows.map((r, k) => (ahead !== undefined && r === entries[k]?.row ? ahead.get(String(r.id)) : undefined) ?? projectRegisterRow(r as unknown as Resident))));
      }
    }
    writes.push(db.syncState.put({ key: 'bootstrap', position: chunk.position, at, received: progress.received, total: progress.total, bytes: progress.bytes }));
    if (clock !== null) writes.push(db.meta.put({ key: 'hlc', state: clock }));
    // A sealed database issues its writes only once they are sealed (db/crypto/pump.ts): no early commit there.
    if (!db.sealed) commitWhenDone(tx);
    // Outside this transaction's zone: what it wakes (the reader, and through it the next chunk's writer)
    // must not inherit a transaction that will have ended by then.
    Dexie.ignoreTransaction(whileWriting);
    await Promise.all(writes);
    measure('bootstrap.put', put);
    committing = performance.now();
  });
  measure('bootstrap.commit', committing);
  return stored;
}

/**
 * Asks IndexedDB to commit `tx` once its issued requests are done (IDBTransaction.commit), instead of when
 * this thread has taken every answer and issued nothing more. The caller issues no request after this.
 */
function commitWhenDone(tx: Transaction): void {
  const idb = tx.idbtrans as IDBTransaction | undefined;
  if (typeof idb?.commit === 'function') idb.commit();
}

async function storeEnd(db: CareRoundsDb, end: BootstrapEnd): Promise<void> {
  await db.transaction('rw', tables(db), async () => {
    const pending = await pendingByRecord(db);
    await sweep(db, end.from, null, new Set(), pending);
    await db.syncState.put({ key: 'cursor', value: end.cursor });
    await db.syncState.delete('bootstrap');
  });
}

async function sourcesEmpty(db: CareRoundsDb): Promise<boolean> {
  const counts = await Promise.all(DIGEST_SOURCES.map((t) => db.table(t).limit(1).count()));
  return counts.every((n) => n === 0);
}

/**
 * The read models after the last chunk: the folded digests installed (with the unsure ones recomputed), or,
 * when there are none or too many are unsure for that to pay, every read model rebuilt from the records.
 */
async function finishReadModels(db: CareRoundsDb, fresh: BootstrapDigests | null): Promise<void> {
  const digests = fresh?.digests() ?? [];
  const unsure = fresh === null ? [] : [...fresh.unsure, ...fresh.orphans()];
  if (fresh === null || unsure.length > Math.max(200, digests.length / 4)) {
    await rebuildWithStatus(db);
    return;
  }
  const facts = fresh.facts();
  // How much the end recomputes from the records (a count as a measure's duration, for the benchmarks).
  measure('bootstrap.unsure_residents', 0, unsure.length);
  measure('bootstrap.unsure_visits', 0, [...facts.unsureVisits].length);
  await installDigests(db, digests, unsure, facts, (phase, start) => measure(`bootstrap.${phase}`, start));
}

/**
 * Runs (or resumes) a bootstrap to its end. A cut stream after some progress reconnects at once from the
 * last stored position; a cut without progress throws BootstrapCut (the caller backs off and retries).
 */
export async function runBootstrap(o: BootstrapOptions): Promise<void> {
  const db = o.db;
  const started = o.now();
  let sessionRecords = 0;
  let storedAny = false;
  // On a device whose digest sources are empty the digests are folded from the rows as they are stored;
  // otherwise (a device far behind, a bootstrap resumed after the app was closed) rebuilt at the end.
  let fresh = (await readState(db, 'bootstrap')) === undefined && (await sourcesEmpty(db)) ? new BootstrapDigests() : null;
  /** The rows of the last stored chunk, not yet folded into `fresh`. */
  let committed: Map<SyncedTableName, Record<string, unknown>[]> | null = null;
  const fold = (rows: Map<SyncedTableName, Record<string, unknown>[]> | null): void => {
    if (fresh === null || rows === null) return;
    const folded = performance.now();
    for (const [table, list] of rows) for (const row of list) fresh.add(table, row);
    measure('bootstrap.fold', folded);
  };
  for (;;) {
    const state = await readState(db, 'bootstrap');
    const q = new URLSearchParams({ schemaVersion: String(RECORD_SCHEMA_VERSION) });
    q.set('chunk', String(o.chunk ?? BOOTSTRAP_CHUNK_MAX));
    q.set('hlc', 'compact'); // stored compact anyway (storedRowInPlace): half the bytes to send and parse
    if (state) q.set('position', state.position);
    const ctrl = new AbortController();
    let stream: ReadableStream<Uint8Array>;
    try {
      stream = await o.open(q, ctrl.signal);
    } catch (err) {
      if (state && (err as { code?: unknown } | null)?.code === 'cursor_expired') {
        await db.syncState.delete('bootstrap'); // the position's seq is gone: a new bootstrap (rows kept, swept)
        fresh = null; // rows already fed come again: rebuild at the end instead
        continue;
      }
      throw err;
    }
    const progress = { received: state?.received ?? 0, total: state?.total ?? 0, bytes: state?.bytes ?? 0 };
    let at = state?.at ?? -1;
    let progressed = false;
    // One line ahead of the writer: enough to keep it busy (two measured no faster), and with chunks of
    // BOOTSTRAP_CHUNK_MAX rows it bounds the rows held in memory to about three chunks.
    const channel = new Channel<ShapedChunk | BootstrapEnd>(1);
    const gate = new Gate();
    const idleMs = o.idleMs ?? 60_000;
    let idle = setTimeout(() => ctrl.abort(), idleMs);
    const onBytes = (n: number): void => {
      progress.bytes += n;
      clearTimeout(idle);
      idle = setTimeout(() => ctrl.abort(), idleMs);
    };
    const report = (): void => {
      const p: BootstrapProgress = { records: progress.received, total: Math.max(progress.total, progress.received), bytes: progress.bytes };
      const elapsed = o.now() - started;
      if (sessionRecords > 0 && elapsed > 0) p.etaMs = Math.round((elapsed / sessionRecords) * Math.max(0, p.total - p.records));
      o.onProgress?.(p);
    };
    const reader = (async () => {
      try {
        let head = false;
        for await (const line of readLines(stream, onBytes)) {
          let parsed: BootstrapLine | null;
          const gated = performance.now();
          await gate.pass();
          measure('bootstrap.gate', gated);
          try {
            const t0 = performance.now();
            const json: unknown = JSON.parse(line);
            const t1 = performance.now();
            parsed = parseBootstrapLine(json, { compactHlc: true });
            measure('bootstrap.json', t0, t1);
            measure('bootstrap.check', t1);
          } catch {
            parsed = null;
          }
          if (parsed === null) throw new BootstrapCut('bootstrap: a malformed line');
          if (parsed.kind === 'head') {
            if (head) throw new BootstrapCut('bootstrap: a second head');
            head = true;
            if (state && parsed.at !== state.at) throw new BootstrapCut('bootstrap: resumed at another seq');
            at = parsed.at;
            progress.total = progress.received + parsed.remaining;
            report();
            continue;
          }
          if (!head) throw new BootstrapCut('bootstrap: no head line');
          if (parsed.kind === 'end') {
            await channel.push(parsed);
            break;
          }
          const shaping = performance.now();
          const shaped = shapeChunk(parsed);
          measure('bootstrap.shape', shaping);
          const sealing = performance.now();
          const ready = await sealAhead(db, shaped);
          measure('bootstrap.seal_ahead', sealing);
          await channel.push(ready);
        }
        channel.close(new BootstrapCut('bootstrap stream ended without its end line'));
      } catch (err) {
        channel.close(err);
      }
    })();
    try {
      for (;;) {
        const waited = performance.now();
        const item = await channel.next();
        measure('bootstrap.wait', waited);
        if (item === null) throw new BootstrapCut('bootstrap stream ended without its end line');
        if (item.kind === 'end') {
          fold(committed);
          committed = null;
          const ended = performance.now();
          await storeEnd(db, item);
          measure('bootstrap.end', ended);
          clearTimeout(idle);
          ctrl.abort();
          await reader;
          // The digests of the suspended chunks, built once (a bootstrap resumed after the app was closed
          // is also caught by the start-up check, which finds the read models stale).
          const rebuilt = performance.now();
          if (storedAny) await finishReadModels(db, fresh);
          measure('bootstrap.rebuild', rebuilt);
          return;
        }
        progress.received += item.line.changes.length;
        sessionRecords += item.line.changes.length;
        const stored = performance.now();
        // The previous chunk's rows (committed) are folded while this chunk's writes are under way; if this
        // chunk fails before that, they stay in `committed` and are folded with the next one.
        gate.close();
        try {
          committed = await storeChunk(db, item, at, progress, o.now(), () => {
            gate.open();
            fold(committed);
            committed = null;
          });
        } finally {
          gate.open();
        }
        storedAny = true;
        measure('bootstrap.tx', stored);
        progressed = true;
        report();
      }
    } catch (err) {
      channel.abandon();
      ctrl.abort();
      await reader;
      if (err instanceof BootstrapCut && progressed) continue; // resume at once after the stored chunks
      throw err;
    } finally {
      clearTimeout(idle);
    }
  }
}
