/**
 * What the app knows about its read models right now, for the UI: being checked, being rebuilt (with
 * progress), ready, or failed. One process-wide value with subscribers (React reads it with
 * useSyncExternalStore), set only by checkAndRepair and rebuildWithStatus.
 *
 * Invariant: a rebuild started while another runs waits for it and then runs (so a rebuild asked for after
 * a change always covers that change); the status shows the latest one.
 */
import type { CareRoundsDb } from '../db';
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

/** The start-up check: rebuilds what cannot be trusted (see rebuild.ts). */
export function checkAndRepair(db: CareRoundsDb): Promise<void> {
  return queue(async () => {
    set({ phase: 'checking' });
    const check = await ensureReadModels(db, { onProgress });
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
