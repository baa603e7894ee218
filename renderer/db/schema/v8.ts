import type { SchemaVersion } from './types';

/**
 * Version 8: `directory`, the people this device may name (docs/sync-protocol.md §3.1), keyed by user id.
 * Not a synced record type: the sync client replaces the whole store after each run (renderer/sync/directory.ts).
 * No index: it is small (a municipality's staff) and read whole.
 */
export const v8: SchemaVersion = {
  version: 8,
  stores: {
    directory: 'id',
  },
};
