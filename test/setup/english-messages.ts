/**
 * Suites read English messages synchronously (`catalog.en`, `translate('en', …)`), as the app does once
 * English is chosen; the app fetches that catalog on demand (renderer/i18n/catalog.ts), so it is loaded
 * here before each test file runs.
 */
import { loadLocale } from '../../renderer/i18n/catalog';

await loadLocale('en');
