/** A resident's profile: identity, status, latest ADL, history and the actions (edit, assess, archive). */
import type { Locator, Page } from 'playwright-core';
import { translator, type Locale, type Translate } from './AppShell';
import { AdlFormPage } from './AdlFormPage';
import { ResidentFormPage } from './ResidentFormPage';

export interface ArchiveInput {
  status: 'moved' | 'died';
  /** YYYY-MM-DD; the form's default (today) when absent. */
  date?: string;
  reason: string;
}

export class ProfilePage {
  readonly root: Locator;
  readonly name: Locator;
  readonly birthDate: Locator;
  readonly nationalId: Locator;
  readonly status: Locator;
  readonly latestAdl: Locator;
  readonly groupBadge: Locator;
  readonly editButton: Locator;
  readonly recordAdlButton: Locator;
  readonly archiveButton: Locator;
  readonly unarchiveButton: Locator;
  readonly archiveForm: Locator;
  readonly history: Locator;
  readonly historyRows: Locator;
  readonly trend: Locator;
  readonly t: Translate;

  constructor(
    readonly page: Page,
    readonly locale: Locale = 'th',
  ) {
    this.t = translator(locale);
    this.root = page.getByTestId('resident-profile');
    this.name = page.getByTestId('profile-name');
    this.birthDate = page.getByTestId('profile-birth-date');
    this.nationalId = page.getByTestId('profile-national-id');
    this.status = page.getByTestId('profile-status');
    this.latestAdl = page.getByTestId('profile-latest-adl');
    this.groupBadge = page.getByTestId('profile-adl-group');
    this.editButton = page.getByTestId('edit-resident');
    this.recordAdlButton = page.getByTestId('record-adl');
    this.archiveButton = page.getByTestId('archive');
    this.unarchiveButton = page.getByTestId('unarchive');
    this.archiveForm = page.getByTestId('archive-form');
    this.history = page.getByTestId('adl-history');
    this.historyRows = page.getByTestId('adl-history-row');
    this.trend = page.getByTestId('adl-trend');
  }

  /** Waits for the profile (of `residentId`, when given) to be rendered. */
  async waitReady(residentId?: string): Promise<void> {
    const root = residentId ? this.page.locator(`[data-testid="resident-profile"][data-resident-id="${residentId}"]`) : this.root;
    await root.waitFor();
    await this.name.waitFor();
  }

  async residentId(): Promise<string> {
    const id = await this.root.getAttribute('data-resident-id');
    if (!id) throw new Error('profile has no data-resident-id');
    return id;
  }

  async nameText(): Promise<string> {
    return (await this.name.textContent()) ?? '';
  }

  /** Waits until the heading shows `text` (live queries re-render after a write). */
  async waitForName(text: string): Promise<void> {
    await this.name.filter({ hasText: text }).waitFor();
  }

  async edit(): Promise<ResidentFormPage> {
    await this.editButton.click();
    const form = new ResidentFormPage(this.page, this.locale);
    await form.waitReady();
    return form;
  }

  async recordAdl(): Promise<AdlFormPage> {
    await this.recordAdlButton.click();
    const form = new AdlFormPage(this.page, this.locale);
    await form.waitReady();
    return form;
  }

  /** Opens the archive form, fills it and saves; waits for the status line. */
  async archive(input: ArchiveInput): Promise<void> {
    await this.archiveButton.click();
    await this.archiveForm.waitFor();
    const statusLabel = this.t(input.status === 'died' ? 'pf.archive.died' : 'pf.archive.moved');
    await this.archiveForm.getByLabel(statusLabel, { exact: true }).check();
    if (input.date !== undefined) await this.archiveForm.getByLabel(this.t('pf.archive.date'), { exact: true }).fill(input.date);
    await this.archiveForm.getByLabel(this.t('pf.archive.reason'), { exact: true }).fill(input.reason);
    await this.page.getByTestId('archive-save').click();
    await this.status.waitFor();
    await this.archiveForm.waitFor({ state: 'detached' });
  }

  /** Waits until the ADL history lists `n` assessments (it loads by its own live query). */
  async waitForHistoryCount(n: number): Promise<void> {
    await this.page.locator(`[data-testid="adl-history"][data-count="${n}"]`).waitFor();
  }

  /** The trend line's direction and delta (data attributes), or null when there is none. */
  async trendData(): Promise<{ direction: string; delta: number; significant: boolean } | null> {
    if ((await this.trend.count()) === 0) return null;
    const [direction, delta, significant] = await Promise.all([
      this.trend.getAttribute('data-direction'),
      this.trend.getAttribute('data-delta'),
      this.trend.getAttribute('data-significant'),
    ]);
    return { direction: direction ?? '', delta: Number(delta), significant: significant === 'true' };
  }
}
