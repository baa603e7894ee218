/**
 * The register read model: each mutation of residents is mirrored, operation by operation, onto registerRows
 * (same keys), and then the register's head (registerHead.ts, one `meta` row: its first rows under the
 * default filter) is brought in step with it, all in the same transaction. The head follows the mirror, so a
 * refill of the head reads registerRows as this mutation left them.
 */
import { mirrorMutation } from '../registerRows';
import { REGISTER_ROWS, RESIDENTS } from './core';
import type { ReadModel } from './model';
import { followHead } from './registerHead';

export const registerRowsModel: ReadModel = {
  name: 'registerRows',
  store: REGISTER_ROWS,
  sources: [RESIDENTS],
  reads: [],
  needsRowsBefore: false,
  follow(core, _table, req, res) {
    const follow = mirrorMutation(req, res);
    if (!follow) return followHead(core, req, res);
    return core
      .table(REGISTER_ROWS)
      .mutate(follow)
      .then((mirrored) => {
        if (mirrored.numFailures === 0) return followHead(core, req, res);
        const first: unknown = Object.values(mirrored.failures)[0];
        throw new Error(`registerRows: ${mirrored.numFailures} mirrored write(s) failed: ${String(first)}`);
      });
  },
};
