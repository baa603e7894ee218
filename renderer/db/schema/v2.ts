import type { SchemaVersion } from './types';

/**
 * Version 2: ADL assessments, and `latestAdl` on residents (denormalised from the newest assessment so the
 * register can filter by ADL group without reading assessments).
 *
 * The upgrade sets `latestAdl: null` where it is missing. That is a local shape fix, not a user change: it
 * writes no outbox entry and no field clock (a field without a clock loses to any synced write).
 */
export const v2: SchemaVersion = {
  version: 2,
  stores: {
    residents: 'id, communityId, status, nationalId, latestAdl.group',
    assessments: 'id, residentId, [residentId+assessedOn]',
  },
  async upgrade(tx) {
    await tx
      .table('residents')
      .toCollection()
      .modify((row: Record<string, unknown>) => {
        if (!('latestAdl' in row) || row.latestAdl === undefined) row.latestAdl = null;
      });
  },
};
