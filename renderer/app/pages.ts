/**
 * The pages loaded on demand (see lazy.tsx): loaded when first opened, or in idle time after the register has
 * painted. The register and sign-in stay in the first chunk: they are what the app opens on. The profile is
 * preloaded first, as soon as the register's rows are painted, so opening a resident from the register normally
 * finds it loaded (docs/architecture.md, "What loads first").
 */
import { loadLocale } from '../i18n/catalog';
import { lazyPart, preloadWhenIdle } from './lazy';
import type { Route } from './router';

// A caregiver opens a resident before anything else: the profile has a chunk of its own, with the Thai
// messages of on-demand pages (vite.config.ts), and preloadParts starts it at once, the others in idle time in
// this order.
const profilePagePart = lazyPart(() => import('../features/residents/profile/ProfilePage').then((m) => m.ProfilePage), { first: true });
export const ProfilePage = profilePagePart.Component;
const residentFormPagePart = lazyPart(() => import('../features/residents/form/ResidentFormPage').then((m) => m.ResidentFormPage));
export const ResidentFormPage = residentFormPagePart.Component;
const adlFormPagePart = lazyPart(() => import('../features/assessments/AdlFormPage').then((m) => m.AdlFormPage));
export const AdlFormPage = adlFormPagePart.Component;
const visitFormPagePart = lazyPart(() => import('../features/visits/VisitFormPage').then((m) => m.VisitFormPage));
export const VisitFormPage = visitFormPagePart.Component;
const visitPagePart = lazyPart(() => import('../features/visits/VisitPage').then((m) => m.VisitPage));
export const VisitPage = visitPagePart.Component;
const carePlansPagePart = lazyPart(() => import('../features/carePlans/CarePlansPage').then((m) => m.CarePlansPage));
export const CarePlansPage = carePlansPagePart.Component;
const carePlanPagePart = lazyPart(() => import('../features/carePlans/CarePlanPage').then((m) => m.CarePlanPage));
export const CarePlanPage = carePlanPagePart.Component;
const alertsPagePart = lazyPart(() => import('../features/alerts/AlertsPage').then((m) => m.AlertsPage));
export const AlertsPage = alertsPagePart.Component;
const plannerPagePart = lazyPart(() => import('../features/rounds/planner/PlannerPage').then((m) => m.PlannerPage));
export const PlannerPage = plannerPagePart.Component;
const routeSheetPagePart = lazyPart(() => import('../features/rounds/sheet/RouteSheetPage').then((m) => m.RouteSheetPage));
export const RouteSheetPage = routeSheetPagePart.Component;
const coveragePagePart = lazyPart(() => import('../features/rounds/coverage/CoveragePage').then((m) => m.CoveragePage));
export const CoveragePage = coveragePagePart.Component;
const settingsPagePart = lazyPart(() => import('../features/settings/SettingsPage').then((m) => m.SettingsPage));
export const SettingsPage = settingsPagePart.Component;
const conflictsPagePart = lazyPart(() => import('../features/sync/ConflictsPage').then((m) => m.ConflictsPage));
export const ConflictsPage = conflictsPagePart.Component;
const todayPagePart = lazyPart(() => import('../features/rounds/today/TodayPage').then((m) => m.TodayPage));
export const TodayPage = todayPagePart.Component;
const adminPagePart = lazyPart(() => import('../features/admin/AdminPage').then((m) => m.AdminPage));
export const AdminPage = adminPagePart.Component;
const staffPagePart = lazyPart(() => import('../features/staff/StaffPage').then((m) => m.StaffPage));
export const StaffPage = staffPagePart.Component;
const reportsPagePart = lazyPart(() => import('../features/reports/ReportsPage').then((m) => m.ReportsPage));
export const ReportsPage = reportsPagePart.Component;
const caregiverPagePart = lazyPart(() => import('../features/staff/CaregiverPage').then((m) => m.CaregiverPage));
export const CaregiverPage = caregiverPagePart.Component;

// The English messages (their own chunk, see i18n/catalog.ts) are fetched in the same idle time, so switching
// language also works offline after the first load.
preloadWhenIdle(() =>
  loadLocale('en').then(
    () => true,
    () => false,
  ),
);

const ROUTE_PARTS: Partial<Record<Route['name'], { preload(): Promise<boolean> }>> = {
  resident: profilePagePart,
  residentNew: residentFormPagePart,
  residentEdit: residentFormPagePart,
  adlNew: adlFormPagePart,
  visitNew: visitFormPagePart,
  visit: visitPagePart,
  carePlans: carePlansPagePart,
  carePlan: carePlanPagePart,
  alerts: alertsPagePart,
  rounds: plannerPagePart,
  roundSheet: routeSheetPagePart,
  coverage: coveragePagePart,
  settings: settingsPagePart,
  conflicts: conflictsPagePart,
  admin: adminPagePart,
  today: todayPagePart,
  staff: staffPagePart,
  staffMember: caregiverPagePart,
  reports: reportsPagePart,
};

/**
 * Starts fetching the chunk of the page the app opens on (a reload or link on #/alerts, say) while the store
 * opens, instead of after it. Nothing for the register and sign-in (in the first chunk).
 */
export function preloadPageOf(route: Route): void {
  void ROUTE_PARTS[route.name]?.preload();
}
