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
  | { name: 'visitNew'; residentId: string }
  | { name: 'visit'; residentId: string; visitId: string }
  | { name: 'carePlans'; residentId: string }
  | { name: 'carePlan'; residentId: string; planId: string }
  | { name: 'alerts' }
  | { name: 'settings' }
  | { name: 'syncSettings' }
  | { name: 'conflicts' }
  | { name: 'admin' }
  | { name: 'staff' }
  | { name: 'staffMember'; userId: string }
  | { name: 'notFound' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const [a, b, c, d] = parts;
  if (parts.length === 0) return { name: 'register' };
  if (a === 'settings' && parts.length === 1) return { name: 'settings' };
  if (a === 'settings' && b === 'server' && parts.length === 2) return { name: 'syncSettings' };
  if (a === 'conflicts' && parts.length === 1) return { name: 'conflicts' };
  if (a === 'admin' && parts.length === 1) return { name: 'admin' };
  if (a === 'staff' && parts.length === 1) return { name: 'staff' };
  if (a === 'staff' && b && parts.length === 2) return { name: 'staffMember', userId: b };
  if (a === 'alerts' && parts.length === 1) return { name: 'alerts' };
  if (a === 'residents') {
    if (b === 'new' && parts.length === 2) return { name: 'residentNew' };
    if (b && parts.length === 2) return { name: 'resident', id: b };
    if (b && c === 'edit' && parts.length === 3) return { name: 'residentEdit', id: b };
    if (b && c === 'adl' && d === 'new' && parts.length === 4) return { name: 'adlNew', residentId: b };
    if (b && c === 'visits' && d === 'new' && parts.length === 4) return { name: 'visitNew', residentId: b };
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
      return `#/residents/${encodeURIComponent(route.residentId)}/visits/new`;
    case 'visit':
      return `#/residents/${encodeURIComponent(route.residentId)}/visits/${encodeURIComponent(route.visitId)}`;
    case 'carePlans':
      return `#/residents/${encodeURIComponent(route.residentId)}/plans`;
    case 'carePlan':
      return `#/residents/${encodeURIComponent(route.residentId)}/plans/${encodeURIComponent(route.planId)}`;
    case 'alerts':
      return '#/alerts';
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
