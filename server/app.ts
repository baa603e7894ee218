/**
 * The municipal server as a Fastify instance: used by tests through `app.inject` and by main.ts to listen.
 *
 * Invariants (docs/security.md §4):
 * - Every response is JSON `{ error: { code, message, retryable } }` on failure (errors.ts), never a stack.
 * - Bodies: JSON only (text/plain parser removed), capped (push 2 MiB, others far less), `__proto__` and
 *   `constructor.prototype` keys refused by the parser; strings (keys and values) holding NUL or a lone UTF-16
 *   surrogate refused with 400 `invalid_argument` naming the field, except in a push, which judges them per
 *   mutation; route input is parsed by strict zod schemas.
 * - /sync, /auth, /admin, /audit, /reports (and /health, /communities, /directory) responses carry `Cache-Control: no-store`; every response carries `nosniff` and
 *   HSTS (helmet) and the app CSP; CORS answers only the origin `carerounds://app`.
 * - X-Forwarded-* are ignored unless `trustProxy` names our own proxy.
 * - Every route is authenticated (and /admin/* is admin-only) before its body is read, unless it is in the
 *   one allow-list of public routes (auth/access.ts).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerAuditRoutes } from './admin/audit';
import { registerAdminRoutes } from './admin/routes';
import { installAccessGuard } from './auth/access';
import { peekClaims } from './auth/guard';
import { registerAuthRoutes } from './auth/routes';
import type { ServerConfig } from './config';
import { SyncEvents, type AppContext } from './context';
import { APP_CSP } from './csp';
import type { Db } from './db/db';
import { auditingErrorHandler } from './auditRefusals';
import { ApiError, errorHandler, sendError } from './errors';
import { MAX_BODY_BYTES } from './limits';
import { unstorableTextAt } from '../shared/sync/formats';
import { PROTOCOL_VERSION, type HealthResponse } from '../shared/sync/protocol';
import { SUPPORTED_SCHEMA_VERSIONS } from '../shared/sync/upcast';
import { registerSyncRoutes } from './sync/routes';
import { registerAttachmentRoutes } from './attachments/routes';
import { ReportProjector } from './reports/projector';
import { registerReportRoutes } from './reports/routes';
import { registerSnapshotRoutes } from './reports/snapshots';
import { registerUpdateRoutes } from './updates';
import { registerPdpaRoutes } from './pdpa/routes';
import { scheduleDailyUpkeep, type UpkeepOptions } from './upkeep';
import '../shared/zodEnglish';

export const APP_ORIGIN = 'carerounds://app';
/** The route that judges text per mutation (parsePushRequest) instead of refusing the whole body. */
const PER_MUTATION_ROUTE = '/sync/push';
const NO_STORE_PREFIXES = ['/sync', '/auth', '/admin', '/audit', '/health', '/communities', '/directory', '/reports'];

export interface BuildServerOptions {
  db: Db;
  config: ServerConfig;
  now?: () => number;
  events?: SyncEvents;
  /** The report projector (tests pass their own to watch its failures); by default one logging them. */
  reportFacts?: ReportProjector;
  /** The daily upkeep's timer (server/upkeep.ts); tests pass one they drive. */
  upkeep?: UpkeepOptions;
}

function isPersonalDataPath(url: string): boolean {
  const pathname = url.split('?', 1)[0] ?? '';
  return NO_STORE_PREFIXES.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

export async function buildServer(options: BuildServerOptions): Promise<FastifyInstance> {
  const { db, config } = options;
  const app = Fastify({
    logger: config.logger ? { level: process.env.LOG_LEVEL ?? 'info', redact: ['req.headers.authorization'] } : false,
    bodyLimit: MAX_BODY_BYTES,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    trustProxy: config.trustProxy,
    genReqId: () => randomUUID(),
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { maxParamLength: 200 },
    // Bad URLs and over-long path parameters are answered before routing: same error shape as the rest.
    frameworkErrors: (error, request, reply) => {
      void reply.header('X-Content-Type-Options', 'nosniff');
      void reply.header('Cache-Control', 'no-store');
      errorHandler(error, request, reply);
    },
  });

  const events = options.events ?? new SyncEvents();
  const reportFacts =
    options.reportFacts ?? new ReportProjector(db, (error) => app.log.error({ err: error }, 'report projection failed: retried at the next push or report'));
  const ctx: AppContext = { db, config, now: options.now ?? Date.now, events, reportFacts };
  // Pushes write records only; their report facts are projected after the commit (server/reports/projector.ts).
  const onChanged = (): void => reportFacts.trigger();
  events.on('changed', onChanged);
  app.addHook('onClose', async () => {
    events.off('changed', onChanged);
    await reportFacts.settle();
  });

  app.setErrorHandler(auditingErrorHandler(ctx));
  app.setNotFoundHandler((request, reply) => {
    void sendError(reply, new ApiError('not_found', `no route ${request.method} ${(request.url.split('?', 1)[0] ?? '').slice(0, 200)}`));
  });
  app.removeContentTypeParser('text/plain');
  // JSON with the framework's parser (proto/constructor poisoning → error), then every string (keys too) is
  // checked for NUL and lone UTF-16 surrogates: PostgreSQL cannot store them in text or jsonb, so they must be
  // a 400 naming the field, never a 500. A push is judged per mutation instead (a bad one is refused alone).
  const defaultJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    defaultJson(request, text, (error: Error | null, value?: unknown) => {
      if (error !== null) return done(error, undefined);
      const at = request.routeOptions.url === PER_MUTATION_ROUTE ? null : unstorableTextAt(value);
      if (at !== null) return done(new ApiError('invalid_argument', `body field ${at === '' ? '(body)' : at.slice(0, 200)}: text holds a NUL character or a lone UTF-16 surrogate`), undefined);
      done(null, value);
    });
  });

  await app.register(helmet, {
    contentSecurityPolicy: false, // set below: the same policy as the Electron protocol handler
    hsts: { maxAge: 31_536_000, includeSubDomains: true },
  });
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimit.defaultPerMinute,
    timeWindow: 60_000,
    keyGenerator: async (request) => {
      const claims = await peekClaims(ctx, request);
      return claims ? `dev|${claims.deviceId}` : `ip|${request.ip}`;
    },
    errorResponseBuilder: (_request, limit) => new ApiError('rate_limited', `too many requests; retry after ${limit.after}`, { retryAfterMs: Math.max(0, Math.ceil(limit.ttl)) }),
  });

  // Every route registered from here on is authenticated unless allow-listed (auth/access.ts), after the
  // rate limiter's check: so the CORS preflight route and every API route are in its table.
  installAccessGuard(app, ctx);
  // A preflight without Origin or Access-Control-Request-Method is refused here, before @fastify/cors would
  // answer it in plain text: every 4xx is an ErrorBody.
  app.addHook('onRequest', async (request) => {
    if (request.method === 'OPTIONS' && (!request.headers.origin || !request.headers['access-control-request-method'])) {
      throw new ApiError('invalid_argument', 'a CORS preflight needs the Origin and Access-Control-Request-Method headers');
    }
  });
  await app.register(cors, {
    origin: [APP_ORIGIN],
    methods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type'],
    credentials: false,
    maxAge: 600,
  });

  // While closing, every response asks the client to close its connection, so keep-alive sockets do not
  // hold app.close() open once the in-flight requests are answered.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) void reply.header('Connection', 'close');
    return payload;
  });

  app.addHook('onRequest', async (request, reply) => {
    void reply.header('Content-Security-Policy', APP_CSP);
    void reply.header('X-Request-Id', request.id);
    if (isPersonalDataPath(request.url)) void reply.header('Cache-Control', 'no-store');
  });

  app.get('/health', { config: { rateLimit: false } }, async (_request, reply) => {
    await db.query('SELECT 1');
    const body: HealthResponse = {
      status: 'ok',
      version: config.version,
      db: db.kind,
      protocol: PROTOCOL_VERSION,
      schemaVersions: { ...SUPPORTED_SCHEMA_VERSIONS },
      serverTime: new Date(ctx.now()).toISOString(),
    };
    return reply.send(body);
  });

  registerAuthRoutes(app, ctx);
  registerAdminRoutes(app, ctx);
  registerAuditRoutes(app, ctx);
  registerSyncRoutes(app, ctx);
  registerAttachmentRoutes(app, ctx);
  registerReportRoutes(app, ctx);
  registerSnapshotRoutes(app, ctx);
  registerUpdateRoutes(app, config.updatesDir); // public: the desktop app's update feed
  registerPdpaRoutes(app, ctx);
  scheduleDailyUpkeep(app, ctx, options.upkeep); // retention and audit_view_seen pruning; stopped by app.close()

  const rendererDir = config.rendererDir ? path.resolve(config.rendererDir) : undefined;
  if (rendererDir && existsSync(rendererDir) && statSync(rendererDir).isDirectory()) {
    await app.register(fastifyStatic, {
      root: rendererDir,
      prefix: '/',
      index: ['index.html'],
      dotfiles: 'ignore',
      cacheControl: false,
      etag: true,
      setHeaders: (reply) => {
        void reply.header('Cache-Control', 'no-cache');
      },
    });
  } else if (rendererDir) {
    app.log.warn({ rendererDir }, 'renderer folder not found; serving the API only');
  }

  return app;
}
