/**
 * Suites read English messages synchronously (`catalog.en`, `translate('en', …)`), as the app does once
 * English is chosen; the app fetches that catalog on demand (renderer/i18n/catalog.ts), so it is loaded
 * here before each test file runs, with the Thai messages of the on-demand pages (loaded with those pages).
 */
import { loadLocale, loadPageMessages } from '../../renderer/i18n/catalog';

await Promise.all([loadLocale('en'), loadPageMessages()]);
