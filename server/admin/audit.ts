/**
 * The audit log's routes (docs/security.md §5, docs/sync-protocol.md §16.1–16.2):
 * - GET /admin/audit: one page of entries, newest first, filtered (administrators only).
 * - GET /admin/audit/export: the same filters as CSV, streamed page by page; the export is itself audited.
 * - POST /audit/views: a device's recorded openings of residents' pages, appended as `record.view` entries with
 *   the device's time and the server's.
 *
 * Invariants:
 * - Queries are parsed with the shared zod schemas (400 `invalid_argument` naming the field).
 * - A view event is appended once: its id is remembered (audit_view_seen) in the same transaction as its entry,
 *   so a batch resent after a lost answer adds nothing.
 * - A remembered id is kept VIEW_SEEN_KEEP_DAYS (pruneViewSeen, in the daily upkeep): a device resends a batch
 *   at its next sync after a lost answer, so only a device that lost the answer and then stayed away longer
 *   than that could append an event twice (the copy has the same device time, so it is recognisable).
 */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { AuditQuery, ViewEventsRequest, type ViewEventsResponse } from '../../shared/sync/audit';
import { appendAudit, appendAuditMany } from '../audit';
import { requireAdmin, requireAuth } from '../auth/guard';
import type { AppContext } from '../context';
import { takeExport } from '../exportLimit';
import type { Db } from '../db/db';
import { parseBody } from '../validation';
import { auditCsvLines, queryAudit } from './auditQuery';

/** How long the id of an appended view event is remembered against a resend (docs/security.md §5). */
export const VIEW_SEEN_KEEP_DAYS = 90;

/** Forgets the view ids remembered longer than VIEW_SEEN_KEEP_DAYS; returns how many. */
export async function pruneViewSeen(db: Db, now: number): Promise<number> {
  const before = new Date(now - VIEW_SEEN_KEEP_DAYS * 86_400_000).toISOString();
  const res = await db.query<{ n: number }>('WITH gone AS (DELETE FROM audit_view_seen WHERE seen_at < $1::timestamptz RETURNING 1) SELECT count(*)::int AS n FROM gone', [before]);
  return res.rows[0]?.n ?? 0;
}

/** A full batch of view events is ~80 KB of JSON. */
const VIEWS_BODY_LIMIT = 192 * 1024;

export function registerAuditRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/admin/audit', async (request, reply) => {
    await requireAdmin(ctx, request);
    const query = parseBody(AuditQuery, request.query, 'query');
    return reply.send(await queryAudit(ctx.db, query));
  });

  app.get('/admin/audit/export', async (request, reply) => {
    const auth = await requireAdmin(ctx, request);
    const query = parseBody(AuditQuery, request.query, 'query');
    takeExport(ctx, auth.user.id);
    const filters = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)]));
    await appendAudit(
      ctx.db,
      { userId: auth.user.id, deviceId: auth.deviceId, action: 'audit.export', recordType: 'audit_log', outcome: 'success', requestId: request.id, detail: filters },
      ctx.now(),
    );
    const day = new Date(ctx.now()).toISOString().slice(0, 10);
    return reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="audit-${day}.csv"`)
      .header('Cache-Control', 'no-store')
      .send(Readable.from(auditCsvLines(ctx.db, query)));
  });

  app.post('/audit/views', { bodyLimit: VIEWS_BODY_LIMIT }, async (request, reply) => {
    const auth = await requireAuth(ctx, request);
    const { views } = parseBody(ViewEventsRequest, request.body);
    const now = ctx.now();
    const appended = await ctx.db.transaction(async (tx) => {
      const fresh = new Set(
        (await tx.query<{ view_id: string }>(
          'INSERT INTO audit_view_seen (view_id, seen_at) SELECT v, $2::timestamptz FROM unnest($1::text[]) AS v ON CONFLICT (view_id) DO NOTHING RETURNING view_id',
          [[...new Set(views.map((v) => v.id))], new Date(now).toISOString()],
        )).rows.map((r) => r.view_id),
      );
      const entries = views
        .filter((v) => fresh.delete(v.id)) // a view id twice in one batch counts once
        .map((v) => ({
          userId: auth.user.id,
          deviceId: auth.deviceId,
          action: 'record.view',
          recordType: 'resident',
          recordId: v.residentId,
          outcome: 'success' as const,
          requestId: request.id,
          clientAt: v.at,
          detail: { page: v.page },
        }));
      await appendAuditMany(tx, entries, now);
      return entries.length;
    });
    return reply.send({ appended } satisfies ViewEventsResponse);
  });
}
