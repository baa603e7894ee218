/**
 * The admin screen (#/admin) and the server sign-in form it depends on. Users and devices are found by
 * username and device name (data attributes), never by position; field errors by the field's DOM id.
 */
import type { Locator, Page } from 'playwright-core';
import { until } from '../support/wait';
import { translator, type Locale } from './AppShell';
import { passLock } from './SyncPage';

export interface NewUser {
  username: string;
  displayName: string;
  role?: 'caregiver' | 'care_manager' | 'admin';
  password: string;
  communities?: string[];
}

/** Signs in on #/settings/server; resolves with the error code shown, or null once signed in. */
export async function signIn(page: Page, username: string, password: string, deviceName: string, locale: Locale = 'th'): Promise<string | null> {
  await page.evaluate(() => {
    window.location.hash = '#/settings/server';
  });
  const form = page.getByTestId('sign-in-form');
  await form.waitFor();
  await page.getByTestId('sign-in-username').fill(username);
  await page.getByTestId('sign-in-password').fill(password);
  await form.getByLabel(translator(locale)('sync.signIn.deviceName')).fill(deviceName);
  await page.getByTestId('sign-in-submit').click();
  // One wait for whichever screen comes first. A race of two waits left the losing one running: after a
  // refused sign-in its lock wait later met the next sign-in's PIN screen and typed into it alongside.
  const signedIn = page.getByTestId('signed-in');
  const error = page.getByTestId('sign-in-error');
  await signedIn.or(error).or(page.getByTestId('lock-set-up')).or(page.getByTestId('lock-screen')).first().waitFor();
  if (!(await error.isVisible())) {
    // Signed in, the app lock comes first: a first sign-in sets the PIN (passLock).
    await passLock(page, signedIn);
    await signedIn.waitFor();
    return null;
  }
  return error.getAttribute('data-code');
}

export class AdminPage {
  readonly root: Locator;
  readonly notAllowed: Locator;
  readonly offline: Locator;
  readonly notice: Locator;
  readonly createForm: Locator;
  readonly createSubmit: Locator;
  readonly createErrors: Locator;
  readonly reloadButton: Locator;
  readonly navLink: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('admin-page');
    this.notAllowed = page.getByTestId('admin-not-allowed');
    this.offline = page.getByTestId('admin-offline');
    this.notice = page.getByTestId('admin-notice');
    this.createForm = page.getByTestId('admin-create-form');
    this.createSubmit = page.getByTestId('admin-create-submit');
    this.createErrors = page.getByTestId('admin-create-errors');
    this.reloadButton = page.getByTestId('admin-reload');
    this.navLink = page.getByTestId('nav-admin');
  }

  /** Opens the page by its route (as typing the address would) and waits for it to render. */
  static async open(page: Page): Promise<AdminPage> {
    await page.evaluate(() => {
      window.location.hash = '#/admin';
    });
    const admin = new AdminPage(page);
    await admin.root.waitFor();
    return admin;
  }

  /** Users, devices and communities have loaded. */
  async waitLoaded(): Promise<void> {
    await this.createForm.waitFor();
    await this.page.getByTestId('admin-users').waitFor();
  }

  field(name: 'username' | 'displayName' | 'role' | 'password'): Locator {
    return this.page.locator(`#admin-new-${name}`);
  }

  /** The error text under a field, tied to it by id. */
  errorOf(domId: string): Locator {
    return this.page.locator(`#${domId}-error`);
  }

  communityBox(scope: 'new' | 'edit', communityId: string): Locator {
    return this.page.locator(`[data-testid="admin-${scope}-communities-picker"] input[data-community-id="${communityId}"]`);
  }

  async fillNewUser(u: NewUser): Promise<void> {
    await this.field('username').fill(u.username);
    await this.field('displayName').fill(u.displayName);
    await this.field('role').selectOption(u.role ?? 'caregiver');
    await this.field('password').fill(u.password);
    for (const c of u.communities ?? []) await this.communityBox('new', c).check();
  }

  /** Fills and submits; waits for the success notice naming the user. */
  async addUser(u: NewUser): Promise<void> {
    await this.fillNewUser(u);
    await this.createSubmit.click();
    await this.userRow(u.username).waitFor();
    await this.notice.filter({ hasText: u.username }).waitFor();
  }

  userRow(username: string): Locator {
    return this.page.locator(`[data-testid="admin-user-row"][data-username="${username}"]`);
  }

  async resetPassword(username: string, password: string): Promise<string> {
    await this.userRow(username).getByTestId('admin-reset-password').click();
    const form = this.page.getByTestId('admin-password-form');
    await form.getByTestId('admin-password-input').fill(password);
    await form.getByTestId('admin-password-submit').click();
    await form.waitFor({ state: 'detached' });
    return (await this.notice.innerText()).trim();
  }

  async reload(): Promise<void> {
    await this.reloadButton.click();
    await until('admin data reloaded', () => this.reloadButton.isEnabled(), (enabled) => enabled);
  }

  deviceRow(username: string, deviceName: string): Locator {
    return this.page.locator(`[data-testid="admin-device-row"][data-username="${username}"][data-device-name="${deviceName}"]`);
  }

  /** Clicks revoke, returns the confirm step's text, confirms, and waits for the row to show it revoked. */
  async revokeDevice(username: string, deviceName: string): Promise<string> {
    const row = this.deviceRow(username, deviceName);
    await row.getByTestId('admin-revoke').click();
    const confirm = this.page.getByTestId('admin-revoke-confirm');
    await confirm.waitFor();
    const text = (await confirm.innerText()).trim();
    await confirm.getByTestId('admin-revoke-yes').click();
    await this.page.locator(`[data-testid="admin-device-row"][data-username="${username}"][data-device-name="${deviceName}"][data-revoked="true"]`).waitFor();
    return text;
  }

  /** Revokes a device with "also erase its data" ticked; returns the confirm step's text once the row shows the order. */
  async revokeAndWipe(deviceId: string): Promise<string> {
    const row = this.page.locator(`[data-testid="admin-device-row"][data-device-id="${deviceId}"]`);
    await row.getByTestId('admin-revoke').click();
    const confirm = this.page.getByTestId('admin-revoke-confirm');
    await confirm.getByTestId('admin-revoke-wipe').check();
    const text = (await confirm.innerText()).trim();
    await confirm.getByTestId('admin-revoke-yes').click();
    await this.page.locator(`[data-testid="admin-device-row"][data-device-id="${deviceId}"][data-revoked="true"]`).getByTestId('admin-device-wipe').waitFor();
    return text;
  }
}
