/**
 * Care plans: the resident's plan list (#/residents/:id/plans), the plan editor (draft/submitted) and the
 * read-only plan view. Inputs are found by their test ids (`plan-<path>`, e.g. plan-activities-0-code), which
 * the editor gives every field.
 */
import type { Locator, Page } from 'playwright-core';
import type { CarePlanStatus, Performer } from '../../../shared/carePlan';
import type { CareActivityCode } from '../../../shared/reference/careActivities';
import { translator, type Locale, type Translate } from './AppShell';
import { waitForRead } from '../support/wait';

export interface ActivityInput {
  code: CareActivityCode;
  timesPerWeek: string;
  minutes?: string;
  performer?: Performer;
  /** A user id among the assignee options (the editor preselects the current user). */
  assigneeId?: string;
}

export class CarePlansListPage {
  readonly root: Locator;
  readonly rows: Locator;
  readonly newButton: Locator;
  readonly continueDraft: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('care-plans-page');
    this.rows = page.getByTestId('plan-row');
    this.newButton = page.getByTestId('new-care-plan');
    this.continueDraft = page.getByTestId('continue-plan-draft');
  }

  async waitReady(): Promise<void> {
    await this.root.waitFor();
  }

  /** version → status of every listed plan, newest first. */
  async statuses(): Promise<{ version: number; status: string; current: boolean }[]> {
    return this.rows.evaluateAll((rows) =>
      rows.map((r) => ({
        version: Number(r.getAttribute('data-version')),
        status: r.querySelector('[data-testid="plan-status"]')?.getAttribute('data-status') ?? '',
        current: r.getAttribute('data-current') === 'true',
      })),
    );
  }

  /** Starts a plan; returns once the editor has read who it can offer as caregivers. */
  async newPlan(locale: Locale = 'th'): Promise<CarePlanPage> {
    await this.newButton.click();
    const editor = new CarePlanPage(this.page, locale);
    await editor.waitReady();
    return editor;
  }
}

export class CarePlanPage {
  readonly editor: Locator;
  readonly view: Locator;
  readonly status: Locator;
  readonly saveButton: Locator;
  readonly submitButton: Locator;
  readonly approveButton: Locator;
  readonly reviseButton: Locator;
  readonly approvedBy: Locator;
  readonly gaps: Locator;
  readonly errorSummary: Locator;
  readonly error: Locator;
  readonly t: Translate;

  constructor(
    readonly page: Page,
    readonly locale: Locale = 'th',
  ) {
    this.t = translator(locale);
    this.editor = page.getByTestId('care-plan-editor');
    this.view = page.getByTestId('care-plan-view');
    this.status = page.locator('.page-header [data-testid="plan-status"]');
    this.saveButton = page.getByTestId('save-plan');
    this.submitButton = page.getByTestId('submit-plan');
    this.approveButton = page.getByTestId('approve-plan');
    this.reviseButton = page.getByTestId('revise-plan');
    this.approvedBy = page.getByTestId('plan-approved-by');
    this.gaps = page.getByTestId('approve-gaps');
    this.errorSummary = page.getByTestId('error-summary');
    this.error = page.getByTestId('plan-error');
  }

  /**
   * The editor is shown and has read the users it offers (aria-busy): until then its caregiver lists hold
   * only the current user, so reading them earlier would see a list that later grows.
   */
  async waitReady(): Promise<void> {
    await this.editor.waitFor();
    await waitForRead(this.editor);
  }

  field(path: string): Locator {
    return this.page.getByTestId(`plan-${path.replace(/\./g, '-')}`);
  }

  async addProblem(text: string): Promise<number> {
    const n = await this.page.getByTestId('plan-problem').count();
    await this.page.getByTestId('add-problem').click();
    await this.field(`problems.${n}.text`).fill(text);
    return n;
  }

  async addGoal(input: { text: string; problemText?: string; targetDate?: string }): Promise<number> {
    const n = await this.page.getByTestId('plan-goal').count();
    await this.page.getByTestId('add-goal').click();
    await this.field(`goals.${n}.text`).fill(input.text);
    if (input.problemText !== undefined) await this.field(`goals.${n}.problemKey`).selectOption({ label: input.problemText });
    if (input.targetDate !== undefined) await this.field(`goals.${n}.targetDate`).fill(input.targetDate);
    return n;
  }

  async addActivity(a: ActivityInput): Promise<number> {
    const n = await this.page.getByTestId('plan-activity').count();
    await this.page.getByTestId('add-activity').click();
    await this.field(`activities.${n}.code`).selectOption(a.code);
    await this.field(`activities.${n}.timesPerWeek`).fill(a.timesPerWeek);
    if (a.minutes !== undefined) await this.field(`activities.${n}.minutes`).fill(a.minutes);
    if (a.performer !== undefined) await this.field(`activities.${n}.performer`).selectOption(a.performer);
    if (a.assigneeId !== undefined) await this.field(`activities.${n}.assigneeId`).selectOption(a.assigneeId);
    return n;
  }

  async statusCode(): Promise<CarePlanStatus> {
    return (await this.status.getAttribute('data-status')) as CarePlanStatus;
  }

  /** Waits until the page header shows `status`. */
  async waitForStatus(status: CarePlanStatus): Promise<void> {
    await this.page.locator(`.page-header [data-testid="plan-status"][data-status="${status}"]`).waitFor();
  }

  /** The plan id in the URL (#/residents/:id/plans/:planId), once saved. */
  planIdFromUrl(): string | null {
    const m = /#\/residents\/[^/]+\/plans\/([^/]+)$/.exec(this.page.url());
    const id = m?.[1];
    return id && id !== 'new' ? decodeURIComponent(id) : null;
  }

  /** The text of each "what is missing for approval" entry. */
  async gapTexts(): Promise<string[]> {
    return this.page.getByTestId('approve-gap').allInnerTexts();
  }
}
