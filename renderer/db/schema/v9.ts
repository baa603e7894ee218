import type { SchemaVersion } from './types';

/**
 * Version 9: `notices`, rows addressed to the signed-in user (bucket `u:<userId>`, docs/sync-protocol.md
 * §9.5): an edit of hers that lost a conflict. Found by bucket (eviction) and by recipient. The
 * `replacedEdits` sync-state row of versions 7–8 (notices this device inferred from its own push results)
 * is dropped: the server now writes a notice for every lost edit, whichever reached it first.
 */
export const v9: SchemaVersion = {
  version: 9,
  stores: {
    notices: 'id, bucket, userId',
  },
  upgrade: async (tx) => {
    await tx.table('syncState').delete('replacedEdits');
  },
};
