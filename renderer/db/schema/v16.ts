import type { SchemaVersion } from './types';

/**
 * Version 16: viewEvents, the outbox of view events (docs/sync-protocol.md §16.2, docs/security.md §5): one row
 * per opening of a resident's profile, by id, indexed by user and time so each user's sync sends her own,
 * oldest first. Local until uploaded, then deleted; never edited. No upgrade: the table starts empty.
 */
export const v16: SchemaVersion = {
  version: 16,
  stores: {
    viewEvents: 'id, [userId+at]',
  },
};
