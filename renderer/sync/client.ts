/**
 * The sync client (docs/sync-protocol.md §5, §6, §14, §15): one object that pushes the outbox, uploads photos
 * and pulls pages (or bootstraps, §6.6), over the shared HTTP client. No timers here (engine.ts schedules); every network call goes
 * through the injected `fetch`.
 *
 * The work is split by concern: http.ts (requests, timeouts, refresh, failures), push.ts, pull.ts (pages
 * and the bootstrap decision), bootstrap.ts (the stream), pullRows.ts (pulled rows ↔ stored rows),
 * attachments.ts, and local.ts (what push and pull both do to the stores). Their invariants are in their
 * headers; this file only orders them: push until the outbox is empty, then photos and view events (views.ts),
 * then pull until done,
 * then the user directory (directory.ts).
 * Runs are serialised within a window (one at a time, a call during a run repeats it once) and across
 * windows by the Web Lock 'carerounds-sync'.
 */
import { PULL_PAGE_DEFAULT, type PullResponse } from '../../shared/sync/protocol';
import type { CareRoundsDb } from '../db/db';
import { downloadAttachment, uploadAttachments } from './attachments';
import { refreshDirectory } from './directory';
import { HttpClient, type FetchLike, type TokenProvider } from './http';
import type { SyncContext } from './local';
import { bootstrap, fetchPage, outcomeOf, pullAll, storePage, type PullOptions, type PullOutcome, type SyncProgress } from './pull';
import { Pusher, type PushOutcome } from './push';
import { uploadViews } from './views';
import { readCursor, setProblem } from './state';

export { SyncFailure, type FailureCode, type FetchLike, type TokenProvider } from './http';
export type { PullOutcome, SyncProgress } from './pull';
export type { PushOutcome } from './push';

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
  /** Per request, body included (pull pages are megabytes on a slow link). Default 60 s. */
  requestTimeoutMs?: number;
  onProgress?: (p: SyncProgress) => void;
}

export class SyncClient {
  private readonly ctx: SyncContext;
  private readonly pusher: Pusher;
  private readonly pull: PullOptions;
  private readonly onProgress: ((p: SyncProgress) => void) | undefined;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(o: SyncClientOptions) {
    const timeoutMs = o.requestTimeoutMs ?? 60_000;
    const http = new HttpClient({ baseUrl: o.baseUrl, tokens: o.tokens, timeoutMs, ...(o.fetch ? { fetch: o.fetch } : {}) });
    this.ctx = { db: o.db, pullDb: o.pullDb ?? o.db, http, now: o.now ?? Date.now };
    this.pusher = new Pusher(this.ctx, o.pushBatch);
    this.onProgress = o.onProgress;
    this.pull = { limit: o.pullLimit ?? PULL_PAGE_DEFAULT, idleMs: timeoutMs, onProgress: o.onProgress };
    if (o.bootstrapChunk !== undefined) this.pull.bootstrapChunk = o.bootstrapChunk;
    if (o.bootstrapBehindRows !== undefined) this.pull.bootstrapBehindRows = o.bootstrapBehindRows;
  }

  /** One bearer JSON request to the server (refreshes once on 401 auth_expired). */
  request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    return this.ctx.http.json(method, path, body);
  }

  /** Sends one batch of the oldest outbox entries. Returns 0 acknowledged when the outbox is empty. */
  pushOnce(): Promise<PushOutcome> {
    return this.pusher.pushOnce();
  }

  /** PUTs the queued photos; returns how many were uploaded. */
  uploadAttachments(): Promise<number> {
    return uploadAttachments(this.ctx);
  }

  /** Downloads a photo the device does not have; null when the server has none (or refuses). */
  downloadAttachment(sha256: string, residentId: string): Promise<{ bytes: ArrayBuffer; mimeType: string } | null> {
    return downloadAttachment(this.ctx.http, sha256, residentId);
  }

  /** Stores one page: rows, evictions and cursor in one transaction on the pull connection. */
  applyPage(page: PullResponse): Promise<number> {
    return storePage(this.ctx, page, null);
  }

  /** Fetches and stores one page from the stored cursor. */
  async pullOnce(): Promise<PullOutcome> {
    const page = await fetchPage(this.ctx, await readCursor(this.ctx.pullDb), this.pull.limit);
    await this.applyPage(page);
    return outcomeOf(page);
  }

  /** Runs or resumes the bootstrap up to its end cursor (pull.ts bootstrap). */
  bootstrap(): Promise<void> {
    return bootstrap(this.ctx, this.pull);
  }

  /** Push until the outbox is empty, then pull (or bootstrap) until `hasMore` is false. */
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
    // Openings of residents' pages, for the server's audit log (views.ts). Like the directory below, they are
    // not the sync's data: a failure keeps them for the next run without failing this one.
    await uploadViews(this.ctx).catch((err: unknown) => console.warn('view events not uploaded', err));
    await pullAll(this.ctx, this.pull);
    // The names the pulled records need (who visited, approved, wrote), kept for offline use. Names are not
    // the sync's data: a directory that cannot be fetched now keeps the last one and is asked again next run,
    // without failing a run whose records are stored.
    await refreshDirectory(this.ctx).catch((err: unknown) => console.warn('user directory not refreshed', err));
    await this.ctx.db.syncState.put({ key: 'lastSync', at: new Date(this.ctx.now()).toISOString() });
    await setProblem(this.ctx.db, null);
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
