/**
 * Sign-in to the municipal server (#/settings/server) and the header's sync status line ("sync now", last
 * sync, changes waiting, problems). Completion of a sync is read from the device's own IndexedDB (the
 * `lastSync` row and the outbox), not from timing, so a test waits exactly as long as the sync takes.
 */
import { E2E_PIN } from '../support/pin';
import type { Locator, Page } from 'playwright-core';
import { rawGetAll } from '../support/idb';
import { until, type UntilOptions } from '../support/wait';
import { translator, type Locale, type Translate } from './AppShell';

export const APP_DB = 'carerounds';

/** The PIN every e2e sign-in sets (not trivial, so the app accepts it). */
export { E2E_PIN };

/**
 * Waits until `target` shows, setting the PIN (first sign-in here) or unlocking with it (after a reload) if
 * the app lock comes first.
 */
export async function passLock(page: Page, target: Locator): Promise<void> {
  const setUp = page.getByTestId('lock-set-up');
  const locked = page.getByTestId('lock-screen');
  await target.or(setUp).or(locked).first().waitFor();
  if (await setUp.isVisible()) {
    await page.getByTestId('lock-new-pin').fill(E2E_PIN);
    await page.getByTestId('lock-new-pin-confirm').fill(E2E_PIN);
    await page.getByTestId('lock-set-pin').click();
  } else if (await locked.isVisible()) {
    await unlock(page);
  }
}

/** Unlocks the app with E2E_PIN and waits for the lock screen to go. */
export async function unlock(page: Page, pin: string = E2E_PIN): Promise<void> {
  await page.getByTestId('lock-unlock-secret').fill(pin);
  await page.getByTestId('lock-unlock-submit').click();
  await page.getByTestId('lock-screen').waitFor({ state: 'detached' });
}

export interface OutboxRow {
  mid: number;
  table: string;
  recordId: string;
  op: string;
  fields: Record<string, unknown>;
  hlc: string;
  baseSeq: number;
}

/** The device's unsent changes, oldest first (raw IndexedDB, not through the app). */
export async function outboxRows(page: Page): Promise<OutboxRow[]> {
  const rows = (await rawGetAll(page, APP_DB, 'outbox')) as OutboxRow[];
  return rows.sort((a, b) => a.mid - b.mid);
}

/** A row of the syncState store by key, or undefined. */
export async function syncStateRow(page: Page, key: string): Promise<Record<string, unknown> | undefined> {
  const rows = (await rawGetAll(page, APP_DB, 'syncState')) as { key: string }[];
  return rows.find((r) => r.key === key) as Record<string, unknown> | undefined;
}

/** The device id the server gave this browser at sign-in. */
export async function signedInDeviceId(page: Page): Promise<string> {
  const row = (await syncStateRow(page, 'session')) as { session?: { deviceId?: string } } | undefined;
  const id = row?.session?.deviceId;
  if (!id) throw new Error('not signed in: no session row in syncState');
  return id;
}

export class SignInPage {
  readonly form: Locator;
  readonly username: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  readonly error: Locator;
  readonly signedIn: Locator;
  readonly t: Translate;

  constructor(
    readonly page: Page,
    readonly locale: Locale = 'th',
  ) {
    this.t = translator(locale);
    this.form = page.getByTestId('sign-in-form');
    this.username = page.getByTestId('sign-in-username');
    this.password = page.getByTestId('sign-in-password');
    this.submit = page.getByTestId('sign-in-submit');
    this.error = page.getByTestId('sign-in-error');
    this.signedIn = page.getByTestId('signed-in');
  }

  /** Goes to the server settings and waits for the sign-in form (shown once the same-origin server is found). */
  static async open(page: Page, locale: Locale = 'th'): Promise<SignInPage> {
    await page.evaluate(() => {
      window.location.hash = '#/settings/server';
    });
    const p = new SignInPage(page, locale);
    await p.form.waitFor();
    return p;
  }

  async fill(username: string, password: string): Promise<void> {
    await this.username.fill(username);
    await this.password.fill(password);
  }

  /**
   * Signs in and waits for the signed-in card and the end of the first sync. A first sign-in on this browser
   * sets the app lock's PIN (E2E_PIN) on the way.
   */
  async signIn(username: string, password: string): Promise<SyncBar> {
    await this.fill(username, password);
    await this.submit.click();
    await passLock(this.page, this.signedIn);
    await this.signedIn.waitFor();
    const bar = new SyncBar(this.page, this.locale);
    await bar.waitForFirstSync();
    return bar;
  }

  /** Submits and waits for the error line; returns its code and text. */
  async signInExpectingError(username: string, password: string): Promise<{ code: string | null; text: string }> {
    await this.fill(username, password);
    await this.submit.click();
    await this.error.waitFor();
    return { code: await this.error.getAttribute('data-code'), text: await this.error.innerText() };
  }
}

export class SyncBar {
  readonly status: Locator;
  readonly syncNowButton: Locator;
  readonly t: Translate;

  constructor(
    readonly page: Page,
    readonly locale: Locale = 'th',
  ) {
    this.t = translator(locale);
    this.status = page.getByTestId('sync-status');
    this.syncNowButton = page.getByTestId('sync-now');
  }

  /** data-state: 'local', 'idle', 'syncing', 'retrying', 'stopped' or a problem code. */
  async state(): Promise<string | null> {
    return this.status.getAttribute('data-state');
  }

  async text(): Promise<string> {
    return (await this.status.innerText()).trim();
  }

  async lastSyncAt(): Promise<string | null> {
    const row = (await syncStateRow(this.page, 'lastSync')) as { at?: string } | undefined;
    return row?.at ?? null;
  }

  async waitForState(state: string, opts?: UntilOptions): Promise<void> {
    await until(`sync state "${state}"`, () => this.state(), (s) => s === state, opts);
  }

  /** After sign-in: the first sync has finished (a lastSync row exists and the loop is idle). */
  async waitForFirstSync(opts?: UntilOptions): Promise<void> {
    await until(
      'the first sync',
      async () => ({ state: await this.state(), last: await this.lastSyncAt() }),
      (s) => s.state === 'idle' && s.last !== null,
      opts,
    );
  }

  /**
   * Presses "sync now" (waiting while a sync already runs) and waits until a sync that started after the
   * press has completed: lastSync moved on, the loop is idle and the outbox is empty.
   */
  async syncNow(opts?: UntilOptions): Promise<void> {
    await this.syncNowButton.waitFor();
    await until('sync now enabled', () => this.syncNowButton.isEnabled(), (e) => e, opts);
    const before = await this.lastSyncAt();
    await this.syncNowButton.click();
    await until(
      'a completed sync after pressing "sync now"',
      async () => ({ state: await this.state(), last: await this.lastSyncAt(), outbox: (await outboxRows(this.page)).length }),
      (s) => s.state === 'idle' && s.last !== null && s.last !== before && s.outbox === 0,
      opts,
    );
  }

  /** Syncs until `probe` holds (another device's change may reach the server a moment later). */
  async syncUntil<T>(what: string, probe: () => Promise<T>, accept: (v: T) => boolean, attempts = 5): Promise<T> {
    let last: T | undefined;
    for (let i = 0; i < attempts; i++) {
      await this.syncNow();
      last = await probe();
      if (accept(last)) return last;
    }
    throw new Error(`after ${attempts} syncs still waiting for ${what}; last seen: ${JSON.stringify(last)}`);
  }
}
