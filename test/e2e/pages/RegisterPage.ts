/**
 * The resident register: search, filters, the count line and the virtualised list. Rows are identified by
 * their resident id (data-resident-id), never by position, because the list only renders the rows in view.
 */
import type { Locator, Page } from 'playwright-core';
import type { AdlGroup } from '../../../shared/adl';
import type { ArchiveFilter } from '../../../shared/register';
import { until } from '../support/wait';
import { translator, type Locale } from './AppShell';
import { ProfilePage } from './ProfilePage';
import { ResidentFormPage } from './ResidentFormPage';

export interface RegisterCount {
  shown: number;
  total: number;
}

export class RegisterPage {
  readonly search: Locator;
  readonly count: Locator;
  readonly list: Locator;
  readonly rows: Locator;
  readonly addButton: Locator;
  readonly demoOffer: Locator;
  readonly loadDemoButton: Locator;
  readonly communityFilter: Locator;
  readonly groupFilter: Locator;
  readonly archiveFilter: Locator;

  constructor(
    readonly page: Page,
    readonly locale: Locale = 'th',
  ) {
    this.search = page.getByTestId('register-search');
    this.count = page.getByTestId('register-count');
    this.list = page.getByTestId('register-list');
    this.rows = page.getByTestId('register-row');
    this.addButton = page.getByTestId('add-resident');
    this.demoOffer = page.getByTestId('demo-offer');
    this.loadDemoButton = page.getByTestId('load-demo');
    this.communityFilter = page.getByTestId('filter-community');
    this.groupFilter = page.getByTestId('filter-group');
    this.archiveFilter = page.getByTestId('filter-archive');
  }

  /** Goes to the register by its route (like the nav link) and waits for the data to load. */
  static async open(page: Page, locale: Locale = 'th'): Promise<RegisterPage> {
    await page.evaluate(() => {
      window.location.hash = '#/';
    });
    const register = new RegisterPage(page, locale);
    await register.waitReady();
    return register;
  }

  /**
   * The list has loaded: rows of the full list (not only the register's head, painted before every row is
   * read: data-complete), the empty-register offer (or, signed in, the wait-for-sync note), or the no-match text.
   */
  async waitReady(): Promise<void> {
    await this.search.waitFor();
    const loading = translator(this.locale)('app.loading');
    await this.page.waitForFunction((loadingText) => {
      if (document.querySelector('[data-testid="register-list"][data-complete="false"]')) return false;
      if (document.querySelector('[data-testid="register-row"], [data-testid="demo-offer"], [data-testid="register-empty-synced"]')) return true;
      const empty = document.querySelector('[data-testid="register-list"] .empty');
      return empty !== null && empty.textContent !== loadingText;
    }, loading);
  }

  async readCount(): Promise<RegisterCount> {
    const text = (await this.count.textContent()) ?? '';
    const numbers = (text.match(/\d[\d,]*/g) ?? []).map((n) => Number(n.replace(/,/g, '')));
    const [shown, total] = numbers;
    if (shown === undefined || total === undefined) throw new Error(`register count has no numbers: "${text}"`);
    return { shown, total };
  }

  /** Waits until the count line shows these numbers (either may be left out). */
  async waitForCount(expected: Partial<RegisterCount>, timeoutMs = 15_000): Promise<RegisterCount> {
    return until(
      `register count ${JSON.stringify(expected)}`,
      () => this.readCount(),
      (c) => (expected.shown === undefined || c.shown === expected.shown) && (expected.total === undefined || c.total === expected.total),
      { timeoutMs },
    );
  }

  /** Types a query (replacing the previous one). Wait for its effect with waitForCount or waitForRow. */
  async searchFor(query: string): Promise<void> {
    await this.search.fill(query);
  }

  async clearSearch(): Promise<void> {
    await this.search.fill('');
  }

  async setArchiveFilter(value: ArchiveFilter): Promise<void> {
    await this.archiveFilter.selectOption(value);
  }

  async setGroupFilter(value: AdlGroup | 'none' | ''): Promise<void> {
    await this.groupFilter.selectOption(value);
  }

  async setCommunityFilter(communityId: string): Promise<void> {
    await this.communityFilter.selectOption(communityId);
  }

  row(residentId: string): Locator {
    return this.page.locator(`[data-testid="register-row"][data-resident-id="${residentId}"]`);
  }

  /** The ADL group a row shows ('none' when never assessed). */
  async rowGroup(residentId: string): Promise<string | null> {
    return this.row(residentId).locator('[data-group]').getAttribute('data-group');
  }

  async waitForRow(residentId: string): Promise<Locator> {
    const row = this.row(residentId);
    await row.waitFor();
    return row;
  }

  /** Ids of the rows in the DOM, in list order (only those the virtual list rendered). */
  async renderedIds(): Promise<string[]> {
    return this.list.evaluate((list) =>
      Array.from(list.querySelectorAll<HTMLElement>('[data-testid="register-row"]'))
        .map((el) => ({ id: el.dataset.residentId ?? '', top: el.getBoundingClientRect().top }))
        .sort((a, b) => a.top - b.top)
        .map((r) => r.id),
    );
  }

  /** Scrolls the list to its end and waits for the given (last) row to be rendered and in view. */
  async scrollToBottom(expectLastId?: string): Promise<void> {
    await this.list.evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    if (expectLastId) {
      const row = this.row(expectLastId);
      await row.waitFor();
      await until(
        `row ${expectLastId} inside the list viewport`,
        async () => {
          const [r, l] = await Promise.all([row.boundingBox(), this.list.boundingBox()]);
          return r && l ? r.y >= l.y - 1 && r.y + r.height <= l.y + l.height + 1 : false;
        },
        (inView) => inView,
      );
    }
  }

  async openResident(residentId: string): Promise<ProfilePage> {
    await this.row(residentId).click();
    const profile = new ProfilePage(this.page, this.locale);
    await profile.waitReady(residentId);
    return profile;
  }

  async addResident(): Promise<ResidentFormPage> {
    await this.addButton.click();
    const form = new ResidentFormPage(this.page, this.locale);
    await form.waitReady();
    return form;
  }
}
