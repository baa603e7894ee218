/**
 * One browser context per benchmark run whose `carerounds` database holds the generated register (seeded by
 * seedBrowserDb). Seeding 10,000 residents with their assessments and outbox entries takes tens of seconds,
 * so the register benchmarks share one context instead of seeding their own; the context closes with the
 * browser at the end of the run.
 *
 * Sharing is safe in any order: the benchmarks only read, except resident.save, which adds a few dozen
 * residents (the others report the count they saw).
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { newIsolatedContext } from '../e2e/support/chromium';
import { seedBrowserDb, type SeedResult } from './seed-browser';

export interface SeededContext {
  context: BrowserContext;
  seed: SeedResult;
  /** The app's URL. */
  appUrl: string;
}

const contexts = new WeakMap<Browser, Map<string, Promise<SeededContext>>>();

async function create(browser: Browser, appUrl: string, residents: number): Promise<SeededContext> {
  const context = await newIsolatedContext(browser);
  try {
    const page = await context.newPage();
    const started = performance.now();
    const seed = await seedBrowserDb(page, { residents, baseUrl: appUrl });
    console.error(
      `[bench] seeded ${seed.residents} residents, ${seed.assessments} assessments, ${seed.outbox} outbox entries in ` +
        `${Math.round(performance.now() - started)} ms (Node bulk load ${Math.round(seed.timings.nodeBulkMs)} ms, copy ${Math.round(seed.timings.copyMs)} ms)`,
    );
    await page.close();
    return { context, seed, appUrl };
  } catch (err) {
    await context.close();
    throw err;
  }
}

/** The shared seeded context of this browser (created on first use). */
export function seededContext(browser: Browser, appUrl: string, residents = 10_000): Promise<SeededContext> {
  let byKey = contexts.get(browser);
  if (!byKey) {
    byKey = new Map();
    contexts.set(browser, byKey);
  }
  const key = `${appUrl}|${residents}`;
  let ctx = byKey.get(key);
  if (!ctx) {
    ctx = create(browser, appUrl, residents);
    byKey.set(key, ctx);
    const map = byKey;
    ctx.catch(() => map.delete(key)); // a failed seed is retried by the next benchmark
  }
  return ctx;
}
