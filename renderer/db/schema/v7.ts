import type { SchemaVersion } from './types';

/**
 * Version 7: `alertRows`, one flat row per resident digest with what its open alerts are computed from
 * (shared/alertRow.ts, kept by renderer/db/readModels with the digests), keyed by resident id. No index: the
 * Alerts page reads the whole store, a profile one row.
 *
 * No upgrade function, on purpose (as v6): the store is created empty, and the read models' marker of a
 * device built before it names another READ_MODELS_VERSION, so the start-up check rebuilds every read model
 * with the current builder, with progress.
 */
export const v7: SchemaVersion = {
  version: 7,
  stores: {
    alertRows: 'id',
  },
};
