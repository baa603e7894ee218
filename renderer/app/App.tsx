import { useEffect, useRef } from 'react';
import { useOnline } from './useOnline';
import { useI18n } from '../i18n/I18nProvider';
import { useActor } from './useActor';
import { RegisterPage } from '../features/residents/register/RegisterPage';
import { SignInPage } from '../features/sync/SignInPage';
import { preloadParts } from './lazy';
import { useShellUpdate } from './shellWorker';
import { AdlFormPage, AdminPage, AlertsPage, CaregiverPage, CarePlanPage, CarePlansPage, ConflictsPage, CoveragePage, PlannerPage, ProfilePage, ReportsPage, ResidentFormPage, RouteSheetPage, SettingsPage, StaffPage, TodayPage, VisitFormPage, VisitPage } from './pages';
import { TodayNavLink } from '../features/rounds/today';
import { SyncProvider, useSync } from '../features/sync/SyncProvider';
import { SyncStatus } from '../features/sync/SyncStatus';
import { AccountMenu } from '../features/sync/AccountMenu';
import { ReplacedEdits } from '../features/sync/ReplacedEdits';
import { WipedScreen } from '../features/sync/WipedScreen';
import { routeHref, useRoute, type Route } from './router';
import { routeAccess, type Access } from './guard';
import { useLock } from '../lock/LockRoot';
import { SetUpScreen, UnlockScreen } from '../lock/LockScreens';
import { canAcknowledgeAlerts, canAdmin, canManageStaff, canPlanRounds, canResolveConflicts, canSeeReports } from '../../shared/permissions';

export function App() {
  return (
    <SyncProvider>
      <WipeGate />
    </SyncProvider>
  );
}

/** A device wiped by an administrator's order shows only that (docs/security.md §3), never the app. */
function WipeGate() {
  const { wiped } = useSync();
  return wiped ? <WipedScreen marker={wiped} /> : <Shell />;
}

const PRELOAD_AFTER_MS = 1500;

function Shell() {
  const route = useRoute();
  const { session, server, ready } = useSync();
  const { lock, phase } = useLock();
  const managed = server !== null || lock.managed();
  // Until the session is read, a device that has been signed in on shows nothing but the loading line.
  if (!ready && managed) return <GatedShell access={null} />;
  const access = routeAccess(route, { managed, sessionUserId: session?.user.id ?? null, phase });
  return access.kind === 'page' ? <OpenShell route={access.route} /> : <GatedShell access={access} />;
}

/**
 * What shows while signed out or locked (guard.ts): the app's name, the sync line, the language switch and
 * the sign-in, PIN or unlock screen; no navigation, nothing of a resident.
 */
function GatedShell({ access }: { access: Exclude<Access, { kind: 'page' }> | null }) {
  const { t } = useI18n();
  return (
    <div className="app" data-testid="app-ready" data-gate={access?.kind ?? 'loading'}>
      <header className="app-header">
        <span className="brand">{t('app.name')}</span>
        {/* Counts and problems only (what waits to be sent, a revoked device), never a record. */}
        {access === null ? null : <SyncStatus />}
        <LanguageSwitch />
      </header>
      <main id="main" tabIndex={-1} data-testid="gate">
        <ShellUpdateNotice />
        {access === null ? (
          <p className="empty" role="status">
            {t('app.loading')}
          </p>
        ) : access.kind === 'signIn' ? (
          <SignInPage />
        ) : access.kind === 'reauth' ? (
          <SignInPage reauth={access.blocked ? 'blocked' : 'again'} />
        ) : access.kind === 'setUp' ? (
          <SetUpScreen />
        ) : (
          <UnlockScreen />
        )}
      </main>
    </div>
  );
}

function LanguageSwitch() {
  const { t, locale, setLocale } = useI18n();
  // Named by its visible text, the language it switches to, spoken in that language (lang); the longer
  // explanation is its description (title), so the name a speech user says is the one shown.
  return (
    <button type="button" onClick={() => setLocale(locale === 'th' ? 'en' : 'th')} title={t('lang.switchLabel')} data-testid="switch-language">
      <span lang={locale === 'th' ? 'en' : 'th'}>{t('lang.switch')}</span>
    </button>
  );
}

function OpenShell({ route }: { route: Route }) {
  const { t } = useI18n();
  const online = useOnline();
  const { session } = useSync();
  const { lock, phase } = useLock();
  const section =
    route.name === 'settings' || route.name === 'syncSettings'
      ? 'settings'
      : route.name === 'staff' || route.name === 'staffMember'
        ? 'staff'
        : route.name === 'coverage' || route.name === 'roundSheet'
          ? 'rounds'
          : route.name === 'conflicts' || route.name === 'admin' || route.name === 'alerts' || route.name === 'rounds' || route.name === 'today' || route.name === 'reports'
            ? route.name
            : 'register';
  const actor = useActor();
  const mainRef = useRef<HTMLElement>(null);
  const routeKey = JSON.stringify(route);
  const shownRoute = useRef(routeKey);

  // Every on-demand page is fetched once the first page is up (the register starts it sooner), so the app
  // keeps working offline after its first load.
  useEffect(() => preloadParts(PRELOAD_AFTER_MS), []);

  // A new page moves focus to the content, so keyboard and screen-reader users start at the new page.
  useEffect(() => {
    if (shownRoute.current === routeKey) return;
    shownRoute.current = routeKey;
    mainRef.current?.focus();
  }, [routeKey]);

  return (
    <div className="app" data-testid="app-ready">
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="app-header">
        <span className="brand">{t('app.name')}</span>
        <nav>
          <a href={routeHref({ name: 'register' })} aria-current={section === 'register' ? 'page' : undefined}>
            {t('nav.register')}
          </a>
          <TodayNavLink actor={actor} current={section === 'today'} />
          {canAcknowledgeAlerts(actor) ? (
            <a href={routeHref({ name: 'alerts' })} aria-current={section === 'alerts' ? 'page' : undefined} data-testid="nav-alerts">
              {t('alerts.nav')}
            </a>
          ) : null}
          {canPlanRounds(actor) ? (
            <a href={routeHref({ name: 'rounds', week: null })} aria-current={section === 'rounds' ? 'page' : undefined} data-testid="nav-rounds">
              {t('planner.nav')}
            </a>
          ) : null}
          {canSeeReports(actor) ? (
            <a href={routeHref({ name: 'reports' })} aria-current={section === 'reports' ? 'page' : undefined} data-testid="nav-reports">
              {t('reports.nav')}
            </a>
          ) : null}
          {session && canResolveConflicts(session.user) ? (
            <a href={routeHref({ name: 'conflicts' })} aria-current={section === 'conflicts' ? 'page' : undefined} data-testid="nav-conflicts">
              {t('sync.nav.conflicts')}
            </a>
          ) : null}
          {canManageStaff(actor) ? (
            <a href={routeHref({ name: 'staff' })} aria-current={section === 'staff' ? 'page' : undefined} data-testid="nav-staff">
              {t('staff.nav')}
            </a>
          ) : null}
          {session && canAdmin(session.user) ? (
            <a href={routeHref({ name: 'admin' })} aria-current={section === 'admin' ? 'page' : undefined} data-testid="nav-admin">
              {t('admin.nav')}
            </a>
          ) : null}
          <a href={routeHref({ name: 'settings' })} aria-current={section === 'settings' ? 'page' : undefined}>
            {t('nav.settings')}
          </a>
        </nav>
        <span className="status" data-testid="online-status">
          {online ? t('status.online') : t('status.offline')}
        </span>
        <SyncStatus />
        <AccountMenu />
        {phase.kind === 'unlocked' ? (
          <button type="button" className="btn" onClick={() => lock.lock()} data-testid="lock-now">
            {t('lock.now')}
          </button>
        ) : null}
        <LanguageSwitch />
      </header>
      <main id="main" tabIndex={-1} ref={mainRef}>
        <ShellUpdateNotice />
        <ReplacedEdits />
        <Page route={route} />
      </main>
    </div>
  );
}

/** A new version of the browser version's app shell is ready; it replaces this one only when the user says so. */
function ShellUpdateNotice() {
  const { t } = useI18n();
  const update = useShellUpdate();
  if (!update.ready) return null;
  return (
    <div className="alert alert-success row" role="status" data-testid="update-ready">
      <span>{t('update.ready')}</span>
      <button type="button" className="btn btn-primary" onClick={update.apply} data-testid="update-reload">
        {t('update.reload')}
      </button>
    </div>
  );
}

function Page({ route }: { route: Route }) {
  const { t } = useI18n();
  const { server, session } = useSync();
  switch (route.name) {
    case 'register':
      // With a server known (this page served by it, or the installation enrolled) the day starts with
      // signing in: the register then fills from the server instead of inviting local-only data.
      return server !== null && session === null ? <SignInPage /> : <RegisterPage />;
    case 'residentNew':
      return <ResidentFormPage key="new" />;
    case 'resident':
      return <ProfilePage residentId={route.id} />;
    case 'residentEdit':
      return <ResidentFormPage key={route.id} residentId={route.id} />;
    case 'adlNew':
      return <AdlFormPage residentId={route.residentId} />;
    case 'visitNew':
      return <VisitFormPage key={route.round ?? ''} residentId={route.residentId} roundVisitId={route.round} />;
    case 'visit':
      return <VisitPage residentId={route.residentId} visitId={route.visitId} />;
    case 'carePlans':
      return <CarePlansPage residentId={route.residentId} />;
    case 'carePlan':
      return <CarePlanPage residentId={route.residentId} planId={route.planId} />;
    case 'alerts':
      return <AlertsPage />;
    case 'reports':
      return <ReportsPage />;
    case 'rounds':
      return <PlannerPage key={route.week ?? 'next'} week={route.week} />;
    case 'roundSheet':
      return <RouteSheetPage caregiverId={route.caregiverId} span={route.span} date={route.date} />;
    case 'coverage':
      return <CoveragePage key={route.week ?? 'this'} week={route.week} />;
    case 'today':
      return <TodayPage key={route.date ?? ''} date={route.date} />;
    case 'settings':
      return <SettingsPage />;
    case 'syncSettings':
      return <SignInPage />;
    case 'conflicts':
      return <ConflictsPage />;
    case 'admin':
      return <AdminPage />;
    case 'staff':
      return <StaffPage />;
    case 'staffMember':
      return <CaregiverPage key={route.userId} userId={route.userId} />;
    case 'notFound':
      return <p className="empty">{t('common.notFound')}</p>;
  }
}
