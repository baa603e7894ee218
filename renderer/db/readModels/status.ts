/**
 * What the app knows about its read models right now, for the UI: being checked, being rebuilt (with
 * progress), ready, or failed. One process-wide value with subscribers (React reads it with
 * useSyncExternalStore), set only by checkAndRepair and rebuildWithStatus.
 *
 * Invariant: a rebuild started while another runs waits for it and then runs (so a rebuild asked for after
 * a change always covers that change); the status shows the latest one.
 */
import type { CareRoundsDb } from '../db';
import { isCurrentBuild, READ_MODELS_KEY } from './marker';
import { ensureReadModels, rebuildReadModels, type RebuildProgress } from './rebuild';

export type ReadModelStatus =
  | { phase: 'checking' }
  | { phase: 'rebuilding'; done: number; total: number }
  | { phase: 'ready'; rebuiltAt: string | null }
  | { phase: 'failed'; detail: string };

let status: ReadModelStatus = { phase: 'checking' };
const listeners = new Set<() => void>();
let running: Promise<unknown> = Promise.resolve();

function set(next: ReadModelStatus): void {
  status = next;
  for (const l of listeners) l();
}

export function getReadModelStatus(): ReadModelStatus {
  return status;
}

export function subscribeReadModelStatus(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const onProgress = (p: RebuildProgress): void => set({ phase: 'rebuilding', done: p.done, total: p.total });

function queue<T>(job: () => Promise<T>): Promise<T> {
  const next = running.then(job, job);
  running = next.catch(() => undefined);
  return next;
}

function fail(err: unknown): void {
  set({ phase: 'failed', detail: err instanceof Error ? err.message : String(err) });
}

export interface CheckOptions {
  /**
   * When given, a build whose marker vouches for it is not verified now: `later(run)` is called to run the
   * full check (row counts, a recomputed sample: see rebuild.ts) when it decides. Without it, everything
   * is checked at once.
   */
  verifyLater?: (run: () => void) => void;
  /** True once the caller's store is gone: nothing more is checked or rebuilt through `db` (RebuildOptions.stopped). */
  stopped?: () => boolean;
}

/**
 * The start-up check: rebuilds what cannot be trusted (see rebuild.ts). With `verifyLater`, in two steps
 * (docs/architecture.md, "Trust, rebuild and upgrade"): a build without a current marker is rebuilt at once,
 * since screens wait for it; the full check of a build whose marker vouches for it is left for later. On a
 * full device that check holds IndexedDB for a while (four counts over every resident, twelve residents'
 * records re-read), and every read of the first screens a user opens queues behind it, while screens already
 * trust the marker anyway.
 */
export function checkAndRepair(db: CareRoundsDb, opts: CheckOptions = {}): Promise<void> {
  const { verifyLater, stopped } = opts;
  return queue(async () => {
    if (stopped?.()) return;
    set({ phase: 'checking' });
    if (verifyLater && isCurrentBuild(await db.meta.get(READ_MODELS_KEY))) {
      set({ phase: 'ready', rebuiltAt: null });
      verifyLater(() => void checkAndRepair(db, stopped ? { stopped } : {}));
      return;
    }
    const check = await ensureReadModels(db, { onProgress, ...(stopped ? { stopped } : {}) });
    if (stopped?.()) return;
    set({ phase: 'ready', rebuiltAt: check.ok ? null : new Date().toISOString() });
  }).catch(fail);
}

/** The Settings button: rebuilds every read model from the records. */
export function rebuildWithStatus(db: CareRoundsDb): Promise<void> {
  return queue(async () => {
    await rebuildReadModels(db, { onProgress });
    set({ phase: 'ready', rebuiltAt: new Date().toISOString() });
  }).catch(fail);
}
