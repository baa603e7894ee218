/**
 * Who may reach which route, decided in one place (docs/security.md §4, "Every route is guarded").
 *
 * Invariants:
 * - Every route is authenticated before its body is read, by one check every route gets as it registers,
 *   unless its method and path are in PUBLIC_ROUTES, the one allow-list. A route added without thinking about access is therefore
 *   closed (401 `auth_expired` without a token), never open.
 * - Every route under /admin/ is for administrators only (403 `forbidden`), decided here too; finer rules
 *   (reports for care managers, a resident's community) stay with the handler, through `authorize()`.
 * - A request that matched no route (404) is not authenticated: there is nothing behind it to protect.
 * - The routes are recorded as they register (`routeTable`), so tests walk the server's real route list.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context';
import { assertNever } from '../../shared/assert';
import { requireAdmin, requireAuth } from './guard';

/**
 * Routes anyone may call, as `METHOD path` with the path as registered. Each one carries its own
 * credentials in the body (login, refresh, logout, the wipe confirmation) or serves nothing personal.
 * HEAD is looked up as GET.
 */
export const PUBLIC_ROUTES: ReadonlySet<string> = new Set([
  'GET /health',
  'POST /auth/login',
  'POST /auth/refresh',
  'POST /auth/logout',
  'POST /auth/wiped',
  // The desktop app's update feed: signed installers and their manifests, nothing personal (server/updates.ts).
  'GET /updates/:file',
  // CORS preflights carry no credentials by definition (@fastify/cors).
  'OPTIONS *',
  // The app's own files, when the server serves the renderer (@fastify/static).
  'GET /*',
]);

export type RouteAccess = 'public' | 'admin' | 'user';

export interface RouteEntry {
  method: string;
  url: string;
  access: RouteAccess;
}

export function routeAccess(method: string, url: string): RouteAccess {
  const m = method === 'HEAD' ? 'GET' : method;
  if (PUBLIC_ROUTES.has(`${m} ${url}`)) return 'public';
  if (url === '/admin' || url.startsWith('/admin/')) return 'admin';
  return 'user';
}

const tables = new WeakMap<FastifyInstance, RouteEntry[]>();

/** Every route the server registered, one entry per method (HEAD included), in registration order. */
export function routeTable(app: FastifyInstance): readonly RouteEntry[] {
  return tables.get(app) ?? [];
}

/**
 * Installs the guard: every route registered after this call gets the check as its last `onRequest` hook,
 * after the rate limiter's (so a flood is limited before it costs a token check and a database read).
 */
export function installAccessGuard(app: FastifyInstance, ctx: AppContext): void {
  const table: RouteEntry[] = [];
  tables.set(app, table);
  const check = async (request: FastifyRequest): Promise<void> => {
    const url = request.routeOptions.url;
    if (url === undefined) return;
    const access = routeAccess(request.method, url);
    switch (access) {
      case 'public':
        return;
      case 'admin':
        await requireAdmin(ctx, request);
        return;
      case 'user':
        await requireAuth(ctx, request);
        return;
      default:
        assertNever(access);
    }
  };
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) table.push({ method, url: route.url, access: routeAccess(method, route.url) });
    const existing = route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
    route.onRequest = [...existing, check];
  });
}
