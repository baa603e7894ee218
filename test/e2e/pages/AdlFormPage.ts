/** The Barthel ADL form: one radio per score (data-testid adl-<item>-<score>), the live total and group. */
import type { Locator, Page } from 'playwright-core';
import { ADL_ITEMS, type AdlAnswers } from '../../../shared/adl';
import type { AssessmentReason } from '../../../shared/assessment';
import type { TaiGroup } from '../../../shared/reference/tai';
import { formatDateInput } from '../../../shared/dates/dateInput';
import { translator, type Locale, type Translate } from './AppShell';
import { ProfilePage } from './ProfilePage';

export class AdlFormPage {
  readonly form: Locator;
  readonly total: Locator;
  readonly group: Locator;
  readonly saveButton: Locator;
  readonly dateInput: Locator;
  readonly reasonSelect: Locator;
  readonly notes: Locator;
  readonly taiSelect: Locator;
  readonly t: Translate;

  constructor(
    readonly page: Page,
    readonly locale: Locale = 'th',
  ) {
    this.t = translator(locale);
    this.form = page.getByTestId('adl-form');
    this.total = page.getByTestId('adl-total');
    this.group = page.getByTestId('adl-group');
    this.saveButton = page.getByTestId('save-adl');
    this.dateInput = this.form.getByLabel(this.t('adl.assessedOn'), { exact: true });
    this.reasonSelect = this.form.getByLabel(this.t('adl.reason'), { exact: true });
    this.notes = this.form.getByLabel(this.t('adl.notes'), { exact: true });
    this.taiSelect = this.form.getByLabel(this.t('adl.tai'), { exact: true });
  }

  async waitReady(): Promise<void> {
    await this.form.waitFor();
    await this.saveButton.waitFor();
  }

  /** Types an ISO date as the user would: dd/mm/yyyy in the locale's era. */
  async setDate(isoDate: string): Promise<void> {
    await this.dateInput.fill(formatDateInput(isoDate, this.locale === 'th' ? 'BE' : 'CE'));
  }

  async setReason(reason: AssessmentReason): Promise<void> {
    await this.reasonSelect.selectOption(reason);
  }

  async setTaiGroup(group: TaiGroup): Promise<void> {
    await this.taiSelect.selectOption(group);
  }

  /** Chooses every item's score. */
  async answer(answers: AdlAnswers): Promise<void> {
    for (const { key } of ADL_ITEMS) await this.page.getByTestId(`adl-${key}-${answers[key]}`).check();
  }

  /** The live total (null while items are unanswered) and group ('none' until complete). */
  async shown(): Promise<{ total: number | null; group: string }> {
    const [complete, text, group] = await Promise.all([
      this.total.getAttribute('data-complete'),
      this.total.textContent(),
      this.group.getAttribute('data-group'),
    ]);
    return { total: complete === 'true' ? Number(text) : null, group: group ?? 'none' };
  }

  async saveAndReturn(): Promise<ProfilePage> {
    const residentId = await this.page.evaluate(() => /#\/residents\/([^/]+)/.exec(window.location.hash)?.[1] ?? '');
    await this.saveButton.click();
    await this.page.waitForFunction((id) => window.location.hash === `#/residents/${id}`, residentId);
    const profile = new ProfilePage(this.page, this.locale);
    await profile.waitReady(decodeURIComponent(residentId));
    return profile;
  }
}
