/**
 * axe-core in a page of the served app. The app's CSP (`script-src 'self'`, docs/security.md) refuses an
 * injected <script> (Playwright's addScriptTag), so axe's source is evaluated through DevTools
 * (`page.evaluate`), which the CSP does not govern, like test/e2e/support/appModule.ts does. Nothing is
 * added to the app or its build.
 *
 * `seriousViolations` runs every rule axe has for WCAG 2.x A/AA plus its best practices and returns the
 * violations of impact serious or critical, each with its rule, impact and the nodes it found, so a failing
 * test says what to fix and where.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, ImpactValue, RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
let source: string | undefined;
function axeSource(): string {
  source ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  return source;
}

export interface FoundViolation {
  id: string;
  impact: ImpactValue | null;
  help: string;
  nodes: { target: string; html: string; summary: string }[];
}

const RUN_OPTIONS: RunOptions = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
  resultTypes: ['violations'],
};

/** Every violation axe finds on the page as it is now. */
export async function axeViolations(page: Page): Promise<FoundViolation[]> {
  const loaded = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.evaluate(axeSource());
  const results = await page.evaluate(async (options) => {
    const axe = (globalThis as unknown as { axe: { run(ctx: Document, o: unknown): Promise<unknown> } }).axe;
    return JSON.parse(JSON.stringify(await axe.run(document, options))) as unknown;
  }, RUN_OPTIONS);
  return (results as AxeResults).violations.map((v) => ({
    id: v.id,
    impact: v.impact ?? null,
    help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(' '), html: n.html.slice(0, 200), summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 300) })),
  }));
}

export function isSerious(v: FoundViolation): boolean {
  return v.impact === 'serious' || v.impact === 'critical';
}

/** The violations of impact serious or critical. */
export async function seriousViolations(page: Page): Promise<FoundViolation[]> {
  return (await axeViolations(page)).filter(isSerious);
}

/** One line per rule and node, for a failure message. */
export function describeViolations(page: string, found: readonly FoundViolation[]): string {
  return found
    .map((v) => `${page}: ${v.id} (${v.impact ?? '?'}) ${v.help}\n${v.nodes.map((n) => `    ${n.target}  ${n.html}\n      ${n.summary}`).join('\n')}`)
    .join('\n');
}
