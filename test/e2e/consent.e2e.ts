/**
 * Consent on the profile (docs/domain.md §8), in Thai, through the real UI in Chromium: a fresh resident has
 * no consent for any purpose; recording one for a representative without a name, or with no purpose, names
 * the fields and keeps what was typed; once fixed the purposes read as given and the record waits in the
 * outbox; withdrawing it turns those purposes to withdrawn.
 */
import { describe, expect, it } from 'vitest';
import { buildResidentForm } from '../../shared/demo/builders';
import { rawGetAll } from './support/idb';
import { useBrowser } from './support/session';
import { until } from './support/wait';
import { translator } from './pages/AppShell';
import { addResidentThroughForm } from './pages/flows';

const t = translator('th');

describe('consent on the profile (Thai)', () => {
  const app = useBrowser();

  it('records a representative’s consent after naming the missing fields, then withdraws it', async () => {
    const { page, errors } = await app.open();
    await addResidentThroughForm(page, buildResidentForm({ nickname: 'ยินยอม' }));
    const panel = page.getByTestId('consent-panel');
    const state = (purpose: string) => panel.locator(`[data-purpose="${purpose}"]`).getAttribute('data-state');
    await panel.waitFor();
    expect([await state('care'), await state('share_health_service'), await state('photos')]).toEqual(['none', 'none', 'none']);

    await page.getByTestId('consent-add').click();
    await page.getByTestId('consent-representative').check();
    await page.getByTestId('consent-purpose-care').uncheck();
    await page.locator('#consent-relationship').fill('บุตรสาว');
    await page.getByTestId('consent-save').click();
    const form = page.getByTestId('consent-form');
    await until('two field errors', () => form.locator('.field-error').count(), (n) => n === 2);
    const messages = await form.locator('.field-error').allInnerTexts();
    expect(messages).toEqual([`${t('pdpa.consent.representativeName')}: ${t('v.required')}`, `${t('pdpa.consent.purposes')}: ${t('v.consent.purposes.required')}`]);
    expect(await page.locator('#consent-relationship').inputValue()).toBe('บุตรสาว');

    await page.locator('#consent-rep-name').fill('สมหญิง ใจดี');
    await page.getByTestId('consent-purpose-care').check();
    await page.getByTestId('consent-purpose-photos').check();
    await page.getByTestId('consent-save').click();
    await until('care given', () => state('care'), (v) => v === 'given');
    expect([await state('share_health_service'), await state('photos')]).toEqual(['none', 'given']);
    const stored = (await rawGetAll(page, 'carerounds', 'consents')) as { representativeName: string; purposes: string[]; withdrawnOn: string | null }[];
    expect(stored).toEqual([expect.objectContaining({ representativeName: 'สมหญิง ใจดี', purposes: ['care', 'photos'], withdrawnOn: null })]);
    const outbox = (await rawGetAll(page, 'carerounds', 'outbox')) as { table: string }[];
    expect(outbox.filter((e) => e.table === 'consents')).toHaveLength(1);

    page.once('dialog', (d) => void d.accept());
    await panel.locator('summary').click();
    await page.getByTestId('consent-withdraw').click();
    await until('care withdrawn', () => state('care'), (v) => v === 'withdrawn');
    expect(await state('photos')).toBe('withdrawn');
    expect(await panel.getByTestId('consent-history').innerText()).toContain('สมหญิง ใจดี (บุตรสาว)');
    expect(errors).toEqual([]);
  });
});
