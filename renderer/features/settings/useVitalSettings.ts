/**
 * The vital-sign normal ranges in force on this device: shared defaults with the locally stored overrides
 * (renderer/db/settings.ts) laid over them. A live query, so a change in Settings re-flags every open
 * timeline and form at once. Until the stored overrides are read, the defaults apply.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { resolveVitalSettings, type VitalSettings } from '../../../shared/vitals';
import { useStore } from '../../app/StoreProvider';
import { readVitalOverrides } from '../../db/settings';

export function useVitalSettings(): VitalSettings {
  const { db } = useStore();
  const overrides = useLiveQuery(() => readVitalOverrides(db), [db]);
  return useMemo(() => resolveVitalSettings(overrides ?? {}), [overrides]);
}
