/**
 * /sync/push, /sync/pull, /sync/bootstrap, /sync/events, /communities and /directory.
 *
 * Invariants:
 * - Every route authenticates first (requireAuth re-reads device and user), then validates its input with the
 *   protocol's parsers, then checks the schema version (426 too old, 409 too new) before touching data.
 * - A push is refused whole only for a broken envelope; a malformed mutation (bad text, wrong types, unknown
 *   keys) is refused alone, in its result, and the rest of the batch is applied (parsePushRequest).
 * - The `changed` event is emitted only after a push committed.
 * - A bootstrap stream is produced one line at a time as the connection takes it (back-pressure); when the
 *   client goes away the stream stops reading the database.
 * - An event stream ends when its access token expires (the client reconnects with a fresh one, so a revoked
 *   device stops hearing about changes within 15 minutes) and when the server shuts down.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import { PassThrough, type Transform } from 'node:stream';
import { promisify } from 'node:util';
import { createGzip, gzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { decodeCursor } from '../../shared/sync/cursor';
import { parseBootstrapQuery, parsePullQuery, parsePushRequest, type SyncEvent } from '../../shared/sync/protocol';
import { checkSchemaVersion, SUPPORTED_SCHEMA_VERSIONS, upcastMutation } from '../../shared/sync/upcast';
import { MAX_BODY_BYTES } from '../limits';
import { requireAuth } from '../auth/guard';
import type { AppContext } from '../context';
import { ApiError } from '../errors';
import { listCommunities, listUsers } from '../users';
import { directoryFor } from '../../shared/sync/directory';
import { createServerClock, push } from './push';
import { bootstrapLines, planBootstrap } from './bootstrap';
import { pull, pullPageJson } from './pull';

export const SSE_HEARTBEAT_MS = 25_000;

function assertSchemaVersion(v: number): void {
  const check = checkSchemaVersion(v);
  if (check === 'schema_too_old') {
    throw new ApiError('schema_too_old', `schema version ${v} is too old for this server; update the app`, { schemaVersions: { ...SUPPORTED_SCHEMA_VERSIONS } });
  }
  if (check === 'schema_too_new') {
    throw new ApiError('schema_too_new', `schema version ${v} is newer than this server knows; your changes wait until the server is updated`, {
      schemaVersions: { ...SUPPORTED_SCHEMA_VERSIONS },
    });
  }
}

const gzipAsync = promisify(gzip);

/** Pull pages at least this long (characters) are gzipped for clients that accept it. */
export const GZIP_MIN_CHARS = 8 * 1024;

/** Whether an Accept-Encoding header allows gzip (q=0 refuses it). */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  for (const part of value.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (name !== 'gzip' && name !== '*') continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  }
  return false;
}

export function registerSyncRoutes(app: FastifyInstance, ctx: AppContext): void {
  const serverClock = createServerClock(ctx.now);
  const streams = new Set<ServerResponse>();

  app.post('/sync/push', { bodyLimit: MAX_BODY_BYTES }, async (request, reply) => {
    const auth = await requireAuth(ctx, request);
    const parsed = parsePushRequest(request.body);
    if (!parsed.ok) throw parsed.error;
    const body = parsed.value;
    assertSchemaVersion(body.schemaVersion);
    // A refused mutation's stand-in is a skip: nothing to upcast.
    const upcast = { ...body, mutations: body.mutations.map((m) => (parsed.refused.has(m.mid) ? m : upcastMutation(m, body.schemaVersion))) };
    const outcome = await push({ db: ctx.db, now: ctx.now, serverClock, requestId: request.id }, auth, upcast, parsed.refused);
    if (outcome.committedSeq !== null) ctx.events.emit('changed', outcome.committedSeq);
    return reply.send(outcome.response);
  });

  app.get('/sync/pull', async (request, reply) => {
    const auth = await requireAuth(ctx, request);
    const parsed = parsePullQuery(request.query);
    if (!parsed.ok) throw parsed.error;
    assertSchemaVersion(parsed.value.schemaVersion);
    const stored = decodeCursor(parsed.value.cursor);
    const page = await pull({ db: ctx.db, now: ctx.now }, auth, stored, parsed.value.limit, parsed.value.schemaVersion);
    const json = pullPageJson(page);
    void reply.type('application/json; charset=utf-8').header('Vary', 'Accept-Encoding');
    // Pages are large and repetitive JSON: gzip (fast level) cuts them 5–10× on a caregiver's mobile link.
    if (json.length >= GZIP_MIN_CHARS && acceptsGzip(request.headers['accept-encoding'])) {
      return reply.header('Content-Encoding', 'gzip').send(await gzipAsync(json, { level: 1 }));
    }
    return reply.send(json);
  });

  // NDJSON lines (docs/sync-protocol.md §6.6), gzipped when allowed; flushed per line so each chunk reaches
  // the client as soon as it is made.
  app.get('/sync/bootstrap', async (request, reply) => {
    const auth = await requireAuth(ctx, request);
    const parsed = parseBootstrapQuery(request.query);
    if (!parsed.ok) throw parsed.error;
    assertSchemaVersion(parsed.value.schemaVersion);
    const deps = { db: ctx.db, now: ctx.now };
    const plan = await planBootstrap(deps, auth, parsed.value.position);
    const lines = bootstrapLines(deps, plan, parsed.value.chunk, parsed.value.schemaVersion, parsed.value.compactHlc);
    const gzipped = acceptsGzip(request.headers['accept-encoding']);
    const out: Transform = gzipped ? createGzip({ level: 1 }) : new PassThrough();
    const stop = new AbortController();
    out.on('close', () => stop.abort());
    void (async () => {
      try {
        for await (const line of lines) {
          if (stop.signal.aborted) break;
          if (!out.write(line)) await once(out, 'drain', { signal: stop.signal });
          if (gzipped) (out as ReturnType<typeof createGzip>).flush();
        }
        out.end();
      } catch (err) {
        if (!stop.signal.aborted) {
          request.log.error({ err }, 'bootstrap stream failed');
          out.destroy(err instanceof Error ? err : new Error(String(err)));
        }
      } finally {
        await lines.return(undefined);
      }
    })();
    void reply.type('application/x-ndjson; charset=utf-8').header('Vary', 'Accept-Encoding');
    if (gzipped) void reply.header('Content-Encoding', 'gzip');
    return reply.send(out);
  });

  // Server-sent events. The client reads it with fetch streaming (Authorization header), not EventSource.
  app.get('/sync/events', async (request, reply) => {
    const auth = await requireAuth(ctx, request);
    const latest = (await ctx.db.query<{ seq: number }>('SELECT seq FROM sync_counter WHERE id = 1')).rows[0]?.seq ?? 0;
    const headers: Record<string, string | number | string[]> = {};
    for (const [k, v] of Object.entries(reply.getHeaders())) if (v !== undefined) headers[k] = v;
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      // The stream is the connection's last response: once it ends (token expiry, shutdown) the socket goes.
      connection: 'close',
      'x-accel-buffering': 'no',
    });
    const send = (seq: number): void => {
      const event: SyncEvent = { seq };
      raw.write(`event: changed\ndata: ${JSON.stringify(event)}\n\n`);
    };
    send(latest);
    streams.add(raw);
    const onChanged = (seq: number): void => send(seq);
    ctx.events.on('changed', onChanged);
    const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), SSE_HEARTBEAT_MS);
    const expiry = setTimeout(() => raw.end(), Math.max(0, Math.min(auth.tokenExpiresAtMs - ctx.now(), 15 * 60_000)));
    raw.on('close', () => {
      ctx.events.off('changed', onChanged);
      clearInterval(heartbeat);
      clearTimeout(expiry);
      streams.delete(raw);
    });
  });

  // Open streams would keep app.close() waiting forever: end them first.
  app.addHook('preClose', async () => {
    for (const s of streams) s.end();
  });

  app.get('/communities', async (request, reply) => {
    await requireAuth(ctx, request);
    return reply.send({ communities: await listCommunities(ctx.db) });
  });

  // The names a device may show (docs/sync-protocol.md §3.1); the same directory is the same bytes, so its
  // hash is a strong ETag and a device that has it gets a 304.
  app.get('/directory', async (request, reply) => {
    const auth = await requireAuth(ctx, request);
    const body = JSON.stringify({ users: directoryFor(auth.user, await listUsers(ctx.db)) });
    const etag = `"${createHash('sha256').update(body).digest('base64url')}"`;
    void reply.header('ETag', etag);
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type('application/json; charset=utf-8').send(body);
  });
}
