/**
 * PDPA actions over HTTP (docs/security.md §6):
 * - GET /pdpa/residents/:residentId/export: the person's complete data as JSON (care managers, admins);
 *   audited `pdpa.export`.
 * - POST /pdpa/erasures: records an erasure request (who asked, when, why; care managers, admins); audited
 *   `pdpa.erasure_request` with the hashed id.
 * - GET /pdpa/erasures: the requests, pending ones with their resident, carried-out ones by hash only.
 * - POST /pdpa/erasures/:id/approve: an administrator approves; the person is erased at once (purge.ts).
 * - GET|PUT /pdpa/retention: the retention of archived residents and the last run of the job (PUT for
 *   administrators); POST /pdpa/retention/run runs the retention job now (administrators); the server also
 *   runs it daily (server/upkeep.ts).
 *
 * Invariants: every route authenticates first and asks shared/pdpa/access.ts; bodies and params are parsed
 * with the shared schemas; a resident or request that does not exist is 404 `not_found`.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { canApproveErasure, canExportPersonalData, canRecordErasure } from '../../shared/pdpa/access';
import { erasureIdParamsSchema, erasureRequestSchema, residentIdParamsSchema, retentionSettingSchema } from '../../shared/pdpa/erasure';
import { appendAudit } from '../audit';
import { requireAdmin, requireAuth } from '../auth/guard';
import type { AppContext } from '../context';
import { ApiError } from '../errors';
import { parseBody } from '../validation';
import { takeExport } from '../exportLimit';
import { exportResident } from './export';
import { purgeResident, residentHash } from './purge';
import { readLastRetentionRun, readRetention, runRetentionNow, writeRetention } from './retention';

interface RequestRow {
  id: string;
  resident_id: string | null;
  resident_hash: string;
  requested_by: string;
  requested_on: string;
  reason: string;
  recorded_by: string | null;
  recorded_at: Date;
  status: 'pending' | 'erased';
  approved_by: string | null;
  approved_at: Date | null;
  source: 'request' | 'retention';
}

function view(r: RequestRow) {
  return {
    id: r.id,
    residentId: r.resident_id,
    residentHash: r.resident_hash,
    requestedBy: r.requested_by,
    requestedOn: r.requested_on,
    reason: r.reason,
    recordedBy: r.recorded_by,
    recordedAt: new Date(r.recorded_at).toISOString(),
    status: r.status,
    approvedBy: r.approved_by,
    approvedAt: r.approved_at === null ? null : new Date(r.approved_at).toISOString(),
    source: r.source,
  };
}

export function registerPdpaRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { db } = ctx;

  app.get('/pdpa/residents/:residentId/export', async (request, reply) => {
    const auth = await requireAuth(ctx, request);
    if (!canExportPersonalData(auth.user)) throw new ApiError('forbidden', 'exports are for care managers and administrators');
    const { residentId } = parseBody(residentIdParamsSchema, request.params, 'path');
    takeExport(ctx, auth.user.id);
    const data = await exportResident(db, residentId, ctx.now());
    const outcome = data === null ? 'failure' : 'success';
    await appendAudit(db, { userId: auth.user.id, deviceId: auth.deviceId, action: 'pdpa.export', recordType: 'resident', recordId: residentId, outcome, requestId: request.id }, ctx.now());
    if (data === null) throw new ApiError('not_found', 'no such resident');
    return reply.header('Cache-Control', 'no-store').send(data);
  });

  app.post('/pdpa/erasures', { bodyLimit: 8 * 1024 }, async (request, reply) => {
    const auth = await requireAuth(ctx, request);
    if (!canRecordErasure(auth.user)) throw new ApiError('forbidden', 'erasure requests are recorded by care managers and administrators');
    const body = parseBody(erasureRequestSchema, request.body);
    const exists = (await db.query("SELECT 1 FROM records WHERE type = 'resident' AND id = $1", [body.residentId])).rows.length > 0;
    if (!exists) throw new ApiError('not_found', 'no such resident');
    const id = randomUUID();
    const row = (await db.query<RequestRow>(
      `INSERT INTO erasure_requests (id, resident_id, resident_hash, requested_by, requested_on, reason, recorded_by, recorded_at, status, source)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', 'request') RETURNING *`,
      [id, body.residentId, residentHash(body.residentId), body.requestedBy, body.requestedOn, body.reason, auth.user.id, new Date(ctx.now())],
    )).rows[0];
    if (!row) throw new Error('erasure request not stored');
    await appendAudit(db, { userId: auth.user.id, deviceId: auth.deviceId, action: 'pdpa.erasure_request', recordType: 'resident', recordId: row.resident_hash, outcome: 'success', requestId: request.id }, ctx.now());
    return reply.status(201).header('Cache-Control', 'no-store').send({ request: view(row) });
  });

  app.get('/pdpa/erasures', async (request, reply) => {
    const auth = await requireAuth(ctx, request);
    if (!canRecordErasure(auth.user)) throw new ApiError('forbidden', 'erasure requests are for care managers and administrators');
    const rows = (await db.query<RequestRow>('SELECT * FROM erasure_requests ORDER BY recorded_at DESC, id LIMIT 500')).rows;
    return reply.header('Cache-Control', 'no-store').send({ requests: rows.map(view) });
  });

  app.post('/pdpa/erasures/:id/approve', { bodyLimit: 1024 }, async (request, reply) => {
    const auth = await requireAuth(ctx, request);
    if (!canApproveErasure(auth.user)) throw new ApiError('forbidden', 'only an administrator approves an erasure');
    const { id } = parseBody(erasureIdParamsSchema, request.params, 'path');
    const result = await db.transaction(async (tx) => {
      const row = (await tx.query<RequestRow>("SELECT * FROM erasure_requests WHERE id = $1 AND status = 'pending' FOR UPDATE", [id])).rows[0];
      if (!row || row.resident_id === null) throw new ApiError('not_found', 'no pending erasure request with this id');
      const purged = await purgeResident(tx, row.resident_id, { userId: auth.user.id, deviceId: auth.deviceId, requestId: request.id, action: 'pdpa.erase' }, ctx.now());
      if (purged === null) throw new ApiError('not_found', 'the resident of this request is no longer on the server');
      // Other pending requests for the same person are carried out by this one.
      await tx.query(
        "UPDATE erasure_requests SET resident_id = NULL, status = 'erased', approved_by = $2, approved_at = $3 WHERE resident_id = $1",
        [row.resident_id, auth.user.id, new Date(ctx.now())],
      );
      return purged;
    });
    ctx.events.emit('changed', result.seq); // devices pull the erasure now (docs/sync-protocol.md §7)
    return reply.header('Cache-Control', 'no-store').send({ erased: { records: result.records, attachments: result.attachments, snapshots: result.snapshots } });
  });

  app.get('/pdpa/retention', async (request, reply) => {
    const auth = await requireAuth(ctx, request);
    if (!canRecordErasure(auth.user)) throw new ApiError('forbidden', 'the retention setting is for care managers and administrators');
    return reply.header('Cache-Control', 'no-store').send({ retention: await readRetention(db), lastRun: await readLastRetentionRun(db) });
  });

  app.put('/pdpa/retention', { bodyLimit: 1024 }, async (request, reply) => {
    const auth = await requireAdmin(ctx, request);
    const body = parseBody(retentionSettingSchema, request.body);
    await writeRetention(db, body);
    await appendAudit(db, { userId: auth.user.id, deviceId: auth.deviceId, action: 'pdpa.retention_set', outcome: 'success', requestId: request.id }, ctx.now());
    return reply.send({ retention: body });
  });

  app.post('/pdpa/retention/run', { bodyLimit: 1024 }, async (request, reply) => {
    await requireAdmin(ctx, request);
    const run = await runRetentionNow(ctx, 'admin');
    return reply.header('Cache-Control', 'no-store').send({ erased: run.erased });
  });
}
