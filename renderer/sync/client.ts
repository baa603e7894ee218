/**
 * The sync client (docs/sync-protocol.md §5, §6, §14, §15): pushes the outbox, pulls pages, applies them.
 * No timers here (engine.ts schedules); every network call goes through the injected `fetch`.
 *
 * Invariants:
 * - Outbox entries are removed only after a 200 push response, and only those with `mid ≤ lastMid`; every
 *   other outcome (error, timeout, dropped connection, revoked device, schema mismatch) leaves the outbox as
 *   it was, so the next attempt resends the same mids and the server answers `duplicate` for committed ones.
 * - A refused mutation is never left out (mids are gap-free): its copy is kept in `syncRejected` and it is
 *   re-sent as `skip` with the same mid.
 * - A pull page's rows, its evictions and its cursor are stored in ONE local transaction (on the relaxed
 *   durability connection): after a crash either the page and its cursor are stored or neither is.
 * - Pages are stored one at a time, in order; during a run the next page is fetched (never stored) while
 *   the current one is being stored.
 * - A pulled row never overwrites a field with a pending local write (mergePulled + pendingFieldsOf), and a
 *   row whose seq is not above the local one is ignored.
 * - Rows with pending outbox entries are never evicted; their eviction waits in `deferredEvict` until the
 *   entries are acknowledged.
 */
import Dexie from 'dexie';
import { RECORD_SCHEMA_VERSION } from '../../shared/envelope';
import { mergePulled, pendingFieldsOf } from '../../shared/sync/merge';
import {
  BOOTSTRAP_BEHIND_ROWS,
  ENDPOINTS,
  ErrorBody,
  MAX_MUTATIONS_PER_PUSH,
  PROTOCOL_VERSION,
  PULL_PAGE_DEFAULT,
  PullResponse,
  PushResponse,
  type Change,
  type Evict,
  type Mutation,
  type PushRequest,
  type SyncErrorCode,
} from '../../shared/sync/protocol';
import { isSyncType } from '../../shared/sync/records';
import type { CareRoundsDb } from '../db/db';
import { ensureDevice } from '../db/meta';
import { acknowledgeOutbox, BUCKET_INDEXED, peekOutbox, RESIDENT_INDEX, SYNCED_TABLE_NAMES, type OutboxEntry, type SyncedTableName } from '../db/outbox';
import { BootstrapCut, runBootstrap, type BootstrapProgress } from './bootstrap';
import { entryKey, localState, pendingByRecord, receiveClock, storedRow } from './pullRows';
import { readCursor, readState, setProblem } from './state';
import { TABLE_OF_TYPE, TYPE_OF_TABLE, type RejectedEntry, type SyncProblemCode } from './types';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface TokenProvider {
  /** A valid access token (refreshed first when about to expire), or null when not signed in. */
  accessToken(): Promise<string | null>;
  /** After 401 auth_expired: refresh and return the new token, or null when a new sign-in is needed. */
  refresh(): Promise<string | null>;
}

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

export interface SyncClientOptions {
  db: CareRoundsDb;
  /** The connection pulls write through; a relaxed-durability instance on the same database. Default: db. */
  pullDb?: CareRoundsDb;
  baseUrl: string;
  tokens: TokenProvider;
  fetch?: FetchLike;
  now?: () => number;
  pushBatch?: number;
  pullLimit?: number;
  /** Rows per bootstrap chunk (default: the server's). */
  bootstrapChunk?: number;
  /** More rows than this still to come on a run's first page: bootstrap instead (default BOOTSTRAP_BEHIND_ROWS). */
  bootstrapBehindRows?: number;
  requestTimeoutMs?: number;
  onProgress?: (p: SyncProgress) => void;
}

/** Why a request failed: a protocol code, or 'network' (no answer: unknown outcome), or 'protocol' (garbage). */
export type FailureCode = SyncErrorCode | 'network' | 'protocol' | 'signed_out' | 'server_state_lost';

export class SyncFailure extends Error {
  readonly code: FailureCode;
  readonly status: number;
  readonly detail: ErrorBody['error'] | undefined;
  constructor(code: FailureCode, message: string, status = 0, detail?: ErrorBody['error']) {
    super(message);
    this.name = 'SyncFailure';
    this.code = code;
    this.status = status;
    this.detail = detail;
  }
  /** Retry with backoff (§15): no answer, 5xx, 429. */
  get retryable(): boolean {
    return this.code === 'network' || this.code === 'rate_limited' || this.code === 'server_busy' || this.code === 'internal' || (this.code === 'protocol' && this.status >= 500);
  }
  get retryAfterMs(): number | undefined {
    return this.detail?.retryAfterMs;
  }
  /** The problem to show the user when this stops the loop, or null for transient failures. */
  get problem(): SyncProblemCode | null {
    switch (this.code) {
      case 'device_revoked':
      case 'schema_too_old':
      case 'schema_too_new':
      case 'server_state_lost':
      case 'forbidden':
      case 'not_found':
      case 'invalid_argument':
      case 'signed_out':
        return this.code;
      case 'invalid_credentials':
        return 'signed_out';
      case 'client_unknown':
        return 'server_state_lost';
      default:
        return this.retryable ? null : 'protocol';
    }
  }
}

export interface PushOutcome {
  /** Mutations the server recorded in this call (0 = the outbox was empty). */
  acknowledged: number;
  rejected: number;
}

export interface PullOutcome {
  hasMore: boolean;
  received: number;
  remaining?: number;
}

const SYNCED_TABLES = SYNCED_TABLE_NAMES;

/** The primary keys of a resident's rows in an attached table (RESIDENT_INDEX), simple or compound index. */
async function attachedKeys(db: CareRoundsDb, table: SyncedTableName, residentId: string): Promise<string[]> {
  const index = RESIDENT_INDEX[table];
  if (index === undefined) return [];
  const t = db.table(table);
  const keys = index.startsWith('[')
    ? await t.where(index).between([residentId, Dexie.minKey], [residentId, Dexie.maxKey]).primaryKeys()
    : await t.where(index).equals(residentId).primaryKeys();
  return keys.map(String);
}

function toMutation(e: OutboxEntry, skip: boolean): Mutation {
  const type = TYPE_OF_TABLE[e.table];
  if (skip) return { mid: e.mid, type, id: e.recordId, op: 'skip', fields: {}, hlc: e.hlc, baseSeq: e.baseSeq };
  return { mid: e.mid, type, id: e.recordId, op: e.op, fields: e.fields, hlc: e.hlc, baseSeq: e.baseSeq };
}

/**
 * Ids that may exist locally, so a big page of rows new to this device skips reading each of them back
 * (one IndexedDB request per id): each table's keys when first asked, plus every id this run stored since.
 * A pulled id outside that set and without a pending outbox entry cannot be in its table: rows appear
 * locally only through a pull (runs are serialised, and this run records its own) or a local write (which
 * leaves an outbox entry until a push acknowledges it; pushes do not run during a pull). A superset is
 * always safe: it only costs reads.
 */
class KnownKeys {
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

export class SyncClient {
  private readonly db: CareRoundsDb;
  private readonly pullDb: CareRoundsDb;
  private readonly baseUrl: string;
  private readonly tokens: TokenProvider;
  private readonly fetchFn: FetchLike;
  private readonly now: () => number;
  private pushBatch: number;
  private readonly pullLimit: number;
  private readonly bootstrapChunk: number | undefined;
  private readonly bootstrapBehindRows: number;
  private readonly timeoutMs: number;
  private readonly onProgress: ((p: SyncProgress) => void) | undefined;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(o: SyncClientOptions) {
    this.db = o.db;
    this.pullDb = o.pullDb ?? o.db;
    this.baseUrl = o.baseUrl.replace(/\/+$/, '');
    this.tokens = o.tokens;
    this.fetchFn = o.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.now = o.now ?? Date.now;
    this.pushBatch = Math.min(MAX_MUTATIONS_PER_PUSH, Math.max(1, o.pushBatch ?? MAX_MUTATIONS_PER_PUSH));
    this.pullLimit = o.pullLimit ?? PULL_PAGE_DEFAULT;
    this.bootstrapChunk = o.bootstrapChunk;
    this.bootstrapBehindRows = o.bootstrapBehindRows ?? BOOTSTRAP_BEHIND_ROWS;
    this.timeoutMs = o.requestTimeoutMs ?? 60_000;
    this.onProgress = o.onProgress;
  }

  // -------------------------------------------------------------------------------------------------------
  // HTTP

  /** The answer's status and whole body text (read under the timeout: a cut mid-body is an unknown outcome too). */
  private async send(method: 'GET' | 'POST', path: string, body: unknown, token: string): Promise<{ status: number; ok: boolean; text: string }> {
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), this.timeoutMs);
    try {
      const init: RequestInit = { method, headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' }, signal: ctrl.signal, cache: 'no-store' };
      if (body !== undefined) {
        init.headers = { ...init.headers, 'Content-Type': 'application/json' };
        init.body = JSON.stringify(body);
      }
      const res = await this.fetchFn(this.baseUrl + path, init);
      // The body is kept as text (not re-wrapped in a Response): pull pages are megabytes, each copy costs.
      const text = await res.text();
      return { status: res.status, ok: res.ok, text };
    } catch (err) {
      throw new SyncFailure('network', `no answer from ${path}: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  /** One bearer request; refreshes once on 401 auth_expired and resends it unchanged. Returns parsed JSON. */
  async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    let token = await this.tokens.accessToken();
    if (token === null) throw new SyncFailure('signed_out', 'not signed in');
    for (let attempt = 0; ; attempt++) {
      const res = await this.send(method, path, body, token);
      let json: unknown;
      try {
        json = JSON.parse(res.text);
      } catch {
        if (res.ok) throw new SyncFailure('protocol', `${path}: answer is not JSON`, res.status);
        throw new SyncFailure(res.status >= 500 ? 'internal' : 'protocol', `${path}: HTTP ${res.status} without an error body`, res.status);
      }
      if (res.ok) return json;
      const parsed = ErrorBody.safeParse(json);
      if (!parsed.success) throw new SyncFailure(res.status >= 500 ? 'internal' : 'protocol', `${path}: HTTP ${res.status}`, res.status);
      const e = parsed.data.error;
      if (e.code === 'auth_expired' && attempt === 0) {
        const next = await this.tokens.refresh();
        if (next === null) throw new SyncFailure('signed_out', 'sign-in needed', res.status, e);
        token = next;
        continue;
      }
      throw new SyncFailure(e.code, e.message, res.status, e);
    }
  }

  /**
   * A bearer GET whose 200 body is read as a stream (the bootstrap); refreshes once on 401 auth_expired. A
   * non-200 answer throws its protocol error; no answer throws 'network'. Only the wait for the answer's
   * head is under the request timeout: the caller watches the body (bootstrap.ts idle timeout).
   */
  private async openStream(path: string, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
    let token = await this.tokens.accessToken();
    if (token === null) throw new SyncFailure('signed_out', 'not signed in');
    for (let attempt = 0; ; attempt++) {
      const ctrl = new AbortController();
      const onAbort = (): void => ctrl.abort();
      signal.addEventListener('abort', onAbort);
      const timer = setTimeout(() => ctrl.abort(), this.timeoutMs);
      let res: Response;
      try {
        res = await this.fetchFn(this.baseUrl + path, { method: 'GET', headers: { Authorization: `Bearer ${token}`, Accept: 'application/x-ndjson' }, signal: ctrl.signal, cache: 'no-store' });
      } catch (err) {
        signal.removeEventListener('abort', onAbort);
        throw new SyncFailure('network', `no answer from ${path}: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        clearTimeout(timer);
      }
      if (res.ok && res.body !== null) return res.body;
      signal.removeEventListener('abort', onAbort);
      let text = '';
      try {
        text = await res.text();
      } catch {
        throw new SyncFailure('network', `${path}: answer cut`);
      }
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch {
        // handled below
      }
      const parsed = ErrorBody.safeParse(json);
      if (!parsed.success) throw new SyncFailure(res.status >= 500 ? 'internal' : 'protocol', `${path}: HTTP ${res.status}`, res.status);
      const e = parsed.data.error;
      if (e.code === 'auth_expired' && attempt === 0) {
        const next = await this.tokens.refresh();
        if (next === null) throw new SyncFailure('signed_out', 'sign-in needed', res.status, e);
        token = next;
        continue;
      }
      throw new SyncFailure(e.code, e.message, res.status, e);
    }
  }

  /**
   * Runs or resumes the bootstrap (sync/bootstrap.ts) up to its end cursor. A cut that made no progress is a
   * 'network' failure (the engine backs off and the next run resumes from the last stored chunk).
   */
  async bootstrap(): Promise<void> {
    try {
      await runBootstrap({
        db: this.pullDb,
        open: (q, signal) => this.openStream(`${ENDPOINTS.bootstrap.path}?${q.toString()}`, signal),
        now: this.now,
        ...(this.bootstrapChunk === undefined ? {} : { chunk: this.bootstrapChunk }),
        idleMs: this.timeoutMs,
        onProgress: (p: BootstrapProgress) => {
          const progress: SyncProgress = { phase: 'pull', initial: true, records: p.records, total: p.total, bytes: p.bytes, percent: p.total > 0 ? Math.min(100, Math.round((100 * p.records) / p.total)) : 0 };
          if (p.etaMs !== undefined) progress.etaMs = p.etaMs;
          this.onProgress?.(progress);
        },
      });
    } catch (err) {
      if (err instanceof BootstrapCut) throw new SyncFailure('network', err.message);
      throw err;
    }
  }

  // -------------------------------------------------------------------------------------------------------
  // Attachments (photos): their own queue and endpoints, bytes not JSON

  /** One bearer request with a binary body or answer; refreshes once on 401. Network failures throw. */
  private async binary(method: 'GET' | 'PUT', path: string, body?: { bytes: ArrayBuffer; type: string }): Promise<Response> {
    let token = await this.tokens.accessToken();
    if (token === null) throw new SyncFailure('signed_out', 'not signed in');
    for (let attempt = 0; ; attempt++) {
      const ctrl = new AbortController();
      const timer = setTimeout(() => ctrl.abort(), this.timeoutMs);
      let res: Response;
      try {
        const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
        const init: RequestInit = { method, headers, signal: ctrl.signal, cache: 'no-store' };
        if (body) {
          headers['Content-Type'] = body.type;
          init.body = body.bytes;
        }
        res = await this.fetchFn(this.baseUrl + path, init);
        if (res.status !== 401 || attempt > 0) {
          // Read the whole body under the timeout, then hand back a settled Response.
          const bytes = await res.arrayBuffer();
          return new Response(res.status === 204 ? null : bytes, { status: res.status, headers: res.headers });
        }
      } catch (err) {
        throw new SyncFailure('network', `no answer from ${path}: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        clearTimeout(timer);
      }
      const next = await this.tokens.refresh();
      if (next === null) throw new SyncFailure('signed_out', 'sign-in needed', 401);
      token = next;
    }
  }

  /**
   * PUTs the queued photos. A photo the server refuses (resident unknown or outside the scope) stays queued
   * and is tried again next run; it never holds up the records. Returns how many were uploaded.
   */
  async uploadAttachments(): Promise<number> {
    let uploaded = 0;
    for (const item of await this.db.attachmentUploads.toArray()) {
      const row = await this.db.attachments.get(item.sha256);
      if (!row) {
        await this.db.attachmentUploads.delete(item.sha256);
        continue;
      }
      const path = `/attachments/${item.sha256}?residentId=${encodeURIComponent(item.residentId)}`;
      const res = await this.binary('PUT', path, { bytes: row.bytes, type: row.mimeType });
      if (res.ok) {
        await this.db.attachmentUploads.delete(item.sha256);
        uploaded++;
      } else if (res.status >= 500 || res.status === 429) {
        throw new SyncFailure(res.status === 429 ? 'rate_limited' : 'internal', `${path}: HTTP ${res.status}`, res.status);
      }
    }
    return uploaded;
  }

  /** Downloads a photo the device does not have; null when the server has none (or refuses). */
  async downloadAttachment(sha256: string, residentId: string): Promise<{ bytes: ArrayBuffer; mimeType: string } | null> {
    const res = await this.binary('GET', `/attachments/${sha256}?residentId=${encodeURIComponent(residentId)}`);
    if (!res.ok) return null;
    return { bytes: await res.arrayBuffer(), mimeType: (res.headers.get('content-type') ?? '').split(';', 1)[0] ?? '' };
  }

  // -------------------------------------------------------------------------------------------------------
  // Push

  /** Sends one batch of the oldest outbox entries. Returns 0 acknowledged when the outbox is empty. */
  async pushOnce(): Promise<PushOutcome> {
    const device = await ensureDevice(this.db, this.now);
    // Each refusal (withdraw, halve, gap) changes something before trying again, so this loop is bounded.
    for (let round = 0; round < 64; round++) {
      const entries = await peekOutbox(this.db, this.pushBatch);
      const first = entries[0];
      if (first === undefined) return { acknowledged: 0, rejected: 0 };
      const withdrawn = new Set((await this.db.syncRejected.bulkGet(entries.map((e) => e.mid))).filter((r): r is RejectedEntry => r !== undefined && r.withdrawn).map((r) => r.mid));
      const req: PushRequest = {
        protocol: PROTOCOL_VERSION,
        schemaVersion: RECORD_SCHEMA_VERSION,
        clientId: device.clientId,
        mutations: entries.map((e) => toMutation(e, withdrawn.has(e.mid))),
      };
      let json: unknown;
      try {
        json = await this.request('POST', ENDPOINTS.push.path, req);
      } catch (err) {
        if (!(err instanceof SyncFailure)) throw err;
        const mids = err.detail?.mids;
        if (err.code === 'batch_too_large' && this.pushBatch > 1) {
          this.pushBatch = Math.max(1, Math.floor(Math.min(this.pushBatch, entries.length) / 2));
          continue;
        }
        if (err.code === 'mutation_gap') {
          const lastMid = err.detail?.lastMid ?? -1;
          // The server holds more than we think (our ack was lost): drop what it has and resend the rest.
          if (lastMid >= first.mid) {
            await this.acknowledge(lastMid, []);
            continue;
          }
          // It lacks mids we removed after its acknowledgement: it was restored from a backup (§5.3).
          throw new SyncFailure('server_state_lost', err.message, err.status, err.detail);
        }
        if ((err.code === 'scope_denied' || err.code === 'forbidden' || err.code === 'invalid_argument') && mids !== undefined && mids.length > 0) {
          const fresh = mids.filter((m) => !withdrawn.has(m));
          if (fresh.length === 0) throw err; // refused again as a skip: nothing more we can do
          await this.withdraw(entries, fresh, err.code);
          continue;
        }
        throw err;
      }
      const parsed = PushResponse.safeParse(json);
      if (!parsed.success) throw new SyncFailure('protocol', 'push: malformed response', 200);
      const res = parsed.data;
      const at = new Date(this.now()).toISOString();
      const byMid = new Map(entries.map((e) => [e.mid, e]));
      const rejected: RejectedEntry[] = [];
      for (const r of res.results) {
        if (r.status !== 'rejected' || r.code === 'withdrawn') continue;
        const entry = byMid.get(r.mid);
        if (entry === undefined) continue;
        rejected.push(r.field === undefined ? { mid: r.mid, entry, code: r.code, withdrawn: false, at } : { mid: r.mid, entry, code: r.code, field: r.field, withdrawn: false, at });
      }
      await this.acknowledge(res.lastMid, rejected);
      const acknowledged = entries.filter((e) => e.mid <= res.lastMid).length;
      return { acknowledged, rejected: rejected.length };
    }
    throw new SyncFailure('protocol', 'push: too many refusals in a row');
  }

  private async withdraw(entries: readonly OutboxEntry[], mids: readonly number[], code: string): Promise<void> {
    const at = new Date(this.now()).toISOString();
    const set = new Set(mids);
    const rows: RejectedEntry[] = entries.filter((e) => set.has(e.mid)).map((entry) => ({ mid: entry.mid, entry, code, withdrawn: true, at }));
    await this.db.syncRejected.bulkPut(rows);
  }

  /**
   * Removes acknowledged entries, keeps copies of rejected ones, drops local records the server will never
   * have (a rejected create, a record it does not know or erased), and runs evictions that were waiting.
   */
  private async acknowledge(lastMid: number, rejected: readonly RejectedEntry[]): Promise<void> {
    const db = this.db;
    await db.transaction('rw', [db.outbox, db.syncRejected, db.syncState, ...SYNCED_TABLES.map((t) => db.table(t))], async () => {
      if (rejected.length > 0) await db.syncRejected.bulkPut([...rejected]);
      for (const r of rejected) {
        const dropsRecord = r.code === 'not_found' || r.code === 'record_deleted' || (r.code === 'validation_failed' && r.entry.op === 'create');
        if (dropsRecord) await db.table(r.entry.table).delete(r.entry.recordId);
      }
      await acknowledgeOutbox(db, lastMid);
      const deferred = await readState(db, 'deferredEvict');
      if (deferred && deferred.items.length > 0) {
        const pending = await pendingByRecord(db);
        const still = await this.evict(db, deferred.items, pending);
        if (still.length > 0) await db.syncState.put({ key: 'deferredEvict', items: still });
        else await db.syncState.delete('deferredEvict');
      }
    });
  }

  // -------------------------------------------------------------------------------------------------------
  // Pull

  /** Applies evictions; returns those that must wait because some of their rows have pending entries. */
  private async evict(db: CareRoundsDb, items: readonly Evict[], pending: ReadonlyMap<string, OutboxEntry[]>): Promise<Evict[]> {
    const waiting: Evict[] = [];
    for (const item of items) {
      const victims: { table: SyncedTableName; id: string }[] = [];
      const residentIds: string[] = [];
      if ('bucket' in item) {
        for (const table of BUCKET_INDEXED) {
          const keys = await db.table(table).where('bucket').equals(item.bucket).primaryKeys();
          for (const id of keys) victims.push({ table, id: String(id) });
          if (table === 'residents') residentIds.push(...keys.map(String));
        }
      } else {
        if (!isSyncType(item.type)) continue;
        const table = TABLE_OF_TYPE[item.type];
        victims.push({ table, id: item.id });
        if (table === 'residents') residentIds.push(item.id);
      }
      // Rows attached to an evicted resident go with it (those with a bucket index are already listed).
      for (const rid of residentIds) {
        for (const table of SYNCED_TABLES) {
          if (RESIDENT_INDEX[table] === undefined || ('bucket' in item && BUCKET_INDEXED.includes(table))) continue;
          for (const id of await attachedKeys(db, table, rid)) victims.push({ table, id });
        }
      }
      const free = victims.filter((v) => !pending.has(entryKey(v.table, v.id)));
      if (free.length < victims.length) waiting.push(item);
      for (const table of SYNCED_TABLES) {
        const ids = free.filter((v) => v.table === table).map((v) => v.id);
        if (ids.length > 0) await db.table(table).bulkDelete(ids);
      }
    }
    return waiting;
  }

  /** Stores one page: rows, evictions and cursor in one transaction on the pull connection. */
  applyPage(page: PullResponse): Promise<number> {
    return this.storePage(page, null);
  }

  /** applyPage; with `known`, only rows that may exist locally are read back (see KnownKeys). */
  private async storePage(page: PullResponse, known: KnownKeys | null): Promise<number> {
    const db = this.pullDb;
    let applied = 0;
    await db.transaction('rw', [...SYNCED_TABLES.map((t) => db.table(t)), db.outbox, db.syncState, db.meta], async () => {
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
        const waiting = await this.evict(db, page.evict, pending);
        if (waiting.length > 0) {
          const prev = (await readState(db, 'deferredEvict'))?.items ?? [];
          await db.syncState.put({ key: 'deferredEvict', items: [...prev, ...waiting] });
        }
      }
      await db.syncState.put({ key: 'cursor', value: page.cursor });
      await receiveClock(db, page.changes, this.now());
    });
    return applied;
  }

  /** Fetches and checks the page after `cursor` ('' = from the start); stores nothing. */
  private async fetchPage(cursor: string): Promise<PullResponse> {
    const q = new URLSearchParams();
    if (cursor !== '') q.set('cursor', cursor);
    q.set('limit', String(this.pullLimit));
    q.set('schemaVersion', String(RECORD_SCHEMA_VERSION));
    const json = await this.request('GET', `${ENDPOINTS.pull.path}?${q.toString()}`);
    const parsed = PullResponse.safeParse(json);
    if (!parsed.success) throw new SyncFailure('protocol', 'pull: malformed response', 200);
    return parsed.data;
  }

  private static outcomeOf(page: PullResponse): PullOutcome {
    const out: PullOutcome = { hasMore: page.hasMore, received: page.changes.length };
    if (page.remaining !== undefined) out.remaining = page.remaining;
    return out;
  }

  /** Fetches and stores one page from the stored cursor. */
  async pullOnce(): Promise<PullOutcome> {
    const page = await this.fetchPage(await readCursor(this.pullDb));
    await this.applyPage(page);
    return SyncClient.outcomeOf(page);
  }

  // -------------------------------------------------------------------------------------------------------
  // The loop

  /** Push until the outbox is empty, then pull until `hasMore` is false. */
  private async runOnce(): Promise<void> {
    let pushed = 0;
    for (;;) {
      const r = await this.pushOnce();
      if (r.acknowledged === 0) break;
      pushed += r.acknowledged;
      this.onProgress?.({ phase: 'push', records: pushed });
    }
    // Photos after their visits: the server must know the resident a photo belongs to.
    await this.uploadAttachments();
    // An empty device, or a bootstrap that was interrupted: stream the scope first (docs/sync-protocol.md §6.5).
    let bootstrapped = false;
    if ((await readCursor(this.pullDb)) === '' || (await readState(this.pullDb, 'bootstrap')) !== undefined) {
      await this.bootstrap();
      bootstrapped = true;
    }
    const initial = (await readCursor(this.pullDb)) === '';
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
        page = await (prefetched ?? this.fetchPage(await readCursor(this.pullDb)));
      } catch (err) {
        prefetched = null;
        if (err instanceof SyncFailure && err.code === 'cursor_expired' && !bootstrapped) {
          // §6.5: re-bootstrap (the outbox was pushed above); the old cursor stays until the end line replaces it.
          await this.bootstrap();
          bootstrapped = true;
          continue;
        }
        throw err;
      }
      prefetched = null;
      // §6.5: far behind (months offline): catch up by a bootstrap, not by thousands of pages.
      if (firstPage && !bootstrapped && page.hasMore && (page.remaining ?? 0) > this.bootstrapBehindRows) {
        await this.bootstrap();
        bootstrapped = true;
        continue;
      }
      firstPage = false;
      if (page.hasMore) {
        const next = this.fetchPage(page.cursor);
        next.catch(() => undefined); // observed when awaited; unobserved if this page fails to store
        prefetched = next;
      }
      await this.storePage(page, known);
      const outcome = SyncClient.outcomeOf(page);
      received += outcome.received;
      const progress: SyncProgress = { phase: 'pull', records: received, initial };
      if (outcome.remaining !== undefined) progress.percent = Math.min(100, Math.round((100 * received) / Math.max(1, received + outcome.remaining)));
      else if (!outcome.hasMore) progress.percent = 100;
      this.onProgress?.(progress);
      if (!outcome.hasMore) break;
    }
    await this.db.syncState.put({ key: 'lastSync', at: new Date(this.now()).toISOString() });
    await setProblem(this.db, null);
  }

  /**
   * One sync run (push, then pull). Runs one at a time: a call during a run makes the run repeat once more
   * and resolves with it. Across windows the Web Lock 'carerounds-sync' serialises runs.
   */
  syncNow(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const run = async (): Promise<void> => {
      try {
        do {
          this.again = false;
          await withSyncLock(() => this.runOnce());
        } while (this.again);
      } finally {
        this.running = null;
      }
    };
    this.running = run();
    return this.running;
  }
}

interface LockManagerLike {
  request(name: string, callback: () => Promise<void>): Promise<void>;
}

async function withSyncLock(fn: () => Promise<void>): Promise<void> {
  const locks = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks;
  if (locks && typeof locks.request === 'function') {
    await locks.request('carerounds-sync', fn);
    return;
  }
  await fn();
}
