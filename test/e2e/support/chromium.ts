/**
 * Debian's Chromium driven by playwright-core (no Playwright browser download). Every test gets its own
 * BrowserContext: a fresh context has its own storage, so IndexedDB never leaks between tests.
 */
import { accessSync, constants } from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type LaunchOptions } from 'playwright-core';

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** CHROMIUM_PATH, else the first of chromium / chromium-browser / google-chrome found on PATH. */
export function resolveChromium(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env.CHROMIUM_PATH;
  if (explicit) {
    if (!isExecutable(explicit)) throw new Error(`CHROMIUM_PATH=${explicit} is not an executable file`);
    return explicit;
  }
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const name of CANDIDATES) {
    for (const dir of dirs) {
      const file = path.join(dir, name);
      if (isExecutable(file)) return file;
    }
  }
  throw new Error(
    'No Chromium found: set CHROMIUM_PATH or install it (Debian/Ubuntu: `sudo apt-get install chromium`; ' +
      '`bash scripts/install-system-deps.sh` does this). Looked for ' + CANDIDATES.join(', ') + ' on PATH.',
  );
}

export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox', // containers and CI run as root without user namespaces
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export async function launchChromium(opts: Omit<LaunchOptions, 'executablePath' | 'headless'> = {}): Promise<Browser> {
  return chromium.launch({
    ...opts,
    executablePath: resolveChromium(),
    headless: true,
    args: [...CHROMIUM_ARGS, ...(opts.args ?? [])],
  });
}

/** A fresh context (fresh IndexedDB) set up like a Thai office PC: th-TH, Bangkok time, 1366×768. */
export async function newIsolatedContext(browser: Browser, opts: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({
    locale: 'th-TH',
    timezoneId: 'Asia/Bangkok',
    viewport: { width: 1366, height: 768 },
    ...opts,
  });
}
