/**
 * The plumbing between the bootstrap's network reader and its writer (bootstrap.ts): the stream cut into
 * lines, a bounded queue, and the gate that keeps parsing out of a transaction's reads.
 *
 * Invariants:
 * - readLines yields only complete lines; a stream that fails or ends inside a line throws BootstrapCut,
 *   so nothing half-received is ever parsed.
 * - Channel.push waits while `capacity` items are queued (back-pressure reaches the network through the
 *   unread stream); next() drains what is queued before it reports the close, or its error.
 */
import { measure } from './timings';

/** The stream ended or failed before its `end` line: resume from the last stored position. */
export class BootstrapCut extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BootstrapCut';
  }
}

/** Yields complete lines; a stream ending inside a line or failing to read throws BootstrapCut. */
export async function* readLines(stream: ReadableStream<Uint8Array>, onBytes: (n: number) => void): AsyncGenerator<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let pieces: string[] = [];
  try {
    for (;;) {
      let r: ReadableStreamReadResult<Uint8Array>;
      const t0 = performance.now();
      try {
        r = await reader.read();
      } catch (err) {
        throw new BootstrapCut(`bootstrap stream failed: ${err instanceof Error ? err.message : String(err)}`);
      }
      measure('bootstrap.network', t0);
      if (r.done) break;
      onBytes(r.value.byteLength);
      let text = decoder.decode(r.value, { stream: true });
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n')) {
        pieces.push(text.slice(0, i));
        yield pieces.join('');
        pieces = [];
        text = text.slice(i + 1);
      }
      if (text !== '') pieces.push(text);
    }
    if (pieces.length > 0 || decoder.decode() !== '') throw new BootstrapCut('bootstrap stream cut inside a line');
  } finally {
    reader.releaseLock();
    void stream.cancel().catch(() => undefined);
  }
}

/** A bounded queue between the network reader and the writer. */
export class Channel<T> {
  private items: T[] = [];
  private error: unknown = null;
  private closed = false;
  private wake: (() => void) | null = null;
  private room: (() => void) | null = null;
  constructor(private readonly capacity: number) {}
  async push(item: T): Promise<void> {
    while (this.items.length >= this.capacity && !this.closed) await new Promise<void>((r) => (this.room = r));
    this.items.push(item);
    this.wake?.();
  }
  close(error: unknown = null): void {
    this.closed = true;
    this.error = error;
    this.wake?.();
  }
  /** The next item; null when closed and drained; throws the close error once drained. */
  async next(): Promise<T | null> {
    for (;;) {
      const item = this.items.shift();
      if (item !== undefined) {
        this.room?.();
        return item;
      }
      if (this.closed) {
        if (this.error !== null) throw this.error;
        return null;
      }
      await new Promise<void>((r) => (this.wake = r));
    }
  }
  /** The writer gave up: let the reader stop. */
  abandon(): void {
    this.closed = true;
    this.room?.();
  }
}

/**
 * Lets the reader parse a line (tens to hundreds of milliseconds of this thread, uninterrupted) only while
 * the writer waits for its writes or for a chunk: not while a transaction's reads are in flight, where each
 * answer the page is too busy to take leaves IndexedDB idle.
 */
export class Gate {
  private isOpen = true;
  private waiters: (() => void)[] = [];
  close(): void {
    this.isOpen = false;
  }
  open(): void {
    this.isOpen = true;
    for (const w of this.waiters.splice(0)) w();
  }
  async pass(): Promise<void> {
    while (!this.isOpen) await new Promise<void>((r) => this.waiters.push(r));
  }
}
