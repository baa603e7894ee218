/**
 * Server-only input schemas (path parameters, query strings). Request bodies use the shared protocol
 * schemas (shared/sync/protocol.ts), so the client validates with the very same rules.
 */
import * as z from 'zod/mini';
import { Uuid } from '../../shared/sync/protocol';

export const idParamsSchema = z.strictObject({ id: Uuid });
export const listDevicesQuerySchema = z.strictObject({ userId: z.optional(Uuid) });
/** Usernames as stored (lower-case); 2 characters allowed for the CLI's short demo names ("cm"). */
export const USERNAME_RE = /^[a-z0-9][a-z0-9._-]{1,63}$/;
