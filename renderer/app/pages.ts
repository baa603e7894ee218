/**
 * The pages a caregiver does not need first, each in its own chunk (see lazy.tsx): loaded when first
 * opened, or in idle time after the register has painted. The register, the profile and sign-in stay in
 * the first chunk: they are what the app opens on, and opening a resident must not wait for a fetch.
 */
import { loadLocale } from '../i18n/catalog';
import { lazyPart, preloadWhenIdle } from './lazy';

export const ResidentFormPage = lazyPart(() => import('../features/residents/form/ResidentFormPage').then((m) => m.ResidentFormPage)).Component;
export const AdlFormPage = lazyPart(() => import('../features/assessments/AdlFormPage').then((m) => m.AdlFormPage)).Component;
export const VisitFormPage = lazyPart(() => import('../features/visits/VisitFormPage').then((m) => m.VisitFormPage)).Component;
export const VisitPage = lazyPart(() => import('../features/visits/VisitPage').then((m) => m.VisitPage)).Component;
export const CarePlansPage = lazyPart(() => import('../features/carePlans/CarePlansPage').then((m) => m.CarePlansPage)).Component;
export const CarePlanPage = lazyPart(() => import('../features/carePlans/CarePlanPage').then((m) => m.CarePlanPage)).Component;
export const AlertsPage = lazyPart(() => import('../features/alerts/AlertsPage').then((m) => m.AlertsPage)).Component;
export const SettingsPage = lazyPart(() => import('../features/settings/SettingsPage').then((m) => m.SettingsPage)).Component;
export const ConflictsPage = lazyPart(() => import('../features/sync/ConflictsPage').then((m) => m.ConflictsPage)).Component;
export const AdminPage = lazyPart(() => import('../features/admin/AdminPage').then((m) => m.AdminPage)).Component;

// The English messages (their own chunk, see i18n/catalog.ts) are fetched in the same idle time, so switching
// language also works offline after the first load.
preloadWhenIdle(() =>
  loadLocale('en').then(
    () => true,
    () => false,
  ),
);
