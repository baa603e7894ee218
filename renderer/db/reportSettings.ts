/**
 * The service list's CSV column map on this device (shared/reports/columns.ts): one `meta` row (key
 * 'reportColumns'), never synced. Only a map that passes serviceColumnsSchema is written; a stored row that no
 * longer passes (hand-edited, or from an older rule) reads as the default map, so an export always has valid
 * columns. Editing it is for administrators (the Settings page offers it to them only).
 */
import { checkServiceColumns, DEFAULT_SERVICE_COLUMNS, type CheckColumnsResult, type ServiceColumn } from '../../shared/reports/columns';
import { DEFAULT_FUND_SETTINGS, fundSettingsSchema, type FundSettings } from '../../shared/reports/fund';
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

// The LTC fund's rates and budget dates (shared/reports/fund.ts): one `meta` row (key 'fundSettings'), never
// synced, the same rules as the column map: only settings that pass fundSettingsSchema are written, and a stored
// row that no longer passes reads as the defaults.

export const FUND_SETTINGS_KEY = 'fundSettings';

export interface FundIssue {
  /** e.g. ['rates', '1', 'fyBE']; [] for the whole settings. */
  path: string[];
  /** fund.* for a broken rule, else zod's code (e.g. 'invalid_type', 'too_small'). */
  code: string;
}

export type SaveFundResult = { ok: true; settings: FundSettings } | { ok: false; issues: FundIssue[] };

/** The settings in force: the stored ones when valid, else the defaults. */
export async function readFundSettings(db: CareRoundsDb): Promise<{ settings: FundSettings; custom: boolean }> {
  const defaults = { settings: DEFAULT_FUND_SETTINGS as FundSettings, custom: false };
  const row = await db.meta.get(FUND_SETTINGS_KEY);
  if (row?.key !== 'fundSettings') return defaults;
  const parsed = fundSettingsSchema.safeParse(row.settings);
  return parsed.success ? { settings: parsed.data, custom: true } : defaults;
}

/** Every problem in `input`, by path (fund.* codes for the fund's own rules). */
export function checkFundSettings(input: unknown): SaveFundResult {
  const parsed = fundSettingsSchema.safeParse(input);
  if (parsed.success) return { ok: true, settings: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), code: i.message.startsWith('fund.') ? i.message : i.code })),
  };
}

/** Stores the settings when valid (replacing the previous ones); nothing is written otherwise. */
export async function saveFundSettings(db: CareRoundsDb, input: unknown, now: Date = new Date()): Promise<SaveFundResult> {
  const checked = checkFundSettings(input);
  if (!checked.ok) return checked;
  await db.meta.put({ key: 'fundSettings', settings: checked.settings, updatedAt: now.toISOString() });
  return checked;
}

/** Back to the defaults. */
export function resetFundSettings(db: CareRoundsDb): Promise<void> {
  return db.meta.delete(FUND_SETTINGS_KEY);
}
