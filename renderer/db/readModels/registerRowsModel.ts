/**
 * The register row (registerRows.ts) as a read model: each mutation of residents is mirrored, operation by
 * operation, onto registerRows (same keys), in the same transaction.
 */
import { mirrorMutation } from '../registerRows';
import { REGISTER_ROWS, RESIDENTS } from './core';
import type { ReadModel } from './model';

export const registerRowsModel: ReadModel = {
  name: 'registerRows',
  store: REGISTER_ROWS,
  sources: [RESIDENTS],
  reads: [],
  needsRowsBefore: false,
  follow(core, _table, req, res) {
    const follow = mirrorMutation(req, res);
    if (!follow) return Promise.resolve();
    return core
      .table(REGISTER_ROWS)
      .mutate(follow)
      .then((mirrored) => {
        if (mirrored.numFailures === 0) return;
        const first: unknown = Object.values(mirrored.failures)[0];
        throw new Error(`registerRows: ${mirrored.numFailures} mirrored write(s) failed: ${String(first)}`);
      });
  },
};
