import { DEFAULT_VITAL_SETTINGS, type VitalSettings } from '../../../shared/vitals';

// Placeholder (issue 5 in progress): the configured normal ranges.
export function useVitalSettings(): VitalSettings {
  return DEFAULT_VITAL_SETTINGS;
}
