/**
 * The page's side of the sealing worker (sealWorker.ts): one worker, started at its first use, asked one
 * request at a time per write and answering in order. It is stopped at every lock (what it was sealing fails
 * with `locked`), and given up for good if it cannot start or fails: the sealer then seals on the page's
 * thread, as it does where there is no Worker at all (tests in Node).
 */
import { LockedError } from '../../lock/keyring';
import type { SealLayout, SealReply, SealRequest } from './sealRecord';

interface Waiting {
  resolve: (rows: Record<string, unknown>[]) => void;
  reject: (err: Error) => void;
}

export class SealWorkerClient {
  private worker: Worker | null = null;
  private broken = typeof Worker === 'undefined';
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();

  /** Whether a request may be sent (false once the worker failed, and where there is no Worker). */
  get usable(): boolean {
    return !this.broken;
  }

  seal(layout: SealLayout, rows: readonly object[], key: CryptoKey, searchKey: CryptoKey | null): Promise<Record<string, unknown>[]> {
    const worker = this.start();
    if (worker === null) return Promise.reject(new Error('the sealing worker is not available'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      const request: SealRequest = { id, layout, rows: [...rows], key, searchKey };
      try {
        worker.postMessage(request);
      } catch (err) {
        this.waiting.delete(id);
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  /** Ends the worker; what it was sealing fails with `locked` (the lock is why it stops). */
  stop(): void {
    this.worker?.terminate();
    this.worker = null;
    this.failAll(new LockedError());
  }

  private start(): Worker | null {
    if (this.broken) return null;
    if (this.worker !== null) return this.worker;
    let worker: Worker;
    try {
      worker = new Worker(new URL('./sealWorker.ts', import.meta.url), { type: 'module', name: 'sealer' });
    } catch {
      this.broken = true;
      return null;
    }
    worker.onmessage = (e: MessageEvent<SealReply>) => {
      const reply = e.data;
      const w = this.waiting.get(reply.id);
      if (w === undefined) return;
      this.waiting.delete(reply.id);
      if (reply.ok) w.resolve(reply.rows);
      else w.reject(new Error(`sealing worker: ${reply.message}`));
    };
    worker.onerror = (e) => {
      e.preventDefault();
      this.broken = true;
      worker.terminate();
      if (this.worker === worker) this.worker = null;
      this.failAll(new Error(`sealing worker: ${e.message || 'it did not start'}`));
    };
    this.worker = worker;
    return worker;
  }

  private failAll(err: Error): void {
    const all = [...this.waiting.values()];
    this.waiting.clear();
    for (const w of all) w.reject(err);
  }
}
