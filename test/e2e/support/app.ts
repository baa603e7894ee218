/**
 * Opens the served app in a context and waits until the shell reports the database open
 * (`[data-testid="app-ready"]`). Console errors and uncaught page errors are collected so a test can end
 * with `expect(app.errors).toEqual([])`.
 */
import type { BrowserContext, Page } from 'playwright-core';

export interface OpenedApp {
  page: Page;
  /** Console `error` messages and uncaught exceptions, in order. */
  errors: string[];
}

export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const url = msg.location().url;
    // Chromium asks for /favicon.ico by itself; the app ships none, and that 404 is not the app's error.
    if (msg.text().startsWith('Failed to load resource') && /\/favicon\.ico$/.test(url)) return;
    errors.push(`console: ${msg.text()}${url ? ` (${url})` : ''}`);
  });
  page.on('pageerror', (err) => {
    errors.push(`pageerror: ${err.message}`);
    // E2E_STACKS=1 prints where a page error came from (the list above keeps only its message).
    if (process.env.E2E_STACKS) console.error('PAGEERROR', err.stack);
  });
  return errors;
}

export async function openApp(context: BrowserContext, baseUrl: string, opts: { path?: string; timeoutMs?: number } = {}): Promise<OpenedApp> {
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(new URL(opts.path ?? '', baseUrl).href, { waitUntil: 'load' });
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached', timeout: opts.timeoutMs ?? 30_000 });
  return { page, errors };
}
