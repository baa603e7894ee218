/**
 * The care manager's conflicts inbox (#/conflicts): one card per open conflict, found by its field
 * (data-field). A card is read as text (record, field label, both values with who and when) the way a
 * care manager reads it.
 */
import type { Locator, Page } from 'playwright-core';
import { translator, type Locale, type Translate } from './AppShell';
import { waitForRead } from '../support/wait';

export interface ConflictCard {
  record: string;
  field: string;
  /** "<value> <by … when …>" of the current (winning) value. */
  current: string;
  /** The same for the other (losing) value. */
  other: string;
}

export class ConflictsPage {
  readonly list: Locator;
  readonly cards: Locator;
  readonly empty: Locator;
  readonly t: Translate;

  constructor(
    readonly page: Page,
    readonly locale: Locale = 'th',
  ) {
    this.t = translator(locale);
    this.list = page.getByTestId('conflicts');
    this.cards = page.getByTestId('conflict');
    this.empty = page.locator('p.empty', { hasText: this.t('sync.conflicts.none') });
  }

  /** Opens the inbox by its nav link (shown to care managers only); returns once its conflicts were read. */
  static async open(page: Page, locale: Locale = 'th'): Promise<ConflictsPage> {
    await page.getByTestId('nav-conflicts').click();
    const p = new ConflictsPage(page, locale);
    await waitForRead(p.list);
    return p;
  }

  card(field: string): Locator {
    return this.page.locator(`[data-testid="conflict"][data-field="${field}"]`);
  }

  async read(field: string): Promise<ConflictCard> {
    const card = this.card(field);
    await card.waitFor();
    const [record, fieldLabel, current, other] = await Promise.all([
      card.locator('h2').innerText(),
      card.locator('dd').first().innerText(),
      card.getByTestId('conflict-current').innerText(),
      card.getByTestId('conflict-other').innerText(),
    ]);
    return { record: record.trim(), field: fieldLabel.trim(), current: current.trim(), other: other.trim() };
  }

  /** Chooses a value for the conflict on `field`; waits until its card leaves the inbox. */
  async choose(field: string, choice: 'keep' | 'other'): Promise<void> {
    const card = this.card(field);
    await card.getByTestId(choice === 'keep' ? 'conflict-keep' : 'conflict-use-other').click();
    await card.waitFor({ state: 'detached' });
  }

  async waitForNone(): Promise<void> {
    await this.empty.waitFor();
  }
}
