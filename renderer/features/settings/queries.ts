/**
 * Reads of the settings pages, and the vital-sign ranges in force on this device, as live queries (a change
 * in Settings re-flags every open timeline and form at once). `undefined` is "still loading".
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { resolveVitalSettings, type VitalSettingsOverrides, type VitalSettings } from '../../../shared/vitals';
import { useStore } from '../../app/StoreProvider';
import { readDevice, type DeviceMeta } from '../../db/meta';
import { readVitalOverrides } from '../../db/settings';

/** This device's identity (renderer/db/meta.ts). */
export function useDevice(): DeviceMeta | undefined {
  const { db } = useStore();
  return useLiveQuery(() => readDevice(db), [db]);
}

/** The overrides of the vital-sign ranges stored on this device (renderer/db/settings.ts). */
export function useVitalOverrides(): VitalSettingsOverrides | undefined {
  const { db } = useStore();
  return useLiveQuery(() => readVitalOverrides(db), [db]);
}

/** The ranges in force: the shared defaults with the stored overrides laid over them (the defaults while loading). */
export function useVitalSettings(): VitalSettings {
  const overrides = useVitalOverrides();
  return useMemo(() => resolveVitalSettings(overrides ?? {}), [overrides]);
}
