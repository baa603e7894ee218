/**
 * Settings kept on this device only (never synced, no outbox entry): the vital-sign normal ranges.
 *
 * Invariants:
 * - Stored as one `meta` row (key 'vitalSettings') holding only the OVERRIDES of shared
 *   DEFAULT_VITAL_SETTINGS, so a later change of a default still reaches every threshold nobody changed.
 * - Only overrides that pass vitalSettingsOverridesSchema are written; a stored row that no longer passes
 *   (hand-edited, or from an older rule) reads as no overrides, so a flag can never be computed from an
 *   unordered or impossible range.
 */
import type { VitalSettingsOverrides } from '../../shared/vitals';
import { vitalSettingsOverridesSchema } from '../../shared/vitalsSchema';
import type { CareRoundsDb } from './db';

export const VITAL_SETTINGS_KEY = 'vitalSettings';

export interface SettingsIssue {
  /** e.g. ['ranges', 'systolic'] or ['weightChangePercent']. */
  path: string[];
  /** vitals.settings.outsideAcceptRange | vitals.settings.unordered | a zod code for a malformed value. */
  code: string;
}

export type SaveSettingsResult = { ok: true; overrides: VitalSettingsOverrides } | { ok: false; issues: SettingsIssue[] };

/** The validated overrides, or the problems (one per field and rule). */
export function checkVitalOverrides(input: unknown): SaveSettingsResult {
  const parsed = vitalSettingsOverridesSchema.safeParse(input);
  if (parsed.success) return { ok: true, overrides: parsed.data as VitalSettingsOverrides };
  return {
    ok: false,
    issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), code: i.code === 'custom' ? i.message : i.code })),
  };
}

/** This device's overrides ({} when none are stored or the stored ones are no longer valid). */
export async function readVitalOverrides(db: CareRoundsDb): Promise<VitalSettingsOverrides> {
  const row = await db.meta.get(VITAL_SETTINGS_KEY);
  if (row?.key !== 'vitalSettings') return {};
  const checked = checkVitalOverrides(row.overrides);
  return checked.ok ? checked.overrides : {};
}

/** Stores the overrides when valid (replacing the previous ones); nothing is written otherwise. */
export async function saveVitalOverrides(db: CareRoundsDb, overrides: VitalSettingsOverrides, now: Date = new Date()): Promise<SaveSettingsResult> {
  const checked = checkVitalOverrides(overrides);
  if (!checked.ok) return checked;
  await db.meta.put({ key: 'vitalSettings', overrides: checked.overrides, updatedAt: now.toISOString() });
  return checked;
}

/** Back to the defaults of docs/domain.md §5. */
export function resetVitalOverrides(db: CareRoundsDb): Promise<void> {
  return db.meta.delete(VITAL_SETTINGS_KEY);
}
