/**
 * The header every page shares (nav links, language switch, online status) and the message catalog the
 * page objects read labels from. Labels come from the app's own catalog so a wording change does not break
 * the suites; what a test asserts about wording (Thai era names, suggested years) it spells out itself.
 */
import type { Locator, Page } from 'playwright-core';
import { translate, type Locale, type MessageKey } from '../../../renderer/i18n/catalog';

export type { Locale, MessageKey } from '../../../renderer/i18n/catalog';

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params);
}

/** The resident id in a `#/residents/<id>...` URL, or null. */
export function residentIdFromUrl(url: string): string | null {
  const m = /#\/residents\/([^/]+)/.exec(url);
  const id = m?.[1];
  return id && id !== 'new' ? decodeURIComponent(id) : null;
}

export class AppShell {
  readonly header: Locator;
  readonly registerLink: Locator;
  readonly settingsLink: Locator;
  readonly switchLanguageButton: Locator;
  readonly onlineStatus: Locator;

  constructor(readonly page: Page) {
    this.header = page.locator('header.app-header');
    const nav = this.header.getByRole('navigation');
    this.registerLink = nav.getByRole('link').first();
    this.settingsLink = nav.getByRole('link').nth(1);
    this.switchLanguageButton = page.getByTestId('switch-language');
    this.onlineStatus = page.getByTestId('online-status');
  }

  /** The language the UI shows, from <html lang> (set by the i18n provider). */
  async locale(): Promise<Locale> {
    const lang = await this.page.locator('html').getAttribute('lang');
    return lang === 'en' ? 'en' : 'th';
  }

  /** Toggles th ⇄ en and waits until the header is in the new language. */
  async switchLanguage(): Promise<Locale> {
    const next: Locale = (await this.locale()) === 'th' ? 'en' : 'th';
    await this.switchLanguageButton.click();
    await this.registerLink.filter({ hasText: translate(next, 'nav.register') }).waitFor();
    return next;
  }

  async goToRegister(): Promise<void> {
    await this.registerLink.click();
    await this.page.getByTestId('register-search').waitFor();
  }
}
