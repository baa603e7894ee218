/**
 * A small hash router: the app is served from carerounds://app and from static files, so the hash keeps every
 * route a single document without server rewrites.
 */
import { useSyncExternalStore } from 'react';

export type Route =
  | { name: 'register' }
  | { name: 'residentNew' }
  | { name: 'resident'; id: string }
  | { name: 'residentEdit'; id: string }
  | { name: 'adlNew'; residentId: string }
  /** `round`: the round visit this visit is made for (the caregiver's day, docs/domain.md §9). */
  | { name: 'visitNew'; residentId: string; round?: string }
  | { name: 'visit'; residentId: string; visitId: string }
  | { name: 'carePlans'; residentId: string }
  | { name: 'carePlan'; residentId: string; planId: string }
  | { name: 'alerts' }
  /** The week planner; `week` is a Monday (YYYY-MM-DD), null = next week. */
  | { name: 'rounds'; week: string | null }
  /** A caregiver's printable route sheet for a day, or for the week starting `date` (a Monday). */
  | { name: 'roundSheet'; caregiverId: string; span: 'day' | 'week'; date: string }
  /** Coverage of a week's rounds; `week` is a Monday, null = this week. */
  | { name: 'coverage'; week: string | null }
  /** A caregiver's round visits of one day; `date` null = today. */
  | { name: 'today'; date: string | null }
  /** The funding reports (docs/domain.md §6). */
  | { name: 'reports' }
  | { name: 'settings' }
  | { name: 'syncSettings' }
  | { name: 'conflicts' }
  | { name: 'admin' }
  | { name: 'staff' }
  | { name: 'staffMember'; userId: string }
  | { name: 'notFound' };

export function parseRoute(hash: string): Route {
  const [path = '/', query = ''] = (hash.replace(/^#/, '') || '/').split('?', 2);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const [a, b, c, d, e] = parts;
  const isDate = (s: string | undefined): s is string => s !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(s);
  if (parts.length === 0) return { name: 'register' };
  if (a === 'settings' && parts.length === 1) return { name: 'settings' };
  if (a === 'settings' && b === 'server' && parts.length === 2) return { name: 'syncSettings' };
  if (a === 'conflicts' && parts.length === 1) return { name: 'conflicts' };
  if (a === 'admin' && parts.length === 1) return { name: 'admin' };
  if (a === 'staff' && parts.length === 1) return { name: 'staff' };
  if (a === 'staff' && b && parts.length === 2) return { name: 'staffMember', userId: b };
  if (a === 'alerts' && parts.length === 1) return { name: 'alerts' };
  if (a === 'reports' && parts.length === 1) return { name: 'reports' };
  if (a === 'rounds' && parts.length === 1) return { name: 'rounds', week: null };
  if (a === 'rounds' && b === 'coverage' && parts.length === 2) return { name: 'coverage', week: null };
  if (a === 'rounds' && b === 'coverage' && c && /^\d{4}-\d{2}-\d{2}$/.test(c) && parts.length === 3) return { name: 'coverage', week: c };
  if (a === 'rounds' && b && /^\d{4}-\d{2}-\d{2}$/.test(b) && parts.length === 2) return { name: 'rounds', week: b };
  if (a === 'rounds' && b === 'sheet' && c && isDate(d) && parts.length === 4) return { name: 'roundSheet', caregiverId: c, span: 'day', date: d };
  if (a === 'rounds' && b === 'sheet' && c && d === 'week' && isDate(e) && parts.length === 5) return { name: 'roundSheet', caregiverId: c, span: 'week', date: e };
  if (a === 'today' && parts.length === 1) return { name: 'today', date: null };
  if (a === 'today' && b && parts.length === 2) return { name: 'today', date: b };
  if (a === 'residents') {
    if (b === 'new' && parts.length === 2) return { name: 'residentNew' };
    if (b && parts.length === 2) return { name: 'resident', id: b };
    if (b && c === 'edit' && parts.length === 3) return { name: 'residentEdit', id: b };
    if (b && c === 'adl' && d === 'new' && parts.length === 4) return { name: 'adlNew', residentId: b };
    if (b && c === 'visits' && d === 'new' && parts.length === 4) {
      const round = new URLSearchParams(query).get('round');
      return round ? { name: 'visitNew', residentId: b, round } : { name: 'visitNew', residentId: b };
    }
    if (b && c === 'visits' && d && parts.length === 4) return { name: 'visit', residentId: b, visitId: d };
    if (b && c === 'plans' && parts.length === 3) return { name: 'carePlans', residentId: b };
    if (b && c === 'plans' && d && parts.length === 4) return { name: 'carePlan', residentId: b, planId: d };
  }
  return { name: 'notFound' };
}

export function routeHref(route: Route): string {
  switch (route.name) {
    case 'register':
      return '#/';
    case 'residentNew':
      return '#/residents/new';
    case 'resident':
      return `#/residents/${encodeURIComponent(route.id)}`;
    case 'residentEdit':
      return `#/residents/${encodeURIComponent(route.id)}/edit`;
    case 'adlNew':
      return `#/residents/${encodeURIComponent(route.residentId)}/adl/new`;
    case 'visitNew':
      return `#/residents/${encodeURIComponent(route.residentId)}/visits/new${route.round ? `?round=${encodeURIComponent(route.round)}` : ''}`;
    case 'visit':
      return `#/residents/${encodeURIComponent(route.residentId)}/visits/${encodeURIComponent(route.visitId)}`;
    case 'carePlans':
      return `#/residents/${encodeURIComponent(route.residentId)}/plans`;
    case 'carePlan':
      return `#/residents/${encodeURIComponent(route.residentId)}/plans/${encodeURIComponent(route.planId)}`;
    case 'alerts':
      return '#/alerts';
    case 'reports':
      return '#/reports';
    case 'rounds':
      return route.week === null ? '#/rounds' : `#/rounds/${route.week}`;
    case 'roundSheet':
      return `#/rounds/sheet/${encodeURIComponent(route.caregiverId)}/${route.span === 'week' ? 'week/' : ''}${route.date}`;
    case 'coverage':
      return route.week === null ? '#/rounds/coverage' : `#/rounds/coverage/${route.week}`;
    case 'today':
      return route.date === null ? '#/today' : `#/today/${encodeURIComponent(route.date)}`;
    case 'settings':
      return '#/settings';
    case 'syncSettings':
      return '#/settings/server';
    case 'conflicts':
      return '#/conflicts';
    case 'admin':
      return '#/admin';
    case 'staff':
      return '#/staff';
    case 'staffMember':
      return `#/staff/${encodeURIComponent(route.userId)}`;
    case 'notFound':
      return '#/';
  }
}

export function navigate(route: Route, opts: { replace?: boolean } = {}): void {
  const href = routeHref(route);
  if (opts.replace) window.location.replace(href);
  else window.location.hash = href.slice(1);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}

/**
 * One route of every kind, typed so a new kind of route cannot be added without one: the guard's tests walk
 * this table (app/guard.test.ts, test/e2e/lock.e2e.ts).
 */
export const ROUTE_EXAMPLES: { readonly [N in Route['name']]: Extract<Route, { name: N }> } = {
  register: { name: 'register' },
  residentNew: { name: 'residentNew' },
  resident: { name: 'resident', id: 'RESIDENT' },
  residentEdit: { name: 'residentEdit', id: 'RESIDENT' },
  adlNew: { name: 'adlNew', residentId: 'RESIDENT' },
  visitNew: { name: 'visitNew', residentId: 'RESIDENT' },
  visit: { name: 'visit', residentId: 'RESIDENT', visitId: 'VISIT' },
  carePlans: { name: 'carePlans', residentId: 'RESIDENT' },
  carePlan: { name: 'carePlan', residentId: 'RESIDENT', planId: 'PLAN' },
  alerts: { name: 'alerts' },
  rounds: { name: 'rounds', week: null },
  roundSheet: { name: 'roundSheet', caregiverId: 'CAREGIVER', span: 'day', date: '2026-01-05' },
  coverage: { name: 'coverage', week: null },
  today: { name: 'today', date: null },
  reports: { name: 'reports' },
  settings: { name: 'settings' },
  syncSettings: { name: 'syncSettings' },
  conflicts: { name: 'conflicts' },
  admin: { name: 'admin' },
  staff: { name: 'staff' },
  staffMember: { name: 'staffMember', userId: 'CAREGIVER' },
  notFound: { name: 'notFound' },
};
