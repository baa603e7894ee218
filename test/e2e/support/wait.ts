/**
 * Polling for states that no single selector expresses (a count reaching a number, a value settling).
 * Page objects use it instead of fixed sleeps: it returns as soon as the condition holds and fails with the
 * last observed value, so a timeout says what the page showed.
 */
import type { Locator } from 'playwright-core';

export interface UntilOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

/** Calls `probe` until `accept(value)` holds; returns that value. */
export async function until<T>(what: string, probe: () => Promise<T>, accept: (value: T) => boolean, opts: UntilOptions = {}): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const intervalMs = opts.intervalMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await probe();
      lastError = undefined;
      if (accept(last)) return last;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const seen = lastError !== undefined ? `error ${String(lastError)}` : JSON.stringify(last);
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${seen}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * `region` once its data was read: pages mark a list or form that is still reading with aria-busy="true"
 * (what assistive technology is told too), so a page object counts or reads it only after that.
 */
export async function waitForRead(region: Locator): Promise<void> {
  await region.and(region.page().locator('[aria-busy="false"]')).waitFor({ state: 'attached' });
}
