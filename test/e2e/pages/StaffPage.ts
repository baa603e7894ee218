/**
 * Staff and holidays (#/staff) and one caregiver's page (#/staff/<userId>). Caregivers are found by user id,
 * holidays and leave by their dates (data attributes), never by position; field errors by the field's DOM id.
 */
import type { Locator, Page } from 'playwright-core';
import { until, waitForRead } from '../support/wait';

export class StaffPage {
  readonly root: Locator;
  readonly navLink: Locator;
  readonly notAllowed: Locator;
  readonly caregivers: Locator;
  readonly holidays: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('staff-page');
    this.navLink = page.getByTestId('nav-staff');
    this.notAllowed = page.getByTestId('staff-not-allowed');
    this.caregivers = page.getByTestId('staff-caregivers');
    this.holidays = page.getByTestId('staff-holidays');
  }

  /** Opens the page by its route (as typing the address would) and waits for it to render. */
  static async open(page: Page): Promise<StaffPage> {
    await page.evaluate(() => {
      window.location.hash = '#/staff';
    });
    const staff = new StaffPage(page);
    await staff.root.waitFor();
    return staff;
  }

  /** Through the nav link, as a user would. */
  static async fromNav(page: Page): Promise<StaffPage> {
    const staff = new StaffPage(page);
    await staff.navLink.click();
    await staff.caregivers.waitFor();
    await waitForRead(staff.caregivers);
    return staff;
  }

  row(userId: string): Locator {
    return this.page.locator(`[data-testid="staff-row"][data-user-id="${userId}"]`);
  }

  async availabilityText(userId: string): Promise<string> {
    return (await this.row(userId).getByTestId('staff-availability').innerText()).trim();
  }

  async openCaregiver(userId: string): Promise<CaregiverPage> {
    await this.row(userId).getByTestId('staff-edit').click();
    const page = new CaregiverPage(this.page);
    await page.form.waitFor();
    return page;
  }

  // --- Holidays

  async showYear(ce: number): Promise<void> {
    for (;;) {
      const shown = Number(await this.holidays.getAttribute('data-year'));
      if (shown === ce) break;
      await this.page.getByTestId(shown < ce ? 'holidays-next-year' : 'holidays-prev-year').click();
      await this.page.locator(`[data-testid="staff-holidays"][data-year="${shown < ce ? shown + 1 : shown - 1}"]`).waitFor();
    }
    await waitForRead(this.holidays);
  }

  get addDefaultsButton(): Locator {
    return this.page.getByTestId('holidays-add-defaults');
  }

  holidayRows(): Locator {
    return this.holidays.getByTestId('holiday-row');
  }

  holiday(date: string): Locator {
    return this.holidays.locator(`[data-testid="holiday-row"][data-date="${date}"]`);
  }

  async waitForHolidayCount(n: number): Promise<void> {
    await until(`${n} holidays listed`, () => this.holidayRows().count(), (c) => c === n);
  }

  async holidayDates(): Promise<string[]> {
    return this.holidayRows().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-date') ?? ''));
  }

  /** Edits a listed holiday in place; resolves with the notice once saved. */
  async editHoliday(date: string, input: { nameTh?: string; nameEn?: string }): Promise<string> {
    await this.holiday(date).getByTestId('holiday-edit-open').click();
    const form = this.page.getByTestId('holiday-edit');
    await form.waitFor();
    if (input.nameTh !== undefined) await this.page.getByTestId('holiday-edit-nameTh').fill(input.nameTh);
    if (input.nameEn !== undefined) await this.page.getByTestId('holiday-edit-nameEn').fill(input.nameEn);
    await this.page.getByTestId('holiday-edit-submit').click();
    await form.waitFor({ state: 'detached' });
    return (await this.page.getByTestId('holidays-notice').innerText()).trim();
  }

  /** Fills the add form (the date as typed) and submits it; the caller waits for the row or the error. */
  async submitNewHoliday(input: { date: string; nameTh: string; nameEn: string }): Promise<void> {
    await this.page.getByTestId('holiday-new-date').fill(input.date);
    await this.page.getByTestId('holiday-new-nameTh').fill(input.nameTh);
    await this.page.getByTestId('holiday-new-nameEn').fill(input.nameEn);
    await this.page.getByTestId('holiday-new-submit').click();
  }

  /** The error under a field of the add form (`date`, `nameTh`, `nameEn`). */
  newHolidayError(field: string): Locator {
    return this.page.locator(`#holiday-new-${field}-error`);
  }

  async deleteHoliday(date: string): Promise<string> {
    await this.holiday(date).getByTestId('holiday-delete').click();
    await this.holiday(date).waitFor({ state: 'detached' });
    return (await this.page.getByTestId('holidays-notice').innerText()).trim();
  }
}

export interface AvailabilityInput {
  /** 0 = Sunday … 6 = Saturday: exactly these are checked. */
  workingDays?: number[];
  start?: string;
  end?: string;
  cap?: string;
  /** Exactly these skill codes are checked. */
  skills?: string[];
}

export interface LeaveInput {
  /** As typed: day/month/BE year in Thai. */
  from: string;
  to: string;
  reason: string;
  note?: string;
}

export class CaregiverPage {
  readonly root: Locator;
  readonly form: Locator;
  readonly errors: Locator;
  readonly notice: Locator;
  readonly leaveForm: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('caregiver-page');
    this.form = page.getByTestId('availability-form');
    this.errors = page.getByTestId('availability-errors');
    this.notice = page.getByTestId('availability-notice');
    this.leaveForm = page.getByTestId('leave-form');
  }

  day(d: number): Locator {
    return this.page.getByTestId(`availability-day-${d}`);
  }

  skill(code: string): Locator {
    return this.page.getByTestId(`availability-skill-${code}`);
  }

  field(name: 'start' | 'end' | 'cap' | 'lat' | 'lng'): Locator {
    return this.page.getByTestId(`availability-${name}`);
  }

  /** The error under a field, by its DOM id (`avail-end`). */
  errorOf(path: string): Locator {
    return this.page.locator(`#avail-${path}-error`);
  }

  async fill(input: AvailabilityInput): Promise<void> {
    if (input.workingDays) for (let d = 0; d <= 6; d++) await this.day(d).setChecked(input.workingDays.includes(d));
    if (input.start !== undefined) await this.field('start').fill(input.start);
    if (input.end !== undefined) await this.field('end').fill(input.end);
    if (input.cap !== undefined) await this.field('cap').fill(input.cap);
    if (input.skills) {
      const boxes = await this.form.locator('input[type="checkbox"][data-testid^="availability-skill-"]').all();
      for (const box of boxes) {
        const code = ((await box.getAttribute('data-testid')) ?? '').replace('availability-skill-', '');
        await box.setChecked(input.skills.includes(code));
      }
    }
  }

  async save(): Promise<void> {
    await this.page.getByTestId('availability-save').click();
  }

  async saveAndWait(): Promise<string> {
    await this.save();
    await this.notice.waitFor();
    return (await this.notice.innerText()).trim();
  }

  async addLeave(input: LeaveInput): Promise<void> {
    const before = await this.page.getByTestId('leave-row').count();
    await this.page.getByTestId('leave-from').fill(input.from);
    await this.page.getByTestId('leave-to').fill(input.to);
    await this.page.getByTestId('leave-reason').selectOption(input.reason);
    if (input.note !== undefined) await this.page.getByTestId('leave-note').fill(input.note);
    await this.page.getByTestId('leave-save').click();
    await until('the leave listed', () => this.page.getByTestId('leave-row').count(), (n) => n === before + 1);
  }

  leaveRows(): Locator {
    return this.page.getByTestId('leave-row');
  }

  async back(): Promise<StaffPage> {
    await this.page.getByTestId('staff-back').click();
    const staff = new StaffPage(this.page);
    await staff.caregivers.waitFor();
    await waitForRead(staff.caregivers);
    return staff;
  }
}
