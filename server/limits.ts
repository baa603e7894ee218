/** Request body limits (docs/sync-protocol.md §2). Push bodies: exactly the protocol's cap, which clients pack to. */
import { MAX_PUSH_BYTES } from '../shared/sync/protocol';

export const MAX_BODY_BYTES = MAX_PUSH_BYTES;
export const AUTH_BODY_LIMIT = 16 * 1024;
export const ADMIN_BODY_LIMIT = 64 * 1024;
