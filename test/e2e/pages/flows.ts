/** Multi-page steps that several suites share, built only from the page objects. */
import type { Page } from 'playwright-core';
import type { Locale } from './AppShell';
import type { ProfilePage } from './ProfilePage';
import { RegisterPage } from './RegisterPage';
import type { ResidentFormInput } from './ResidentFormPage';

/** Register → add → fill → save; returns the new resident's profile. */
export async function addResidentThroughForm(page: Page, input: ResidentFormInput, locale: Locale = 'th'): Promise<ProfilePage> {
  const register = await RegisterPage.open(page, locale);
  const form = await register.addResident();
  await form.fill(input);
  return form.saveAndOpenProfile();
}

/** YYYY-MM-DD `days` before `iso` (calendar arithmetic in UTC, so no time zone enters). */
export function daysBefore(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) - days)).toISOString().slice(0, 10);
}
