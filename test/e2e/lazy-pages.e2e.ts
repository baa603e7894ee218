/**
 * The pages loaded on demand (renderer/app/lazy.tsx, renderer/app/pages.ts): the first page loads without
 * them; after the first load every one of them (the resident's profile among them) opens offline; a page whose code could not be fetched shows
 * a Thai error with a retry that works once the connection is back.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { NetworkSwitch } from './support/network';
import { useBrowser } from './support/session';
import { translator } from './pages/AppShell';

const th = translator('th');

function go(page: Page, hash: string): Promise<void> {
  return page.evaluate((h) => {
    window.location.hash = h;
  }, hash);
}

describe('pages loaded on demand', () => {
  const app = useBrowser();

  it('the register opens without the on-demand chunk, and every page opens offline after the first load', async () => {
    const { page, errors, context } = await app.open();
    // The on-demand chunks (the profile's and the other pages') are fetched after the first page was painted:
    // they were not part of the first load. (The profile's starts right after the register's first paint, so
    // it may already be there when open() returns: compared with the first paint, not with open().)
    await page.waitForFunction(() => document.documentElement.dataset.parts === 'loaded', undefined, { timeout: 30_000 });
    const { firstPaint, scripts } = await page.evaluate(() => ({
      firstPaint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
      scripts: performance
        .getEntriesByType('resource')
        .map((e) => ({ path: new URL(e.name).pathname, start: e.startTime }))
        .filter((e) => e.path.endsWith('.js')),
    }));
    expect(firstPaint).not.toBeNull();
    // A chunk's hash may itself hold '-' or '_' (base64url): the name is what comes before the first '-'. The
    // pages' chunks (vite.config.ts onDemandChunks) are all preloaded; the areas, the demo generator and the
    // English messages are fetched only when used.
    const onDemand = scripts.flatMap((e) => {
      const name = /^\/assets\/(profile|pages|alerts|rounds|admin|settings|reports|en)-[\w-]+\.js$/.exec(e.path)?.[1];
      return name ? [{ ...e, name }] : [];
    });
    expect(onDemand.map((e) => e.name).sort()).toEqual(['admin', 'alerts', 'en', 'pages', 'profile', 'reports', 'rounds', 'settings']);
    expect(onDemand.filter((e) => e.start < (firstPaint ?? 0))).toEqual([]);

    const network = new NetworkSwitch(context, page, errors);
    await network.offline();
    await go(page, '#/settings');
    await page.getByTestId('app-version').waitFor();
    await go(page, '#/alerts');
    await page.getByTestId('alerts-page').waitFor();
    await go(page, '#/conflicts');
    await page.getByTestId('app-ready').waitFor({ state: 'attached' });
    // The profile is on demand too, with its Thai messages: an unknown resident reads as not found, in Thai
    // (a chunk that could not be fetched would show chunk-failed instead).
    await go(page, '#/residents/00000000-0000-4000-8000-000000000000');
    await page.getByText(th('common.notFound')).waitFor();
    expect(await page.getByTestId('chunk-failed').count()).toBe(0);
    expect(network.unexpectedErrors()).toEqual([]);
  });

  it('a page whose chunk cannot be fetched shows an error in Thai, and its retry opens it when the chunk can be fetched again', async () => {
    const context = await app.newContext();
    let block = true;
    // Every on-demand chunk fails, as it would offline before the first load finished (every script but the
    // first chunk, which index.html names).
    await context.route(/\/assets\/(?!index-)[^/]*\.js$/, (route) => (block ? route.abort('internetdisconnected') : route.continue()));
    const page = await context.newPage();
    await page.goto(new URL('#/settings', app.baseUrl).href, { waitUntil: 'load' });
    const failed = page.getByTestId('chunk-failed');
    await failed.waitFor();
    expect(await failed.innerText()).toContain(th('chunk.failed'));
    expect(await page.getByTestId('app-version').count()).toBe(0);

    block = false;
    await page.getByTestId('chunk-retry').click();
    await page.getByTestId('app-version').waitFor();
    expect(await failed.count()).toBe(0);
  });
});
