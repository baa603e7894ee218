/**
 * Pulling (docs/sync-protocol.md §6): fetches pages from the stored cursor and stores them, or streams the
 * whole scope by a bootstrap (§6.5, §6.6; bootstrap.ts) when the device is empty, was interrupted in a
 * bootstrap, has an expired cursor, or is too far behind.
 *
 * Invariants:
 * - A pull page's rows, its evictions and its cursor are stored in ONE local transaction (on the relaxed
 *   durability connection): after a crash either the page and its cursor are stored or neither is.
 * - Pages are stored one at a time, in order; during a run the next page is fetched (never stored) while
 *   the current one is being stored.
 * - A pulled row never overwrites a field with a pending local write (mergePulled + pendingFieldsOf), and a
 *   row whose seq is not above the local one is ignored.
 * - Rows with pending outbox entries are never evicted; their eviction waits in `deferredEvict` until the
 *   entries are acknowledged.
 */
import { RECORD_SCHEMA_VERSION } from '../../shared/envelope';
import { mergePulled, pendingFieldsOf } from '../../shared/sync/merge';
import { BOOTSTRAP_BEHIND_ROWS, ENDPOINTS, PullResponse, type Change } from '../../shared/sync/protocol';
import { isSyncType } from '../../shared/sync/recordTypes';
import type { CareRoundsDb } from '../db/db';
import type { OutboxEntry, SyncedTableName } from '../db/outbox';
import { runBootstrap, type BootstrapProgress } from './bootstrap';
import { BootstrapCut } from './bootstrapStream';
import { measure } from './timings';
import { SyncFailure } from './http';
import { ERASE_TABLES, sweepLeftovers } from './erase';
import { entryKey, evict, pendingByRecord, SYNCED_TABLES, type SyncContext } from './local';
import { localState, receiveClock, storedRow } from './pullRows';
import { readCursor, readState } from './state';
import { TABLE_OF_TYPE } from './types';

export interface SyncProgress {
  phase: 'push' | 'pull';
  /** push: mutations acknowledged so far; pull: rows received so far in this run. */
  records: number;
  /** pull only, when the server sent `remaining`: 0–100. */
  percent?: number;
  /** pull: whether this run started from an empty cursor (initial sync). */
  initial?: boolean;
  /** bootstrap: rows the whole bootstrap carries, JSON bytes received, estimated time left. */
  total?: number;
  bytes?: number;
  etaMs?: number;
}

export interface PullOptions {
  /** Rows per page asked for. */
  limit: number;
  /** Rows per bootstrap chunk (default: the server's). */
  bootstrapChunk?: number;
  /** More rows than this still to come on a run's first page: bootstrap instead (default BOOTSTRAP_BEHIND_ROWS). */
  bootstrapBehindRows?: number;
  /** A bootstrap stream silent for this long is cut (the request timeout). */
  idleMs: number;
  onProgress?: ((p: SyncProgress) => void) | undefined;
}

export interface PullOutcome {
  hasMore: boolean;
  received: number;
  remaining?: number;
}

/**
 * Ids that may exist locally, so a big page of rows new to this device skips reading each of them back
 * (one IndexedDB request per id): each table's keys when first asked, plus every id this run stored since.
 * A pulled id outside that set and without a pending outbox entry cannot be in its table: rows appear
 * locally only through a pull (runs are serialised, and this run records its own) or a local write (which
 * leaves an outbox entry until a push acknowledges it; pushes do not run during a pull). A superset is
 * always safe: it only costs reads.
 */
export class KnownKeys {
  private readonly byTable = new Map<SyncedTableName, Set<string>>();

  /** The ids of `changes` whose local row must be read. Call inside the page's transaction. */
  async toRead(db: CareRoundsDb, table: SyncedTableName, changes: readonly Change[], pending: ReadonlyMap<string, OutboxEntry[]>): Promise<string[]> {
    let known = this.byTable.get(table);
    if (known === undefined) {
      known = new Set((await db.table(table).toCollection().primaryKeys()).map(String));
      this.byTable.set(table, known);
    }
    const set = known;
    return changes.filter((c) => set.has(c.id) || pending.has(entryKey(table, c.id))).map((c) => c.id);
  }

  add(table: SyncedTableName, ids: Iterable<string>): void {
    const set = this.byTable.get(table);
    if (set !== undefined) for (const id of ids) set.add(id);
  }
}

/**
 * Stores one page: rows, evictions and cursor in one transaction on the pull connection. With `known`, only
 * rows that may exist locally are read back (see KnownKeys). Returns how many rows were written.
 */
export async function storePage(ctx: SyncContext, page: PullResponse, known: KnownKeys | null): Promise<number> {
  const db = ctx.pullDb;
  let applied = 0;
  // An erasure also clears local-only stores (erase.ts); other pages leave them unlocked.
  const erasing = page.evict.some((e) => 'erased' in e) ? [db.syncRejected, ...ERASE_TABLES.map((t) => db.table(t))] : [];
  await db.transaction('rw', [...SYNCED_TABLES.map((t) => db.table(t)), db.outbox, db.syncState, db.meta, db.roundGone, ...erasing], async () => {
    const pending = await pendingByRecord(db);
    const byTable = new Map<SyncedTableName, Change[]>();
    for (const c of page.changes) {
      if (!isSyncType(c.type)) continue; // §6.1.1: a type this client does not know
      const table = TABLE_OF_TYPE[c.type];
      const list = byTable.get(table);
      if (list) list.push(c);
      else byTable.set(table, [c]);
    }
    for (const [table, changes] of byTable) {
      const t = db.table<Record<string, unknown>, string>(table);
      const locals = new Map<string, Record<string, unknown>>();
      const ids = known === null ? changes.map((c) => c.id) : await known.toRead(db, table, changes, pending);
      const found = ids.length === 0 ? [] : await t.bulkGet(ids);
      found.forEach((row, i) => {
        const id = ids[i];
        if (row && id !== undefined) locals.set(id, row);
      });
      const out = new Map<string, Record<string, unknown>>();
      for (const c of changes) {
        const local = out.get(c.id) ?? locals.get(c.id);
        const state = local ? localState(local) : undefined;
        if (state && c.seq <= state.seq) continue;
        const merged = mergePulled(state, c, pendingFieldsOf(pending.get(entryKey(table, c.id)) ?? []));
        out.set(c.id, storedRow(c, merged));
        applied++;
      }
      if (out.size > 0) await t.bulkPut([...out.values()]);
      known?.add(table, out.keys());
    }
    if (page.evict.length > 0) {
      const waiting = await evict(db, page.evict, pending);
      if (waiting.length > 0) {
        const prev = (await readState(db, 'deferredEvict'))?.items ?? [];
        await db.syncState.put({ key: 'deferredEvict', items: [...prev, ...waiting] });
      }
    }
    await db.syncState.put({ key: 'cursor', value: page.cursor });
    await receiveClock(db, page.changes, ctx.now());
  });
  return applied;
}

/** Fetches and checks the page after `cursor` ('' = from the start); stores nothing. */
export async function fetchPage(ctx: SyncContext, cursor: string, limit: number): Promise<PullResponse> {
  const q = new URLSearchParams();
  if (cursor !== '') q.set('cursor', cursor);
  q.set('limit', String(limit));
  q.set('schemaVersion', String(RECORD_SCHEMA_VERSION));
  const json = await ctx.http.json('GET', `${ENDPOINTS.pull.path}?${q.toString()}`);
  const parsed = PullResponse.safeParse(json);
  if (!parsed.success) throw new SyncFailure('protocol', 'pull: malformed response', 200);
  return parsed.data;
}

export function outcomeOf(page: PullResponse): PullOutcome {
  const out: PullOutcome = { hasMore: page.hasMore, received: page.changes.length };
  if (page.remaining !== undefined) out.remaining = page.remaining;
  return out;
}

/**
 * Runs or resumes the bootstrap (bootstrap.ts) up to its end cursor. A cut that made no progress is a
 * 'network' failure (the engine backs off and the next run resumes from the last stored chunk).
 */
export async function bootstrap(ctx: SyncContext, o: PullOptions): Promise<void> {
  try {
    await runBootstrap({
      db: ctx.pullDb,
      open: (q, signal) => ctx.http.stream(`${ENDPOINTS.bootstrap.path}?${q.toString()}`, 'application/x-ndjson', signal),
      now: ctx.now,
      ...(o.bootstrapChunk === undefined ? {} : { chunk: o.bootstrapChunk }),
      idleMs: o.idleMs,
      onProgress: (p: BootstrapProgress) => {
        const progress: SyncProgress = { phase: 'pull', initial: true, records: p.records, total: p.total, bytes: p.bytes, percent: p.total > 0 ? Math.min(100, Math.round((100 * p.records) / p.total)) : 0 };
        if (p.etaMs !== undefined) progress.etaMs = p.etaMs;
        o.onProgress?.(progress);
      },
    });
  } catch (err) {
    if (err instanceof BootstrapCut) throw new SyncFailure('network', err.message);
    throw err;
  }
}

/**
 * Pulls until `hasMore` is false, reporting progress after each stored page. An empty device or an
 * interrupted bootstrap streams its scope first; an expired cursor or a first page with more than
 * `bootstrapBehindRows` still to come switches to a bootstrap (once per run).
 */
export async function pullAll(ctx: SyncContext, o: PullOptions): Promise<void> {
  const behindRows = o.bootstrapBehindRows ?? BOOTSTRAP_BEHIND_ROWS;
  let bootstrapped = false;
  const started = performance.now();
  if ((await readCursor(ctx.pullDb)) === '' || (await readState(ctx.pullDb, 'bootstrap')) !== undefined) {
    await bootstrap(ctx, o);
    bootstrapped = true;
    measure('bootstrap.total', started);
  }
  const pulling = performance.now();
  const initial = (await readCursor(ctx.pullDb)) === '';
  let received = 0;
  let firstPage = true;
  // Pipelined: page n+1 (asked for with page n's cursor, which is what storing page n records) is fetched
  // while page n is stored. Storage is unchanged: pages are applied one at a time, in order, each with its
  // cursor; a prefetched page whose predecessor failed to store is dropped unseen.
  let prefetched: Promise<PullResponse> | null = null;
  // An initial sync brings mostly rows this device has never seen: skip reading them back one by one.
  const known: KnownKeys | null = initial ? new KnownKeys() : null;
  for (;;) {
    let page: PullResponse;
    try {
      page = await (prefetched ?? fetchPage(ctx, await readCursor(ctx.pullDb), o.limit));
    } catch (err) {
      prefetched = null;
      if (err instanceof SyncFailure && err.code === 'cursor_expired' && !bootstrapped) {
        // §6.5: re-bootstrap (the outbox was pushed before the pull); the old cursor stays until the end line replaces it.
        await bootstrap(ctx, o);
        bootstrapped = true;
        continue;
      }
      throw err;
    }
    prefetched = null;
    // §6.5: far behind (months offline): catch up by a bootstrap, not by thousands of pages.
    if (firstPage && !bootstrapped && page.hasMore && (page.remaining ?? 0) > behindRows) {
      await bootstrap(ctx, o);
      bootstrapped = true;
      continue;
    }
    firstPage = false;
    if (page.hasMore) {
      const next = fetchPage(ctx, page.cursor, o.limit);
      next.catch(() => undefined); // observed when awaited; unobserved if this page fails to store
      prefetched = next;
    }
    await storePage(ctx, page, known);
    const outcome = outcomeOf(page);
    received += outcome.received;
    const progress: SyncProgress = { phase: 'pull', records: received, initial };
    if (outcome.remaining !== undefined) progress.percent = Math.min(100, Math.round((100 * received) / Math.max(1, received + outcome.remaining)));
    else if (!outcome.hasMore) progress.percent = 100;
    o.onProgress?.(progress);
    if (!outcome.hasMore) break;
  }
  measure('pull.pages', pulling);
  if (bootstrapped) await sweepLeftovers(ctx.db);
}
