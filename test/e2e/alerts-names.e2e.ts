/**
 * The Alerts page never shows a resident as "not on this device" while it loads: names arrive with the rows
 * they belong to (renderer/features/alerts/queries.ts). Watched from the first byte of the page with a
 * MutationObserver, through an in-app visit to the page, a cold reload on it, and the acknowledged tab.
 */
import { describe, expect, it } from 'vitest';
import type { AlertRule } from '../../shared/alerts';
import type { Page } from 'playwright-core';
import { translator } from './pages/AppShell';
import { AlertsPage } from './pages/AlertsPage';
import { RegisterPage } from './pages/RegisterPage';
import { useBrowser } from './support/session';

const t = translator('th');
const UNKNOWN = t('alerts.unknownResident');

/** Installs, before any script of every load, an observer that keeps each text that names no one. */
async function watchUnknownNames(page: Page): Promise<void> {
  await page.addInitScript((label: string) => {
    const seen: string[] = [];
    (window as unknown as { __unknownSeen: string[] }).__unknownSeen = seen;
    new MutationObserver((mutations) => {
      for (const m of mutations) {
        const nodes = m.type === 'characterData' ? [m.target] : [...m.addedNodes];
        for (const n of nodes) if (n.textContent?.includes(label)) seen.push(`${performance.now().toFixed(0)} ms: ${n.textContent.slice(0, 80)}`);
      }
    }).observe(document, { childList: true, subtree: true, characterData: true });
  }, UNKNOWN);
}

const unknownSeen = (page: Page): Promise<string[]> => page.evaluate(() => (window as unknown as { __unknownSeen?: string[] }).__unknownSeen ?? []);

describe('Alerts page names (Thai, local-only device with the demo data)', () => {
  const app = useBrowser();

  it('never shows a resident as not on this device while the page loads, reloads or switches tabs', async () => {
    const { page, errors } = await app.open();
    const register = await RegisterPage.open(page);
    await register.loadDemoButton.click();
    await register.rows.first().waitFor();
    await register.waitReady();
    await watchUnknownNames(page);
    await page.reload();
    await page.getByTestId('app-ready').waitFor({ state: 'attached' });

    // In the app, from the register.
    const alerts = await AlertsPage.open(page);
    await alerts.items.first().waitFor();
    expect(await alerts.items.count()).toBeGreaterThan(0);
    // Every listed alert names its resident.
    for (const text of await alerts.items.allInnerTexts()) expect(text).not.toContain(UNKNOWN);

    // Acknowledge one, then the acknowledged tab.
    const [first] = await alerts.list();
    if (!first) throw new Error('no alert to acknowledge');
    await alerts.acknowledge(first.rule as AlertRule, first.residentId);
    await alerts.showAcknowledged();

    // Cold, straight onto the page.
    await page.reload();
    await page.getByTestId('alerts-page').waitFor();
    await page.getByTestId('alert-item').first().waitFor();
    await alerts.showAcknowledged();

    expect(await unknownSeen(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
