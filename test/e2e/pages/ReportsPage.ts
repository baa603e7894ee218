/** The funding reports (#/reports): period picker, filters, figure tables with drill-down, service list, exports. */
import type { Locator, Page } from 'playwright-core';
import { translator, type Locale, type Translate } from './AppShell';

export class ReportsPage {
  readonly root: Locator;
  readonly shown: Locator;
  readonly periodError: Locator;
  readonly applyButton: Locator;
  readonly drill: Locator;
  readonly serviceRows: Locator;
  readonly exportCsvButton: Locator;
  readonly exportStatus: Locator;
  readonly t: Translate;

  constructor(
    readonly page: Page,
    readonly locale: Locale = 'th',
  ) {
    this.t = translator(locale);
    this.root = page.getByTestId('reports-page');
    this.shown = page.getByTestId('report-shown');
    this.periodError = page.getByTestId('period-error');
    this.applyButton = page.getByTestId('period-apply');
    this.drill = page.getByTestId('report-drill');
    this.serviceRows = page.getByTestId('service-row');
    this.exportCsvButton = page.getByTestId('export-csv');
    this.exportStatus = page.getByTestId('export-status');
  }

  /** Through the header link (shown to care managers and administrators). */
  static async open(page: Page, locale: Locale = 'th'): Promise<ReportsPage> {
    await page.getByTestId('nav-reports').click();
    const p = new ReportsPage(page, locale);
    await p.root.waitFor();
    await p.shown.waitFor();
    return p;
  }

  async pickFiscalYear(fyBE: number): Promise<void> {
    await this.page.getByTestId('period-kind-fiscalYear').check();
    await this.page.getByTestId('period-fy').selectOption(String(fyBE));
    await this.applyButton.click();
  }

  /** Picks a range by typing both dates (as the user types them: d/m/BE year in Thai). */
  async pickRange(fromText: string, toText: string): Promise<void> {
    await this.page.getByTestId('period-kind-range').check();
    await this.page.getByTestId('period-from').fill(fromText);
    await this.page.getByTestId('period-to').fill(toText);
    await this.applyButton.click();
  }

  /** Waits until the figures of [from, to] are on screen. */
  async waitForPeriod(from: string, to: string): Promise<void> {
    await this.page.locator(`[data-testid="report-shown"][data-from="${from}"][data-to="${to}"]`).waitFor();
    await this.page.getByTestId('report-register').waitFor();
  }

  /** Ticks or unticks one community in the filter. */
  async filterCommunity(id: string): Promise<void> {
    await this.page.locator(`[data-testid="filter-communities-option"][data-id="${id}"]`).click();
  }

  /** The button of one figure: table, row key (`__total` for the totals row) and column. */
  cell(table: string, row: string, column: string): Locator {
    return this.page.getByTestId(`cell-${table}-${row}-${column}`);
  }
}
