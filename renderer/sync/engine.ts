/**
 * When the sync loop runs (docs/sync-protocol.md §7, §15) and what the UI shows about it.
 *
 * Triggers: start, the `online` event, 0.5 s after a local write (the outbox grew), every 60 s, a `changed`
 * server event (GET /sync/events over a streaming fetch, reconnected with backoff), and "sync now".
 * Network errors, 5xx and 429 are retried with full-jitter exponential backoff (1 s → 5 min, at least
 * `retryAfterMs`); a success resets it. Other failures stop the loop until the next trigger and are shown;
 * a revoked device or a lost sign-in stops it until the user signs in again (the outbox is kept), unless
 * the administrator ordered the device wiped: then the loop ends and `onWipeOrder` erases everything.
 *
 * Invariant: the engine never touches the outbox or local rows itself; SyncClient does, under its rules.
 */
import { isLocked } from '../db/crypto/locked';
import { liveQuery, type Subscription } from 'dexie';
import { ENDPOINTS, SYNC_AFTER_WRITE_MS, SYNC_INTERVAL_MS, SyncEvent, fullJitterBackoffMs } from '../../shared/sync/protocol';
import type { CareRoundsDb } from '../db/db';
import { SyncClient, SyncFailure, type FailureCode, type FetchLike, type SyncClientOptions, type SyncProgress, type TokenProvider } from './client';
import { readState, setProblem } from './state';
import type { SyncProblemCode } from './types';
import type { WipeOrder } from './wipe';

export type SyncPhase = 'idle' | 'syncing' | 'retrying' | 'stopped';

export interface SyncSnapshot {
  phase: SyncPhase;
  lastSyncAt: string | null;
  problem: SyncProblemCode | null;
  /** The last transient failure (shown while retrying). */
  lastError: FailureCode | null;
  retryAt: number | null;
  progress: SyncProgress | null;
}

export interface SyncEngineOptions extends Pick<SyncClientOptions, 'db' | 'pullDb' | 'baseUrl' | 'tokens' | 'fetch' | 'now'> {
  random?: () => number;
  /** Event source for `online` (window in the app). */
  target?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  /** Whether to open the change-event stream (default true). */
  events?: boolean;
  /** False while the system reports no network (navigator.onLine); automatic runs wait for `online`. */
  isOnline?: () => boolean;
  /**
   * Obeys an administrator's wipe order (wipe.ts wipeDevice, then the wiped screen). Without it an order is
   * handled as a plain revocation: the loop stops, the data stays.
   */
  onWipeOrder?: (order: WipeOrder) => Promise<void>;
}

/** Problems that only a new sign-in (or an app update) clears: timers do not retry them. */
const NEEDS_USER: ReadonlySet<SyncProblemCode> = new Set(['device_revoked', 'signed_out', 'schema_too_old', 'server_state_lost']);
const SCHEMA_RETRY_MS = 60 * 60 * 1000;

export class SyncEngine {
  readonly client: SyncClient;
  private readonly db: CareRoundsDb;
  private readonly baseUrl: string;
  private readonly tokens: TokenProvider;
  private readonly fetchFn: FetchLike;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly target: SyncEngineOptions['target'];
  private readonly useEvents: boolean;
  private readonly isOnline: () => boolean;
  private readonly onWipeOrder: SyncEngineOptions['onWipeOrder'];
  private snapshot: SyncSnapshot = { phase: 'idle', lastSyncAt: null, problem: null, lastError: null, retryAt: null, progress: null };
  private readonly listeners = new Set<() => void>();
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private writeTimer: ReturnType<typeof setTimeout> | undefined;
  private interval: ReturnType<typeof setInterval> | undefined;
  private outboxSub: Subscription | undefined;
  private events: AbortController | undefined;
  private problemAt = 0;
  private started = false;

  constructor(o: SyncEngineOptions) {
    this.db = o.db;
    this.baseUrl = o.baseUrl.replace(/\/+$/, '');
    this.tokens = o.tokens;
    this.fetchFn = o.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.now = o.now ?? Date.now;
    this.random = o.random ?? Math.random;
    this.target = o.target;
    this.useEvents = o.events ?? true;
    this.isOnline = o.isOnline ?? (() => typeof navigator === 'undefined' || navigator.onLine !== false);
    this.onWipeOrder = o.onWipeOrder;
    this.client = new SyncClient({
      db: o.db,
      baseUrl: o.baseUrl,
      tokens: o.tokens,
      fetch: this.fetchFn,
      now: this.now,
      ...(o.pullDb ? { pullDb: o.pullDb } : {}),
      onProgress: (p) => this.set({ progress: p }),
    });
  }

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  getSnapshot = (): SyncSnapshot => this.snapshot;

  private set(patch: Partial<SyncSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const fn of this.listeners) fn();
  }

  private readonly onOnline = (): void => {
    this.attempt = 0;
    void this.run('online');
  };

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const [last, problem] = await Promise.all([readState(this.db, 'lastSync'), readState(this.db, 'problem')]);
    this.set({ lastSyncAt: last?.at ?? null, problem: problem?.code ?? null, phase: problem ? 'stopped' : 'idle' });
    if (problem) this.problemAt = Date.parse(problem.at) || 0;
    this.target?.addEventListener('online', this.onOnline);
    this.interval = setInterval(() => void this.run('interval'), SYNC_INTERVAL_MS);
    let lastCount = -1;
    this.outboxSub = liveQuery(() => this.db.outbox.count()).subscribe({
      next: (count) => {
        if (lastCount >= 0 && count > lastCount) this.afterWrite();
        lastCount = count;
      },
      error: () => undefined,
    });
    if (this.useEvents) this.openEvents();
    // A problem that needs the user (revoked, signed out) is not retried at start; anything else is.
    void this.run('start');
  }

  stop(): void {
    this.started = false;
    this.target?.removeEventListener('online', this.onOnline);
    if (this.interval !== undefined) clearInterval(this.interval);
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    if (this.writeTimer !== undefined) clearTimeout(this.writeTimer);
    this.outboxSub?.unsubscribe();
    this.events?.abort();
  }

  private afterWrite(): void {
    if (this.writeTimer !== undefined) clearTimeout(this.writeTimer);
    this.writeTimer = setTimeout(() => void this.run('write'), SYNC_AFTER_WRITE_MS);
  }

  /**
   * The user signed in again after the server ended the session (the sign-in already cleared the stored
   * problem): the loop forgets it and syncs at once.
   */
  signedInAgain(): Promise<void> {
    this.problemAt = 0;
    this.set({ phase: 'idle', problem: null, lastError: null });
    return this.syncNow();
  }

  /** The app was unlocked: a run that stopped at the locked records goes on (problems that need the user still wait). */
  resume(): void {
    this.attempt = 0;
    void this.run('online');
  }

  /** "Sync now": always tries, whatever stopped the loop before. */
  syncNow(): Promise<void> {
    this.attempt = 0;
    return this.run('manual');
  }

  private blocked(reason: string): boolean {
    const p = this.snapshot.problem;
    if (p === null || reason === 'manual') return false;
    if (p === 'schema_too_new') return this.now() - this.problemAt < SCHEMA_RETRY_MS;
    if (NEEDS_USER.has(p)) return reason !== 'start' || p === 'device_revoked' || p === 'signed_out';
    return reason === 'interval' || reason === 'event';
  }

  private async run(reason: 'start' | 'online' | 'write' | 'interval' | 'event' | 'manual' | 'retry'): Promise<void> {
    if (!this.started || this.blocked(reason)) return;
    // Offline, an automatic attempt can only fail and grow the backoff; `online` starts the next one.
    // "Sync now" still tries: onLine can be false on a network the system misjudges.
    if (reason !== 'manual' && !this.isOnline()) {
      if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
      this.attempt = 0;
      this.set({ phase: 'idle', retryAt: null, progress: null });
      return;
    }
    if (reason !== 'retry' && this.snapshot.phase === 'retrying' && reason !== 'manual' && reason !== 'online') return;
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.set({ phase: 'syncing', retryAt: null });
    try {
      await this.client.syncNow();
      this.attempt = 0;
      const last = await readState(this.db, 'lastSync');
      this.set({ phase: 'idle', lastSyncAt: last?.at ?? null, problem: null, lastError: null, progress: null });
    } catch (err) {
      if (isLocked(err)) {
        // A sealed database while the app is locked (docs/security.md §3 "Records at rest"): nothing was
        // written; the run waits for the unlock (`resume`), no error is shown and no retry is timed.
        this.set({ phase: 'idle', progress: null });
        return;
      }
      const failure = err instanceof SyncFailure ? err : new SyncFailure('network', err instanceof Error ? err.message : String(err));
      const order = failure.code === 'device_revoked' ? failure.detail?.wipe : undefined;
      if (order !== undefined && this.onWipeOrder) {
        // Nothing more is sent or stored: the loop ends for good, then every store is erased.
        this.stop();
        this.set({ phase: 'stopped', problem: 'device_revoked', lastError: failure.code, progress: null });
        // Should the erasure itself fail, the order stays on the server: the next start gets it again.
        await this.onWipeOrder(order).catch((wipeErr: unknown) => console.error('the wipe order could not be carried out', wipeErr));
        return;
      }
      if (failure.retryable) {
        const wait = Math.max(fullJitterBackoffMs(this.attempt, this.random), failure.retryAfterMs ?? 0);
        this.attempt++;
        this.retryTimer = setTimeout(() => void this.run('retry'), wait);
        this.set({ phase: 'retrying', lastError: failure.code, retryAt: this.now() + wait, progress: null });
        return;
      }
      const problem = failure.problem;
      this.problemAt = this.now();
      await setProblem(this.db, problem, this.problemAt);
      this.set({ phase: 'stopped', problem, lastError: failure.code, progress: null });
    }
  }

  // -------------------------------------------------------------------------------------------------------
  // Change events (§7)

  private openEvents(): void {
    const ctrl = new AbortController();
    this.events = ctrl;
    void this.eventsLoop(ctrl.signal);
  }

  private async eventsLoop(signal: AbortSignal): Promise<void> {
    let attempt = 0;
    let debounce: ReturnType<typeof setTimeout> | undefined;
    const poke = () => {
      if (debounce !== undefined) clearTimeout(debounce);
      debounce = setTimeout(() => void this.run('event'), 150);
    };
    while (!signal.aborted) {
      if (!this.isOnline()) {
        await sleep(2000, signal);
        continue;
      }
      try {
        const token = this.snapshot.problem !== null && NEEDS_USER.has(this.snapshot.problem) ? null : await this.tokens.accessToken();
        if (token !== null) {
          const res = await this.fetchFn(this.baseUrl + ENDPOINTS.events.path, { headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' }, signal, cache: 'no-store' });
          if (res.status === 401) await this.tokens.refresh();
          else if (res.ok && res.body) {
            attempt = 0;
            await readEvents(res.body, signal, poke);
          }
        }
      } catch {
        // dropped or refused: reconnect below
      }
      if (signal.aborted) break;
      await sleep(Math.max(1000, fullJitterBackoffMs(attempt++, this.random)), signal);
    }
    if (debounce !== undefined) clearTimeout(debounce);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

/** Reads a text/event-stream body, calling `onChanged` for every valid `changed` event. */
export async function readEvents(body: ReadableStream<Uint8Array>, signal: AbortSignal, onChanged: (seq: number) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const abort = () => void reader.cancel().catch(() => undefined);
  signal.addEventListener('abort', abort);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      for (;;) {
        const m = /\r?\n\r?\n/.exec(buffer);
        if (!m) break;
        const block = buffer.slice(0, m.index);
        buffer = buffer.slice(m.index + m[0].length);
        let event = 'message';
        let data = '';
        for (const line of block.split(/\r?\n/)) {
          if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data += line.slice(5).trim();
        }
        if (event !== 'changed') continue;
        try {
          const parsed = SyncEvent.safeParse(JSON.parse(data));
          if (parsed.success) onChanged(parsed.data.seq);
        } catch {
          // a malformed event is ignored; the interval sync covers it
        }
      }
    }
  } finally {
    signal.removeEventListener('abort', abort);
  }
}
