/**
 * PUT /attachments/:sha256 and GET /attachments/:sha256 (docs/architecture.md "Attachments"): the bytes of a visit's
 * photos, outside the record stream.
 *
 * Invariants:
 * - The name is the content: a PUT whose body does not hash to its SHA-256 is refused, so a stored blob can
 *   never be replaced by other bytes, and a repeated PUT is harmless (idempotent).
 * - A blob belongs to a resident (`residentId` query): writing needs the right to write visits in the
 *   resident's bucket, reading the right to read it, decided by shared/sync/scope.ts like every record.
 * - Only small photos (JPEG or WebP, at most VISIT_LIMITS.maxPhotoBytes) are accepted.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as z from 'zod/mini';
import { authorize } from '../../shared/permissions';
import { PHOTO_MIME_TYPES, VISIT_LIMITS } from '../../shared/visit';
import { requireAuth, type AuthContext } from '../auth/guard';
import type { AppContext } from '../context';
import { ApiError } from '../errors';

const SHA256_RE = /^[0-9a-f]{64}$/;
const Params = z.strictObject({ sha256: z.string().check(z.regex(SHA256_RE)) });
const Query = z.strictObject({ residentId: z.string().check(z.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)) });

function parseTarget(request: FastifyRequest): { sha256: string; residentId: string } {
  const p = Params.safeParse(request.params);
  if (!p.success) throw new ApiError('invalid_argument', 'sha256: 64 lower-case hex characters');
  const q = Query.safeParse(request.query);
  if (!q.success) throw new ApiError('invalid_argument', 'residentId: the lower-case UUID of the resident the photo belongs to');
  return { sha256: p.data.sha256, residentId: q.data.residentId };
}

async function residentBucket(ctx: AppContext, residentId: string): Promise<string> {
  const res = await ctx.db.query<{ bucket: string }>("SELECT bucket FROM records WHERE type = 'resident' AND id = $1", [residentId]);
  const row = res.rows[0];
  if (!row) throw new ApiError('not_found', 'no such resident on this server');
  return row.bucket;
}

function check(auth: AuthContext, decision: ReturnType<typeof authorize>): void {
  if (!decision.ok) throw new ApiError(decision.code, decision.code === 'forbidden' ? 'this role may not do that' : 'this resident is outside your communities');
}

export function registerAttachmentRoutes(app: FastifyInstance, ctx: AppContext): void {
  for (const mime of PHOTO_MIME_TYPES) {
    app.addContentTypeParser(mime, { parseAs: 'buffer', bodyLimit: VISIT_LIMITS.maxPhotoBytes }, (_request, body, done) => done(null, body));
  }

  app.put('/attachments/:sha256', { bodyLimit: VISIT_LIMITS.maxPhotoBytes }, async (request, reply) => {
    const auth = await requireAuth(ctx, request);
    const { sha256, residentId } = parseTarget(request);
    const mime = String(request.headers['content-type'] ?? '').split(';', 1)[0]?.trim() ?? '';
    const body = request.body;
    if (!(PHOTO_MIME_TYPES as readonly string[]).includes(mime) || !Buffer.isBuffer(body)) {
      throw new ApiError('invalid_argument', `Content-Type must be one of ${PHOTO_MIME_TYPES.join(', ')}`);
    }
    if (body.length === 0) throw new ApiError('invalid_argument', 'empty body');
    if (createHash('sha256').update(body).digest('hex') !== sha256) throw new ApiError('invalid_argument', 'the body does not hash to the sha256 in the path');
    check(auth, authorize(auth.user, { kind: 'write', bucket: await residentBucket(ctx, residentId), recordType: 'visit' }));
    await ctx.db.query(
      'INSERT INTO attachments (sha256, resident_id, mime_type, size, bytes, created_by) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (sha256, resident_id) DO NOTHING',
      [sha256, residentId, mime, body.length, new Uint8Array(body.buffer, body.byteOffset, body.length), auth.user.id],
    );
    return reply.code(200).send({ sha256, size: body.length });
  });

  app.get('/attachments/:sha256', async (request, reply) => {
    const auth = await requireAuth(ctx, request);
    const { sha256, residentId } = parseTarget(request);
    check(auth, authorize(auth.user, { kind: 'read', bucket: await residentBucket(ctx, residentId) }));
    const res = await ctx.db.query<{ mime_type: string; bytes: Uint8Array }>('SELECT mime_type, bytes FROM attachments WHERE sha256 = $1 AND resident_id = $2', [sha256, residentId]);
    const row = res.rows[0];
    if (!row) throw new ApiError('not_found', 'no such attachment');
    // Health data: never cached by shared caches; the device keeps its own copy.
    return reply.header('Content-Type', row.mime_type).header('Cache-Control', 'private, no-store').send(Buffer.from(row.bytes));
  });
}
