/**
 * Home visits: the start panel on the profile (start / continue / discard a draft), the visit form (new or
 * amendment) and the visit page with its amendment history. Everything is found by test id; labels come
 * from the app's catalog.
 */
import type { Locator, Page } from 'playwright-core';
import { formatDateInput } from '../../../shared/dates/dateInput';
import type { VitalKey } from '../../../shared/vitals';
import { until } from '../support/wait';
import { translator, type Locale, type Translate } from './AppShell';

export interface VisitInput {
  /** ISO dates, typed into the date fields as the user would (dd/mm/yyyy in the locale's era). */
  date?: string;
  time?: string;
  duration?: string;
  type?: 'routine' | 'follow_up' | 'post_discharge' | 'urgent';
  vitals?: Partial<Record<VitalKey, string>>;
  care?: { code: string; minutes?: string }[];
  mood?: '' | '1' | '2' | '3' | '4' | '5';
  observations?: string;
  problems?: string[];
  escalation?: 'none' | 'health_centre' | 'hospital' | 'emergency_1669';
  escalationReason?: string;
  nextVisitDate?: string;
  archivedReason?: string;
}

/** The start panel on a resident's profile. */
export class VisitStartPanel {
  readonly root: Locator;
  readonly startButton: Locator;
  readonly continueButton: Locator;
  readonly discardButton: Locator;
  readonly draftNotice: Locator;

  constructor(
    readonly page: Page,
    readonly locale: Locale = 'th',
  ) {
    this.root = page.getByTestId('visit-start-panel');
    this.startButton = page.getByTestId('start-visit');
    this.continueButton = page.getByTestId('continue-draft');
    this.discardButton = page.getByTestId('discard-draft');
    this.draftNotice = page.getByTestId('visit-draft');
  }

  async waitReady(): Promise<void> {
    await this.root.waitFor();
  }

  async start(): Promise<VisitFormPage> {
    await this.startButton.click();
    const form = new VisitFormPage(this.page, this.locale);
    await form.waitReady();
    return form;
  }

  async continueDraft(): Promise<VisitFormPage> {
    await this.continueButton.click();
    const form = new VisitFormPage(this.page, this.locale);
    await form.waitReady();
    await this.page.getByTestId('draft-restored').waitFor();
    return form;
  }

  /** Discard with its in-page confirmation; `confirm: false` keeps the draft. */
  async discardDraft(confirm: boolean): Promise<void> {
    await this.discardButton.click();
    await this.page.getByTestId('discard-draft-dialog').waitFor();
    await this.page.getByTestId(confirm ? 'discard-draft-confirm' : 'discard-draft-cancel').click();
    if (confirm) await this.startButton.waitFor();
    else await this.continueButton.waitFor();
  }
}

export class VisitFormPage {
  readonly form: Locator;
  readonly saveButton: Locator;
  readonly draftStatus: Locator;
  readonly errorSummary: Locator;
  readonly t: Translate;

  constructor(
    readonly page: Page,
    readonly locale: Locale = 'th',
    readonly mode: 'new' | 'amend' = 'new',
  ) {
    this.t = translator(locale);
    this.form = page.getByTestId(mode === 'new' ? 'visit-form' : 'amend-form');
    this.saveButton = page.getByTestId(mode === 'new' ? 'save-visit' : 'save-amendment');
    this.draftStatus = page.locator('[data-testid="draft-saved"], [data-testid="draft-status"]');
    this.errorSummary = page.getByTestId('visit-error-summary');
  }

  async waitReady(): Promise<void> {
    await this.form.waitFor();
    await this.saveButton.waitFor();
  }

  field(testId: string): Locator {
    return this.page.getByTestId(testId);
  }

  vital(key: VitalKey): Locator {
    return this.page.getByTestId(`vital-${key}`);
  }

  flag(key: VitalKey): Locator {
    return this.page.getByTestId(`vital-flag-${key}`);
  }

  /** The error under the field at `path` (e.g. 'vitals.systolic', 'date'). */
  error(path: string): Locator {
    return this.page.getByTestId(`field-error-${path}`);
  }

  care(code: string): Locator {
    return this.page.getByTestId(`care-${code}`);
  }

  careMinutes(code: string): Locator {
    return this.page.getByTestId(`care-minutes-${code}`);
  }

  /** Types a vital sign and leaves the field (what a caregiver does; the form checks it on blur). */
  async typeVital(key: VitalKey, value: string): Promise<void> {
    await this.vital(key).fill(value);
    await this.vital(key).blur();
  }

  /** The flag's level shown next to a vital, or null when there is none. */
  async flagLevel(key: VitalKey): Promise<string | null> {
    if ((await this.flag(key).count()) === 0) return null;
    return this.flag(key).getAttribute('data-level');
  }

  async fill(input: VisitInput): Promise<void> {
    if (input.date !== undefined) await this.field('visit-date').fill(this.dateText(input.date));
    if (input.time !== undefined) await this.field('visit-time').fill(input.time);
    if (input.duration !== undefined) await this.field('visit-duration').fill(input.duration);
    if (input.type !== undefined) await this.field('visit-type').selectOption(input.type);
    if (input.archivedReason !== undefined) await this.field('visit-archivedReason').fill(input.archivedReason);
    for (const [key, value] of Object.entries(input.vitals ?? {}) as [VitalKey, string][]) await this.typeVital(key, value);
    for (const c of input.care ?? []) {
      await this.care(c.code).check();
      if (c.minutes !== undefined) await this.careMinutes(c.code).fill(c.minutes);
    }
    if (input.mood !== undefined) await this.field(`visit-mood-${input.mood || 'none'}`).check();
    if (input.observations !== undefined) await this.field('visit-observations').fill(input.observations);
    if (input.problems !== undefined) await this.field('visit-problems').fill(input.problems.join('\n'));
    if (input.escalation !== undefined) await this.field('visit-escalation').selectOption(input.escalation);
    if (input.escalationReason !== undefined) await this.field('visit-escalation-reason').fill(input.escalationReason);
    if (input.nextVisitDate !== undefined) await this.field('visit-next-date').fill(this.dateText(input.nextVisitDate));
  }

  /** An ISO date as a date field shows it in this page's locale (`05/12/2569` in Thai); '' stays ''. */
  dateText(iso: string): string {
    return iso === '' ? '' : formatDateInput(iso, this.locale === 'th' ? 'BE' : 'CE');
  }

  /** How many autosaves this page has made. */
  async draftSaves(): Promise<number> {
    return Number((await this.draftStatus.getAttribute('data-saves')) ?? '0');
  }

  /** Leaves the current field (an autosave runs on blur) and waits for a save after the `after`-th. */
  async waitForDraftSave(after: number): Promise<void> {
    await this.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await until('a draft autosave', () => this.draftSaves(), (n) => n > after);
    await this.page.getByTestId('draft-saved').waitFor();
  }

  /** Saves, expecting a refusal; returns the paths of the errors shown under fields. */
  async saveExpectingErrors(): Promise<string[]> {
    await this.saveButton.click();
    await this.errorSummary.waitFor();
    return this.errorPaths();
  }

  async errorPaths(): Promise<string[]> {
    const ids = await this.form.locator('[data-testid^="field-error-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') ?? ''));
    return ids.map((id) => id.slice('field-error-'.length));
  }

  /** Saves a new visit and lands on its page. */
  async saveAndOpenVisit(): Promise<VisitDetailPage> {
    await this.saveButton.click();
    const detail = new VisitDetailPage(this.page, this.locale);
    await detail.waitReady();
    return detail;
  }
}

export class VisitDetailPage {
  readonly root: Locator;
  readonly saved: Locator;
  readonly amendButton: Locator;
  readonly voidButton: Locator;
  readonly history: Locator;
  readonly historyEntries: Locator;
  readonly t: Translate;

  constructor(
    readonly page: Page,
    readonly locale: Locale = 'th',
  ) {
    this.t = translator(locale);
    this.root = page.getByTestId('visit-detail');
    this.saved = page.getByTestId('visit-saved');
    this.amendButton = page.getByTestId('amend-visit');
    this.voidButton = page.getByTestId('void-visit');
    this.history = page.getByTestId('visit-history');
    this.historyEntries = page.getByTestId('visit-history-entry');
  }

  async waitReady(): Promise<void> {
    await this.root.waitFor();
  }

  async visitId(): Promise<string> {
    return (await this.root.getAttribute('data-visit-id')) ?? '';
  }

  flag(key: VitalKey): Locator {
    return this.root.getByTestId(`vital-flag-${key}`);
  }

  async amend(): Promise<VisitFormPage> {
    await this.amendButton.click();
    const form = new VisitFormPage(this.page, this.locale, 'amend');
    await form.waitReady();
    return form;
  }

  /** Waits until the history lists `n` amendments. */
  async waitForHistoryCount(n: number): Promise<void> {
    await this.page.locator(`[data-testid="visit-history"][data-count="${n}"]`).waitFor();
  }
}
