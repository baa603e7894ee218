/**
 * The add/edit resident form. Fields are found by their visible <label> (from the app's catalog, in the page
 * object's locale), so a test fails when a field loses its label. `fill` takes ResidentFormValues, the same
 * shape the fixtures build (birth year in the UI's era), and fills in screen order: the community comes
 * before the area fields because choosing it pre-fills the empty ones.
 */
import type { Locator, Page } from 'playwright-core';
import { CHRONIC_DISEASES } from '../../../shared/reference/diseases';
import type { ResidentFormValues } from '../../../shared/resident';
import { until } from '../support/wait';
import { residentIdFromUrl, translator, type Locale, type MessageKey, type Translate } from './AppShell';
import { ProfilePage } from './ProfilePage';

export type ResidentFormInput = Partial<Omit<ResidentFormValues, 'address' | 'gps'>> & {
  address?: Partial<ResidentFormValues['address']>;
  gps?: Partial<ResidentFormValues['gps']>;
};

const ADDRESS_LABELS: Record<keyof ResidentFormValues['address'], MessageKey> = {
  houseNo: 'rf.address.houseNo',
  moo: 'rf.address.moo',
  village: 'rf.address.village',
  soi: 'rf.address.soi',
  road: 'rf.address.road',
  subDistrict: 'rf.address.subDistrict',
  district: 'rf.address.district',
  province: 'rf.address.province',
  postalCode: 'rf.address.postalCode',
};
const ADDRESS_ORDER = Object.keys(ADDRESS_LABELS) as (keyof ResidentFormValues['address'])[];
const GPS_LABELS: Record<keyof ResidentFormValues['gps'], MessageKey> = { lat: 'rf.gps.lat', lng: 'rf.gps.lng', accuracy: 'rf.gps.accuracy' };

export class ResidentFormPage {
  readonly form: Locator;
  readonly saveButton: Locator;
  readonly cancelButton: Locator;
  readonly errorSummary: Locator;
  readonly duplicateWarning: Locator;
  readonly saveAnywayButton: Locator;
  readonly duplicateIdLink: Locator;
  readonly addressSearch: Locator;
  readonly addressOptions: Locator;
  readonly t: Translate;

  constructor(
    readonly page: Page,
    readonly locale: Locale = 'th',
  ) {
    this.t = translator(locale);
    this.form = page.getByTestId('resident-form');
    this.saveButton = page.getByTestId('save-resident');
    this.cancelButton = page.getByTestId('cancel-resident');
    this.errorSummary = page.getByTestId('error-summary');
    this.duplicateWarning = page.getByTestId('duplicate-warning');
    this.saveAnywayButton = page.getByTestId('save-anyway');
    this.duplicateIdLink = page.getByTestId('duplicate-id-link');
    this.addressSearch = this.form.getByLabel(this.t('rf.addressSearch'), { exact: true });
    this.addressOptions = page.getByTestId('address-option');
  }

  async waitReady(): Promise<void> {
    await this.form.waitFor();
    await this.saveButton.waitFor();
  }

  /** The control whose <label> reads exactly the catalog text of `key`. */
  field(key: MessageKey, params?: Record<string, string | number>): Locator {
    return this.form.getByLabel(this.t(key, params), { exact: true });
  }

  /** A radio group (fieldset) by its legend. */
  group(key: MessageKey): Locator {
    return this.form.getByRole('group', { name: this.t(key), exact: true });
  }

  addressField(part: keyof ResidentFormValues['address']): Locator {
    return this.field(ADDRESS_LABELS[part]);
  }

  phoneNumber(n: number): Locator {
    return this.field('rf.phone.number', { n });
  }

  /** The error element under a control (`<control id>-error`, what its aria-describedby names). */
  async errorElement(control: Locator): Promise<Locator> {
    const id = await control.getAttribute('id');
    if (!id) throw new Error('control has no id');
    return this.page.locator(`[id="${id}-error"]`);
  }

  /** The error text shown under a control, or null when it shows none. */
  async errorOf(control: Locator): Promise<string | null> {
    const error = await this.errorElement(control);
    return (await error.count()) > 0 ? error.innerText() : null;
  }

  /** Waits until `control` has focus (after a failed save it moves to the first invalid field a frame later). */
  async waitForFocusOn(control: Locator): Promise<void> {
    const id = await control.getAttribute('id');
    await until('focus on ' + String(id), () => this.page.evaluate(() => document.activeElement?.id ?? ''), (focused) => focused === id);
  }

  async summaryItems(): Promise<string[]> {
    await this.errorSummary.waitFor();
    return this.errorSummary.locator('li').allInnerTexts();
  }

  async fill(v: ResidentFormInput): Promise<void> {
    const t = this.t;
    if (v.prefix !== undefined) await this.field('rf.prefix').selectOption(v.prefix);
    if (v.prefixOther !== undefined && v.prefix === 'other') await this.field('rf.prefixOther').fill(v.prefixOther);
    if (v.firstName !== undefined) await this.field('rf.firstName').fill(v.firstName);
    if (v.lastName !== undefined) await this.field('rf.lastName').fill(v.lastName);
    if (v.nickname !== undefined) await this.field('rf.nickname').fill(v.nickname);
    if (v.sex === 'male' || v.sex === 'female') await this.group('rf.sex').getByLabel(t(`pf.sex.${v.sex}`), { exact: true }).check();
    if (v.idMode !== undefined) {
      const box = this.field('rf.noThaiId');
      if (v.idMode === 'none') await box.check();
      else await box.uncheck();
    }
    if (v.nationalId !== undefined && v.idMode !== 'none') await this.field('rf.nationalId').fill(v.nationalId);
    if (v.noIdReason !== undefined && v.idMode === 'none') await this.field('rf.noIdReason').fill(v.noIdReason);
    if (v.birthDay !== undefined) await this.field('rf.birthDay').fill(v.birthDay);
    if (v.birthMonth !== undefined) await this.field('rf.birthMonth').selectOption(v.birthMonth);
    if (v.birthYear !== undefined) await this.field('rf.birthYear').fill(v.birthYear);
    if (v.communityId !== undefined) await this.field('rf.community').selectOption(v.communityId);
    for (const part of ADDRESS_ORDER) {
      const value = v.address?.[part];
      if (value !== undefined) await this.addressField(part).fill(value);
    }
    for (const part of ['lat', 'lng', 'accuracy'] as const) {
      const value = v.gps?.[part];
      if (value !== undefined) await this.field(GPS_LABELS[part]).fill(value);
    }
    for (const [i, phone] of (v.phones ?? []).entries()) {
      const n = i + 1;
      if ((await this.phoneNumber(n).count()) === 0) await this.page.getByTestId('add-phone').click();
      await this.phoneNumber(n).fill(phone.number);
      await this.field('rf.phone.label', { n }).fill(phone.label);
    }
    for (const [i, c] of (v.contacts ?? []).entries()) {
      const n = i + 1;
      if ((await this.field('rf.contact.name', { n }).count()) === 0) await this.page.getByTestId('add-contact').click();
      await this.field('rf.contact.name', { n }).fill(c.name);
      await this.field('rf.contact.relationship', { n }).selectOption(c.relationship);
      await this.field('rf.contact.phone', { n }).fill(c.phone);
      await this.field('rf.contact.isCaregiver', { n }).setChecked(c.isCaregiver);
    }
    if (v.coverage !== undefined) await this.field('rf.coverage').selectOption(v.coverage);
    for (const code of v.diseases ?? []) {
      const disease = CHRONIC_DISEASES.find((d) => d.code === code);
      if (!disease) throw new Error(`unknown disease code ${code}`);
      await this.form.getByLabel(this.locale === 'th' ? disease.th : disease.en, { exact: true }).check();
    }
    if (v.otherDiseases !== undefined) await this.field('rf.otherDiseases').fill(v.otherDiseases);
    if (v.allergyStatus === 'unknown' || v.allergyStatus === 'none' || v.allergyStatus === 'known') {
      await this.group('rf.allergyStatus').getByLabel(t(`rf.allergy.${v.allergyStatus}`), { exact: true }).check();
    }
    for (const [i, a] of (v.allergyStatus === 'known' ? (v.allergies ?? []) : []).entries()) {
      const n = i + 1;
      if ((await this.field('rf.allergy.substance', { n }).count()) === 0) await this.page.getByTestId('add-allergy').click();
      await this.field('rf.allergy.substance', { n }).fill(a.substance);
      await this.field('rf.allergy.reaction', { n }).fill(a.reaction);
    }
    for (const [i, m] of (v.medications ?? []).entries()) {
      const n = i + 1;
      if ((await this.field('rf.med.name', { n }).count()) === 0) await this.page.getByTestId('add-medication').click();
      await this.field('rf.med.name', { n }).fill(m.name);
      await this.field('rf.med.dose', { n }).fill(m.dose);
      await this.field('rf.med.frequency', { n }).fill(m.frequency);
    }
    if (v.livingSituation !== undefined) await this.field('rf.living').selectOption(v.livingSituation);
    if (v.language !== undefined) await this.field('rf.language').fill(v.language);
    if (v.interpreterNeeded !== undefined) await this.field('rf.interpreter').setChecked(v.interpreterNeeded);
    if (v.notes !== undefined) await this.field('rf.notes').fill(v.notes);
  }

  /** Clicks save and waits for the error summary; returns its entries. */
  async saveExpectingErrors(): Promise<string[]> {
    await this.saveButton.click();
    return this.summaryItems();
  }

  /** Clicks save and waits for the profile the app navigates to. */
  async saveAndOpenProfile(): Promise<ProfilePage> {
    await this.saveButton.click();
    return this.landOnProfile();
  }

  /** Waits until the app shows a resident's profile (after a save from this form). */
  async landOnProfile(): Promise<ProfilePage> {
    let url: string;
    try {
      url = await until(
        'the profile route after saving',
        async () => this.page.url(),
        (u) => residentIdFromUrl(u) !== null && !/\/(edit|adl\/new)$/.test(u),
      );
    } catch (err) {
      // Say why the form stayed: its error summary, warnings or save failure.
      const shown = await this.page
        .locator('[data-testid="error-summary"], [data-testid="duplicate-warning"], [data-testid="save-failed"]')
        .allInnerTexts()
        .catch(() => []);
      throw new Error(`${err instanceof Error ? err.message : String(err)}; the form shows: ${JSON.stringify(shown)}`);
    }
    const id = residentIdFromUrl(url);
    if (id === null) throw new Error(`no resident id in ${url}`);
    const profile = new ProfilePage(this.page, this.locale);
    await profile.waitReady(id);
    return profile;
  }
}
