/**
 * One Chromium per suite file, one fresh BrowserContext (= fresh IndexedDB, sessionStorage, localStorage)
 * per test. `useBrowser()` registers the hooks; `open()` gives the test the app, and every context a test
 * opened is closed after it, pass or fail.
 */
import { afterAll, afterEach, beforeAll, inject } from 'vitest';
import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';
import { openApp, type OpenedApp } from './app';
import { launchChromium, newIsolatedContext } from './chromium';

export interface AppSession extends OpenedApp {
  context: BrowserContext;
  baseUrl: string;
}

export interface BrowserFixture {
  /** A fresh context with the app opened (at `path`, e.g. '#/residents/new'). */
  open(opts?: { path?: string; context?: BrowserContextOptions }): Promise<AppSession>;
  /** A fresh context without a page, for tests that prepare the origin before the app runs. */
  newContext(opts?: BrowserContextOptions): Promise<BrowserContext>;
  readonly baseUrl: string;
}

export function useBrowser(): BrowserFixture {
  const baseUrl = inject('baseUrl');
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await browser?.close();
  });

  const newContext = async (opts: BrowserContextOptions = {}) => {
    if (!browser) throw new Error('browser not launched (useBrowser must be called at the top of a describe)');
    const context = await newIsolatedContext(browser, opts);
    contexts.push(context);
    return context;
  };

  return {
    baseUrl,
    newContext,
    async open(opts = {}) {
      const context = await newContext(opts.context);
      const app = await openApp(context, baseUrl, opts.path === undefined ? {} : { path: opts.path });
      return { ...app, context, baseUrl };
    },
  };
}
