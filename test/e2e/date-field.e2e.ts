/**
 * The date field, typed the Thai way (renderer/ui/form/DateField.tsx): in Thai the visit date takes
 * `5/12/2569` and `๕/๑๒/๒๕๖๙` (day/month/BE year) and shows them normalised on leaving the field; the calendar
 * opens from the keyboard, moves with the arrows and picks a day with Enter, Escape closes it and returns focus
 * to its button; a CE year typed in Thai names the BE year meant; the saved visit is dated 5 December 2569;
 * in English the same date reads in CE and a BE year typed there names the CE year meant.
 *
 * 5 December 2026 must not lie in the future for the visit to save, which holds from that day on.
 */
import { describe, expect, it } from 'vitest';
import { todayBangkok } from '../../shared/dates/thaiDate';
import { buildResidentForm } from '../../shared/demo/builders';
import { useBrowser } from './support/session';
import { AppShell } from './pages/AppShell';
import { addResidentThroughForm } from './pages/flows';
import { VisitDetailPage, VisitStartPanel } from './pages/VisitPage';

describe('date field (Thai first, then English)', () => {
  const app = useBrowser();

  it('types d/m/BE year in ASCII and Thai digits, picks from the calendar by keyboard, hints an era mistake, reads CE in English', async () => {
    const { page, errors } = await app.open();
    await addResidentThroughForm(page, buildResidentForm());
    const panel = new VisitStartPanel(page);
    await panel.waitReady();
    const form = await panel.start();
    const input = form.field('visit-date');
    const calendarButton = form.field('visit-date-calendar');
    const dialog = page.getByRole('dialog');

    // A text field, not the native mm/dd/yyyy one; today in dd/mm/BE year.
    expect(await input.getAttribute('type')).toBe('text');
    expect(await input.inputValue()).toMatch(/^\d{2}\/\d{2}\/25\d{2}$/);

    // Typed the Thai way: kept as typed while typing, normalised on leaving the field, the date in words as the hint.
    await input.fill('5/12/2569');
    expect(await input.inputValue()).toBe('5/12/2569');
    await input.blur();
    expect(await input.inputValue()).toBe('05/12/2569');
    expect(await page.locator('#visit-date-hint').innerText()).toBe('5 ธันวาคม 2569');
    expect(await input.getAttribute('aria-invalid')).toBeNull();

    // The calendar from the keyboard: Tab to its button, Enter opens it on the date, Thai months, BE year, Sunday first.
    await input.focus();
    await page.keyboard.press('Tab');
    expect(await calendarButton.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    expect(await calendarButton.getAttribute('aria-expanded')).toBe('true');
    expect(await dialog.getByTestId('date-picker-month').innerText()).toBe('ธันวาคม 2569');
    expect(await dialog.locator('th').first().getAttribute('abbr')).toBe('อาทิตย์');
    const focusedDate = () => page.evaluate(() => document.activeElement?.getAttribute('data-date') ?? null);
    expect(await focusedDate()).toBe('2026-12-05');
    expect(await dialog.locator('td[data-date="2026-12-05"]').getAttribute('aria-selected')).toBe('true');
    // Today is marked, and days after it (the visit date's max) are disabled.
    const today = todayBangkok();
    if (today.startsWith('2026-12')) expect(await dialog.locator(`td[data-date="${today}"]`).getAttribute('aria-current')).toBe('date');
    if (today < '2026-12-31') expect(await dialog.locator('td[data-date="2026-12-31"]').getAttribute('aria-disabled')).toBe('true');

    // Arrows: a day back, a week back (into November), a day forward; Enter picks it, closes, focus back on the button.
    await page.keyboard.press('ArrowLeft');
    expect(await focusedDate()).toBe('2026-12-04');
    await page.keyboard.press('ArrowUp');
    expect(await focusedDate()).toBe('2026-11-27');
    expect(await dialog.getByTestId('date-picker-month').innerText()).toBe('พฤศจิกายน 2569');
    await page.keyboard.press('ArrowRight');
    expect(await focusedDate()).toBe('2026-11-28');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    expect(await input.inputValue()).toBe('28/11/2569');
    expect(await calendarButton.evaluate((el) => el === document.activeElement)).toBe(true);

    // PageUp/PageDown move a month (never past max, today); Escape closes without choosing and returns focus to the button.
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    expect(await focusedDate()).toBe('2026-11-28');
    await page.keyboard.press('PageUp');
    expect(await focusedDate()).toBe('2026-10-28');
    expect(await dialog.getByTestId('date-picker-month').innerText()).toBe('ตุลาคม 2569');
    await page.keyboard.press('PageDown');
    expect(await focusedDate()).toBe('2026-11-28');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await input.inputValue()).toBe('28/11/2569');
    expect(await calendarButton.evaluate((el) => el === document.activeElement)).toBe(true);

    // A CE year in the Thai field: the hint names the BE year meant; nothing typed is rewritten.
    await input.fill('5/12/1947');
    await input.blur();
    const error = form.error('date');
    await error.waitFor();
    expect(await error.innerText()).toContain('1947');
    expect(await error.innerText()).toContain('ให้พิมพ์ 2490');
    expect(await input.inputValue()).toBe('5/12/1947');
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect((await input.getAttribute('aria-describedby'))?.split(' ')).toContain('field-error-date');

    // Thai digits are a date too; the error goes.
    await input.fill('๕/๑๒/๒๕๖๙');
    await input.blur();
    expect(await input.inputValue()).toBe('05/12/2569');
    await error.waitFor({ state: 'detached' });

    // Saved: the visit is dated 5 December 2569.
    await form.fill({ duration: '30' });
    const detail = await form.saveAndOpenVisit();
    expect(await detail.root.locator('h1').innerText()).toContain('5 ธันวาคม 2569');
    expect(await detail.root.getByTestId('visit-when').innerText()).toContain('5 ธ.ค. 2569');

    // English: the same date in CE, in the detail and in the field of an amendment.
    await new AppShell(page).switchLanguage();
    expect(await detail.root.getByTestId('visit-when').innerText()).toContain('5 Dec 2026');
    const amend = await new VisitDetailPage(page, 'en').amend();
    const inputEn = amend.field('visit-date');
    expect(await inputEn.inputValue()).toBe('05/12/2026');
    expect(await page.locator('#visit-date-hint').innerText()).toBe('5 December 2026');
    await amend.field('visit-date-calendar').click();
    await dialog.waitFor();
    expect(await dialog.getByTestId('date-picker-month').innerText()).toBe('December 2026');
    expect(await dialog.locator('th').first().innerText()).toBe('Su');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // A BE year in the English field names the CE year meant.
    await inputEn.fill('5/12/2569');
    await inputEn.blur();
    await amend.error('date').waitFor();
    expect(await amend.error('date').innerText()).toContain('type 2026');

    expect(errors).toEqual([]);
  });
});
