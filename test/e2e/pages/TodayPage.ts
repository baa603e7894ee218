/**
 * The caregiver's day (#/today): its rows in route order, their states, the counts, day navigation, and the
 * actions of a row (start the visit, record it missed, undo).
 */
import type { Locator, Page } from 'playwright-core';
import { translator, type Locale, type Translate } from './AppShell';
import { VisitFormPage } from './VisitPage';
import { until } from '../support/wait';

export class TodayPage {
  readonly root: Locator;
  readonly rows: Locator;
  readonly counts: Locator;
  readonly t: Translate;

  constructor(
    readonly page: Page,
    readonly locale: Locale = 'th',
  ) {
    this.t = translator(locale);
    this.root = page.getByTestId('today-page');
    this.rows = page.getByTestId('today-row');
    this.counts = page.getByTestId('today-counts');
  }

  /** Opens #/today (or a day) by the URL and waits for its first read. */
  static async open(page: Page, date?: string, locale: Locale = 'th'): Promise<TodayPage> {
    await page.evaluate((d) => {
      window.location.hash = d === undefined ? '#/today' : `#/today/${d}`;
    }, date);
    const p = new TodayPage(page, locale);
    await p.waitReady(date);
    return p;
  }

  /** The page shows `date` (any day when not given) and its first read has answered (the counts are shown). */
  async waitReady(date?: string): Promise<void> {
    await (date === undefined ? this.root : this.page.locator(`[data-testid="today-page"][data-day="${date}"]`)).waitFor();
    await this.counts.waitFor();
  }

  row(roundId: string): Locator {
    return this.page.locator(`[data-testid="today-row"][data-round-id="${roundId}"]`);
  }

  async roundIds(): Promise<string[]> {
    return this.rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-round-id') ?? ''));
  }

  async states(): Promise<string[]> {
    return this.rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-state') ?? ''));
  }

  async countsShown(): Promise<{ planned: number; done: number; missed: number; todo: number }> {
    const n = async (k: string) => Number(await this.counts.getAttribute(`data-${k}`));
    return { planned: await n('planned'), done: await n('done'), missed: await n('missed'), todo: await n('todo') };
  }

  async waitForState(roundId: string, state: string): Promise<void> {
    await this.page.locator(`[data-testid="today-row"][data-round-id="${roundId}"][data-state="${state}"]`).waitFor();
  }

  async start(roundId: string): Promise<VisitFormPage> {
    await this.row(roundId).getByTestId('today-start').click();
    const form = new VisitFormPage(this.page, this.locale);
    await form.waitReady();
    return form;
  }

  /** Opens the row's "missed" form. */
  async openMissed(roundId: string): Promise<MissedForm> {
    await this.row(roundId).getByTestId('today-missed').click();
    const form = new MissedForm(this.row(roundId));
    await form.root.waitFor();
    return form;
  }

  async goNextDay(expected: string): Promise<void> {
    await this.page.getByTestId('today-next').click();
    await this.waitReady(expected);
  }

  async goToday(expected: string): Promise<void> {
    await this.page.getByTestId('today-back').click();
    await this.waitReady(expected);
  }

  async waitForCounts(want: { planned: number; done: number; missed: number; todo: number }): Promise<void> {
    await until('the day’s counts', () => this.countsShown(), (c) => JSON.stringify(c) === JSON.stringify(want));
  }
}

export class MissedForm {
  readonly root: Locator;
  readonly reason: Locator;
  readonly note: Locator;
  readonly save: Locator;

  constructor(row: Locator) {
    this.root = row.getByTestId('today-missed-form');
    this.reason = this.root.getByTestId('today-missed-reason');
    this.note = this.root.locator('textarea');
    this.save = this.root.getByTestId('today-missed-save');
  }

  /** The error texts shown under the form's fields. */
  async errors(): Promise<string[]> {
    return this.root.getByTestId('field-error').allInnerTexts();
  }
}
