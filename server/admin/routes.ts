/**
 * /admin/*: accounts, devices and communities. Administrators only (403 `forbidden` otherwise), every change
 * audited (who, which record, outcome; never passwords).
 *
 * Invariant: the last active administrator cannot be demoted or disabled, so the server never locks
 * itself out of its own admin screen.
 */
import type { FastifyInstance } from 'fastify';
import { appendAudit } from '../audit';
import { requireAdmin } from '../auth/guard';
import { idParamsSchema, listDevicesQuerySchema } from '../auth/schemas';
import {
  AdminCreateUserRequest,
  AdminResetPasswordRequest,
  type AdminResetPasswordAnswer,
  AdminRevokeDeviceRequest,
  AdminUpdateUserRequest,
  CommunityInfo,
} from '../../shared/sync/protocol';
import type { AppContext } from '../context';
import { ApiError } from '../errors';
import { canAdmin } from '../../shared/permissions';
import { ADMIN_BODY_LIMIT } from '../limits';
import {
  createCommunity,
  createUser,
  findUserById,
  listCommunities,
  listDevices,
  listUsers,
  revokeDevice,
  setPassword,
  updateUser,
} from '../users';
import { parseBody } from '../validation';


export function registerAdminRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { db } = ctx;
  const opts = { bodyLimit: ADMIN_BODY_LIMIT };

  app.get('/admin/users', async (request, reply) => {
    await requireAdmin(ctx, request);
    return reply.send({ users: await listUsers(db) });
  });

  app.post('/admin/users', opts, async (request, reply) => {
    const auth = await requireAdmin(ctx, request);
    const body = parseBody(AdminCreateUserRequest, request.body);
    const user = await createUser(db, body);
    await appendAudit(db, { userId: auth.user.id, deviceId: auth.deviceId, action: 'user.create', recordType: 'user', recordId: user.id, outcome: 'success', requestId: request.id }, ctx.now());
    return reply.status(201).send({ user });
  });

  app.patch('/admin/users/:id', opts, async (request, reply) => {
    const auth = await requireAdmin(ctx, request);
    const { id } = parseBody(idParamsSchema, request.params, 'path');
    const patch = parseBody(AdminUpdateUserRequest, request.body);
    const target = await findUserById(db, id);
    if (!target) throw new ApiError('not_found', 'no such user');
    const losesAdmin = canAdmin(target) && !canAdmin({ role: patch.role ?? target.role, status: patch.status ?? target.status });
    if (losesAdmin) {
      const admins = (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND status = 'active'")).rows[0]?.n ?? 0;
      if (admins <= 1) throw new ApiError('invalid_argument', 'body field role: the last active administrator cannot be demoted or disabled');
    }
    const user = await updateUser(db, id, patch);
    await appendAudit(db, { userId: auth.user.id, deviceId: auth.deviceId, action: 'user.update', recordType: 'user', recordId: id, outcome: 'success', requestId: request.id }, ctx.now());
    return reply.send({ user });
  });

  app.post('/admin/users/:id/password', opts, async (request, reply) => {
    const auth = await requireAdmin(ctx, request);
    const { id } = parseBody(idParamsSchema, request.params, 'path');
    const body = parseBody(AdminResetPasswordRequest, request.body);
    const answer = await setPassword(db, id, body.password, ctx.now(), id === auth.user.id ? auth.deviceId : null);
    await appendAudit(db, { userId: auth.user.id, deviceId: auth.deviceId, action: 'user.password_reset', recordType: 'user', recordId: id, outcome: 'success', requestId: request.id }, ctx.now());
    return reply.send(answer satisfies AdminResetPasswordAnswer);
  });

  app.get('/admin/devices', async (request, reply) => {
    await requireAdmin(ctx, request);
    const query = parseBody(listDevicesQuerySchema, request.query, 'query');
    return reply.send({ devices: await listDevices(db, query.userId) });
  });

  app.post('/admin/devices/:id/revoke', opts, async (request, reply) => {
    const auth = await requireAdmin(ctx, request);
    const { id } = parseBody(idParamsSchema, request.params, 'path');
    // No body (or an empty one) is a plain revocation, as before the wipe order existed.
    const body = parseBody(AdminRevokeDeviceRequest, request.body ?? {});
    const device = await revokeDevice(db, id, ctx.now(), { wipe: body.wipe === true });
    if (!device) throw new ApiError('not_found', 'no such device');
    await appendAudit(db, { userId: auth.user.id, deviceId: auth.deviceId, action: 'device.revoke', recordType: 'device', recordId: id, outcome: 'success', requestId: request.id }, ctx.now());
    if (body.wipe === true) {
      await appendAudit(db, { userId: auth.user.id, deviceId: auth.deviceId, action: 'device.wipe_order', recordType: 'device', recordId: id, outcome: 'success', requestId: request.id }, ctx.now());
    }
    return reply.send({ device });
  });

  app.get('/admin/communities', async (request, reply) => {
    await requireAdmin(ctx, request);
    return reply.send({ communities: await listCommunities(db) });
  });

  app.post('/admin/communities', opts, async (request, reply) => {
    const auth = await requireAdmin(ctx, request);
    const body = parseBody(CommunityInfo, request.body);
    await createCommunity(db, body);
    await appendAudit(db, { userId: auth.user.id, deviceId: auth.deviceId, action: 'community.create', recordType: 'community', recordId: body.id, outcome: 'success', requestId: request.id }, ctx.now());
    return reply.status(201).send({ community: body });
  });
}
