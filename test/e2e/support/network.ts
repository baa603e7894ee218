/**
 * Taking a device (browser context) offline and back, and telling the console errors the BROWSER logs
 * because of it from the app's own errors.
 *
 * While the network is emulated offline Chromium logs "Failed to load resource: net::ERR_INTERNET_DISCONNECTED"
 * for every request that fails, and page code cannot suppress that line. Two kinds of request fail then:
 * the page icon (/favicon.png, re-requested by Chromium itself after in-app navigations) and the sync
 * engine's own attempts (/sync/push, /sync/pull, /sync/events, /auth/refresh, /audit/views (the upload of
 * recorded page openings), and /directory, fetched at the end of every run: a sync 2 s after a local write, the interval, and their backoff retries; the engine does
 * not consult navigator.onLine, it finds out by trying, and a run under way when the network drops finishes
 * with whatever request it was on), and the app's page itself (/) when it is reloaded offline: the app-shell worker tries the network
 * first and then answers from its cache (renderer/sw/worker.ts). Those are expected; `unexpectedErrors` drops exactly that message for exactly those same-origin
 * paths, and only on a device this test took offline. Anything else is reported.
 */
import type { BrowserContext, Page } from 'playwright-core';

const OFFLINE_FAILURE = /^console: Failed to load resource: net::ERR_INTERNET_DISCONNECTED \(https?:\/\/[^/]+(\/[^?)]*)(?:\?[^)]*)?\)$/;
const EXPECTED_OFFLINE_PATHS: ReadonlySet<string> = new Set(['/', '/favicon.png', '/sync/push', '/sync/pull', '/sync/events', '/auth/refresh', '/audit/views', '/directory']);

function isExpectedOfflineFailure(error: string): boolean {
  const m = OFFLINE_FAILURE.exec(error);
  return m !== null && EXPECTED_OFFLINE_PATHS.has(m[1] ?? '');
}

export class NetworkSwitch {
  private wentOffline = false;

  constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly errors: string[],
  ) {}

  /**
   * Cuts the network and waits until the page sees it (navigator.onLine). First waits for the app to finish
   * its first load: the pages it loads on demand are fetched in idle time after the first screen
   * (renderer/app/lazy.tsx), and a device that goes offline after that can open every page.
   */
  async offline(): Promise<void> {
    await this.page.waitForFunction(() => document.documentElement.dataset.parts === 'loaded', undefined, { timeout: 30_000 });
    this.wentOffline = true;
    await this.context.setOffline(true);
    await this.page.waitForFunction(() => !navigator.onLine);
  }

  /** Restores the network (the page gets its `online` event). */
  async online(): Promise<void> {
    await this.context.setOffline(false);
    await this.page.waitForFunction(() => navigator.onLine);
  }

  /**
   * `errors` without the expected offline request failures (see the header). No time window is needed:
   * ERR_INTERNET_DISCONNECTED is only ever logged for a request made while offline (and its console line
   * may reach the test a moment after the network is back).
   */
  unexpectedErrors(): string[] {
    return this.wentOffline ? this.errors.filter((e) => !isExpectedOfflineFailure(e)) : [...this.errors];
  }
}
