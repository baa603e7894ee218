import type { Resident } from '../../../shared/resident';
import { projectRegisterRow, REGISTER_ROWS, type RegisterRowRecord } from '../registerRows';
import type { SchemaVersion } from './types';

/**
 * Version 4: `registerRows`, the register's small projection of each resident (renderer/db/registerRows.ts),
 * keyed by resident id, so opening the register does not read every full record. No index: the register
 * reads the whole store.
 *
 * The upgrade fills it from the residents as they are at this step (the middleware that keeps it afterwards
 * is inactive while the store does not exist yet). It writes no outbox entry: a local copy, never synced.
 */
export const v4: SchemaVersion = {
  version: 4,
  stores: {
    [REGISTER_ROWS]: 'id',
  },
  async upgrade(tx) {
    const rows: RegisterRowRecord[] = [];
    // each(): only the small projections are held, not every full record at once.
    await tx
      .table('residents')
      .each((r: Resident) => {
        rows.push(projectRegisterRow(r));
      });
    await tx.table(REGISTER_ROWS).bulkPut(rows);
  },
};
