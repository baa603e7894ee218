/**
 * The service list's CSV column map on this device (shared/reports/columns.ts): one `meta` row (key
 * 'reportColumns'), never synced. Only a map that passes serviceColumnsSchema is written; a stored row that no
 * longer passes (hand-edited, or from an older rule) reads as the default map, so an export always has valid
 * columns. Editing it is for administrators (the Settings page offers it to them only).
 */
import { checkServiceColumns, DEFAULT_SERVICE_COLUMNS, type CheckColumnsResult, type ServiceColumn } from '../../shared/reports/columns';
import type { CareRoundsDb } from './db';

export const REPORT_COLUMNS_KEY = 'reportColumns';

/** The map in force: the stored one when valid, else the default. */
export async function readServiceColumns(db: CareRoundsDb): Promise<{ columns: readonly ServiceColumn[]; custom: boolean }> {
  const row = await db.meta.get(REPORT_COLUMNS_KEY);
  if (row?.key !== 'reportColumns') return { columns: DEFAULT_SERVICE_COLUMNS, custom: false };
  const checked = checkServiceColumns(row.columns);
  return checked.ok ? { columns: checked.columns, custom: true } : { columns: DEFAULT_SERVICE_COLUMNS, custom: false };
}

/** Stores the map when valid (replacing the previous one); nothing is written otherwise. */
export async function saveServiceColumns(db: CareRoundsDb, columns: unknown, now: Date = new Date()): Promise<CheckColumnsResult> {
  const checked = checkServiceColumns(columns);
  if (!checked.ok) return checked;
  await db.meta.put({ key: 'reportColumns', columns: checked.columns, updatedAt: now.toISOString() });
  return checked;
}

/** Back to the default map. */
export function resetServiceColumns(db: CareRoundsDb): Promise<void> {
  return db.meta.delete(REPORT_COLUMNS_KEY);
}
