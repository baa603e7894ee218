/** The care manager's alerts page (#/alerts): open alerts by severity, acknowledging, the acknowledged list. */
import type { Locator, Page } from 'playwright-core';
import type { AlertRule } from '../../../shared/alerts';
import { until } from '../support/wait';
import { translator, type Locale, type Translate } from './AppShell';

export interface ListedAlert {
  rule: string;
  residentId: string;
  alertId: string;
  severity: string;
}

export class AlertsPage {
  readonly root: Locator;
  readonly items: Locator;
  readonly acked: Locator;
  readonly openTab: Locator;
  readonly ackedTab: Locator;
  readonly ruleFilter: Locator;
  readonly t: Translate;

  constructor(
    readonly page: Page,
    readonly locale: Locale = 'th',
  ) {
    this.t = translator(locale);
    this.root = page.getByTestId('alerts-page');
    this.items = this.root.getByTestId('alert-item');
    this.acked = this.root.getByTestId('alert-acked');
    this.openTab = page.getByTestId('alerts-tab-open');
    this.ackedTab = page.getByTestId('alerts-tab-acked');
    this.ruleFilter = page.getByTestId('alerts-filter-rule');
  }

  /** Through the header link (shown to care managers). */
  static async open(page: Page, locale: Locale = 'th'): Promise<AlertsPage> {
    await page.getByTestId('nav-alerts').click();
    const p = new AlertsPage(page, locale);
    await p.root.waitFor();
    await page.getByTestId('alerts-count').waitFor();
    return p;
  }

  async list(): Promise<ListedAlert[]> {
    return this.items.evaluateAll((els) =>
      els.map((e) => ({
        rule: e.getAttribute('data-rule') ?? '',
        residentId: e.getAttribute('data-resident-id') ?? '',
        alertId: e.getAttribute('data-alert-id') ?? '',
        severity: e.getAttribute('data-severity') ?? '',
      })),
    );
  }

  item(rule: AlertRule, residentId: string): Locator {
    return this.root.locator(`[data-testid="alert-item"][data-rule="${rule}"][data-resident-id="${residentId}"]`);
  }

  /** Acknowledges one alert and waits until it has left the open list. */
  async acknowledge(rule: AlertRule, residentId: string): Promise<string> {
    const row = this.item(rule, residentId);
    const alertId = (await row.getAttribute('data-alert-id')) ?? '';
    await row.getByTestId('ack-alert').click();
    await until('the acknowledged alert to leave the list', () => this.item(rule, residentId).count(), (n) => n === 0);
    return alertId;
  }

  async showAcknowledged(): Promise<void> {
    await this.ackedTab.click();
    await this.acked.first().waitFor();
  }

  async showOpen(): Promise<void> {
    await this.openTab.click();
    await this.ruleFilter.waitFor();
  }
}
