/**
 * The read models' build marker: one `meta` row saying which version of the read-model code built the
 * derived stores and whether they are complete. A device whose marker is missing (a database from before the
 * read models, or opened for the first time), from another version, or `stale` (a suspended bulk write or a
 * rebuild that did not finish) rebuilds them at start-up (rebuild.ts ensureReadModels).
 */
import { DIGEST_VERSION } from '../../../shared/digest';
import { REPORT_FACTS_VERSION } from '../../../shared/reports/facts';
import type { ReadModelsMeta } from '../meta';

export const READ_MODELS_KEY = 'readModels';

/**
 * Raised with any change to what a read model stores (the digest through DIGEST_VERSION, the register row,
 * the alert row, the planner's caregiver-day cells and the report facts' packs here, the funding reports' facts through
 * REPORT_FACTS_VERSION): a device built by other code rebuilds.
 */
export const READ_MODELS_VERSION = `digest-${DIGEST_VERSION}.register-1.alerts-1.cells-1.packs-1.reports-${REPORT_FACTS_VERSION}`;

export function staleMarker(now: Date): ReadModelsMeta {
  return { key: 'readModels', version: READ_MODELS_VERSION, state: 'stale', at: now.toISOString() };
}

export function builtMarker(now: Date): ReadModelsMeta {
  return { key: 'readModels', version: READ_MODELS_VERSION, state: 'built', at: now.toISOString() };
}

/** Whether a stored marker vouches for the stores as this code would build them. */
export function isCurrentBuild(row: unknown): boolean {
  if (typeof row !== 'object' || row === null) return false;
  const m = row as Partial<ReadModelsMeta>;
  return m.key === 'readModels' && m.version === READ_MODELS_VERSION && m.state === 'built';
}
