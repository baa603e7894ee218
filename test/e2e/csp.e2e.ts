/**
 * docs/security.md §1: with the app's CSP, an injected inline script, eval(), an injected <style> element and
 * a style attribute in markup do not run or apply, and fetch() to another origin fails; the app's own pages
 * raise no violation. The probe origin is a live local server that answers with permissive CORS, so the
 * fetch would succeed without the CSP; the control case (same probes with bypassCSP) proves the checks
 * can fail.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, newIsolatedContext } from './support/chromium';

interface ProbeResult {
  evalResult: string;
  functionResult: string;
  inlineScriptRan: boolean;
  inlineHandlerRan: boolean;
  fetchResult: string;
  /** An injected <style> element's rule took effect. */
  styleElementApplied: boolean;
  /** A style attribute written in markup took effect. */
  styleAttributeApplied: boolean;
  /** A style set through the CSSOM (what React's `style` prop does) took effect: allowed in both cases. */
  cssomApplied: boolean;
  violations: string[];
}

/** Runs in the page: every probe reports what happened instead of throwing. */
async function probe(page: Page, otherOrigin: string): Promise<ProbeResult> {
  return page.evaluate(async (target: string) => {
    const w = window as unknown as Record<string, unknown>;
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.effectiveDirective} ${e.blockedURI}`));

    // DevTools' Runtime.evaluate (what page.evaluate uses) lifts the eval ban while it runs synchronously
    // (allowUnsafeEvalBlockedByCSP), so the probes run from a later task, as page code would.
    await new Promise((r) => setTimeout(r, 0));

    let evalResult: string;
    try {
      evalResult = `ran:${String(window.eval('1 + 1'))}`;
    } catch (e) {
      evalResult = e instanceof Error ? e.name : String(e);
    }
    let functionResult: string;
    try {
      functionResult = `ran:${String(new Function('return 2 + 2')())}`;
    } catch (e) {
      functionResult = e instanceof Error ? e.name : String(e);
    }

    const script = document.createElement('script');
    script.textContent = 'window.__inlineScriptRan = true;';
    document.body.appendChild(script);

    const img = document.createElement('img');
    img.setAttribute('onerror', 'window.__inlineHandlerRan = true;');
    img.src = 'data:image/png;base64,broken';
    document.body.appendChild(img);

    const probes = document.createElement('div');
    probes.innerHTML = '<span id="csp-style-elem" style="display:inline-block">x</span><span id="csp-style-attr" style="display:inline-block;width:77px">x</span><span id="csp-cssom" style="display:inline-block">x</span>';
    document.body.appendChild(probes);
    const styleEl = document.createElement('style');
    styleEl.textContent = '#csp-style-elem { width: 123px; }';
    document.head.appendChild(styleEl);
    const cssom = document.getElementById('csp-cssom') as HTMLElement;
    cssom.style.width = '55px';
    const widthOf = (id: string) => getComputedStyle(document.getElementById(id) as HTMLElement).width;

    let fetchResult: string;
    try {
      const res = await fetch(target, { cache: 'no-store' });
      fetchResult = `ok:${res.status}:${await res.text()}`;
    } catch (e) {
      fetchResult = e instanceof Error ? e.name : String(e);
    }
    // Wait (for a condition, not a fixed time) until the image's error has run its handler or been refused
    // for it, and the fetch's refusal has been reported if it was refused: violation events come as tasks.
    const settled = (): boolean =>
      (w.__inlineHandlerRan === true || violations.some((v) => v.startsWith('script-src-attr'))) &&
      (widthOf('csp-style-attr') === '77px' || violations.some((v) => v.startsWith('style-src-attr'))) &&
      (fetchResult.startsWith('ok:') || violations.some((v) => v.startsWith('connect-src')));
    const deadline = performance.now() + 5_000;
    while (!settled() && performance.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    return {
      evalResult,
      functionResult,
      inlineScriptRan: w.__inlineScriptRan === true,
      inlineHandlerRan: w.__inlineHandlerRan === true,
      fetchResult,
      styleElementApplied: widthOf('csp-style-elem') === '123px',
      styleAttributeApplied: widthOf('csp-style-attr') === '77px',
      cssomApplied: widthOf('csp-cssom') === '55px',
      violations,
    };
  }, otherOrigin);
}

describe('Content-Security-Policy in Chromium (docs/security.md §1)', () => {
  let browser: Browser;
  let echo: Server;
  let otherOrigin: string;
  const baseUrl = inject('baseUrl');

  beforeAll(async () => {
    // Another origin (different port) that any page may read: only the CSP can stop the fetch.
    echo = createServer((_req, res) => {
      res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'text/plain' });
      res.end('pong');
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    const address = echo.address();
    if (address === null || typeof address === 'string') throw new Error('echo server has no port');
    otherOrigin = `http://127.0.0.1:${address.port}/`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (echo ? echo.close(() => resolve()) : resolve()));
  });

  it('serves the app with a CSP header', async () => {
    const context = await newIsolatedContext(browser);
    try {
      const page = await context.newPage();
      const res = await page.goto(baseUrl, { waitUntil: 'load' });
      const csp = res?.headers()['content-security-policy'] ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).not.toContain('unsafe-eval');
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toMatch(/style-src 'self'(;|$)/);
      expect(csp).toMatch(/worker-src 'self'(;|$)/);
    } finally {
      await context.close();
    }
  });

  it('lets the app-shell worker of its own origin register and take the page, and no other', async () => {
    const context = await newIsolatedContext(browser);
    try {
      const page = await context.newPage();
      await page.goto(baseUrl, { waitUntil: 'load' });
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
      const other = await page.evaluate(async (target: string) => {
        try {
          await navigator.serviceWorker.register(`${target}sw.js`);
          return 'registered';
        } catch (e) {
          return e instanceof Error ? e.name : String(e);
        }
      }, otherOrigin);
      expect(other).toBe('SecurityError');
      expect(await page.evaluate(() => new URL(navigator.serviceWorker.controller?.scriptURL ?? '').pathname)).toBe('/sw.js');
    } finally {
      await context.close();
    }
  });

  it('blocks eval, injected inline script and handlers, and fetch to another origin', async () => {
    const context = await newIsolatedContext(browser);
    try {
      const page = await context.newPage();
      await page.goto(baseUrl, { waitUntil: 'load' });
      const r = await probe(page, otherOrigin);
      expect(r).toEqual({
        evalResult: 'EvalError',
        functionResult: 'EvalError',
        inlineScriptRan: false,
        inlineHandlerRan: false,
        fetchResult: 'TypeError',
        styleElementApplied: false,
        styleAttributeApplied: false,
        cssomApplied: true,
        violations: expect.arrayContaining([
          expect.stringMatching(/^style-src-elem inline/),
          expect.stringMatching(/^style-src-attr inline/),
          expect.stringMatching(/^script-src-elem inline/),
          expect.stringMatching(/^script-src-attr inline/),
          expect.stringMatching(/^script-src eval/),
          expect.stringMatching(new RegExp(`^connect-src ${otherOrigin}`)),
        ]),
      });
    } finally {
      await context.close();
    }
  });

  it('the app itself raises no violation on any page (styles come from its stylesheet and the CSSOM only)', async () => {
    const context = await newIsolatedContext(browser);
    try {
      await context.addInitScript(() => {
        const seen: string[] = [];
        (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
        document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
      });
      const page = await context.newPage();
      await page.goto(baseUrl, { waitUntil: 'load' });
      await page.getByTestId('load-demo').click();
      const row = page.getByTestId('register-row').first();
      await row.waitFor();
      const id = await row.getAttribute('data-resident-id');
      expect(id).toBeTruthy();
      const hashes = ['#/', '#/residents/new', `#/residents/${id}`, `#/residents/${id}/edit`, `#/residents/${id}/visits/new`, `#/residents/${id}/adl/new`, `#/residents/${id}/plans`, '#/alerts', '#/rounds', '#/rounds/coverage', '#/today', '#/reports', '#/settings', '#/settings/server', '#/conflicts', '#/admin', '#/staff'];
      for (const hash of hashes) {
        await page.evaluate((h) => (window.location.hash = h), hash);
        // The page's own heading, once its chunk has loaded and it has rendered.
        await page.waitForLoadState('networkidle');
        await page.locator('main h1:visible').first().waitFor().catch((e: unknown) => {
          throw new Error(`${hash}: no page heading (${String(e)})`);
        });
      }
      // Open a resident's profile charts and a form's error messages too: they style by data, not by markup.
      await page.evaluate((h) => (window.location.hash = h), `#/residents/${id}/edit`);
      await page.locator('main form button[type="submit"]').first().waitFor();
      expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('control: the same probes succeed when the CSP is bypassed, so the checks above can fail', async () => {
    const context = await newIsolatedContext(browser, { bypassCSP: true });
    try {
      const page = await context.newPage();
      await page.goto(baseUrl, { waitUntil: 'load' });
      const r = await probe(page, otherOrigin);
      expect(r).toEqual({
        evalResult: 'ran:2',
        functionResult: 'ran:4',
        inlineScriptRan: true,
        inlineHandlerRan: true,
        fetchResult: 'ok:200:pong',
        styleElementApplied: true,
        styleAttributeApplied: true,
        cssomApplied: true,
        violations: [],
      });
    } finally {
      await context.close();
    }
  });
});
