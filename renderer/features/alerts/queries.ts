/**
 * What the Alerts page and the profile's open alerts read, in one place (display components never query).
 *
 * Invariants:
 * - Open alerts come from the per-resident alert rows (shared/alertRow.ts: 10,000 small flat rows on a full
 *   device, kept with the digests; never the visits), with today's date and this device's vital-sign normal ranges applied when read, so a settings change
 *   re-flags at once without rebuilding anything.
 * - Alert rows are used only while the read models' marker vouches for them; otherwise the hooks answer
 *   `preparing` (the start-up check or a rebuild is making them right), never a possibly wrong list.
 * - Each hook is one live query over the stores it reads, so a write (also one arriving by sync) updates it.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import type { Alert } from '../../../shared/alerts';
import { alertsFromRows, type AlertRow } from '../../../shared/alertRow';
import { resolveVitalSettings } from '../../../shared/vitals';
import { useStore } from '../../app/StoreProvider';
import type { CareRoundsDb } from '../../db/db';
import { isCurrentBuild, READ_MODELS_KEY } from '../../db/readModels';
import type { AlertAck } from '../../db/records';
import { readVitalOverrides } from '../../db/settings';

export interface AlertResidentInfo {
  name: string;
  communityId: string;
}

export type OpenAlerts = { state: 'preparing' } | { state: 'ready'; alerts: Alert[]; residents: ReadonlyMap<string, AlertResidentInfo> };

const NONE: OpenAlerts = { state: 'ready', alerts: [], residents: new Map() };

/** The open alerts of the device (or of one resident), from the alert rows, if they can be trusted. */
export function loadOpenAlerts(db: CareRoundsDb, today: string, residentId?: string): Promise<OpenAlerts> {
  return db.transaction('r', [db.meta, db.alertRows], async (): Promise<OpenAlerts> => {
    const [marker, overrides, rows] = await Promise.all([
      db.meta.get(READ_MODELS_KEY),
      readVitalOverrides(db),
      residentId === undefined ? db.alertRows.toArray() : db.alertRows.get(residentId).then((r) => (r ? [r] : [])),
    ]);
    if (!isCurrentBuild(marker)) return { state: 'preparing' };
    const alerts = alertsFromRows(rows, today, { vitals: resolveVitalSettings(overrides) });
    const residents = new Map<string, AlertResidentInfo>();
    const byId = new Map<string, AlertRow>(rows.map((r) => [r.id, r]));
    for (const a of alerts) {
      const r = byId.get(a.residentId);
      if (r && !residents.has(r.id)) residents.set(r.id, { name: r.name, communityId: r.communityId });
    }
    return { state: 'ready', alerts, residents };
  });
}

export function useOpenAlerts(today: string, enabled: boolean, residentId?: string): OpenAlerts | undefined {
  const { db } = useStore();
  return useLiveQuery(() => (enabled ? loadOpenAlerts(db, today, residentId) : NONE), [db, today, enabled, residentId]);
}

export interface RecentAcks {
  acks: AlertAck[];
  residents: ReadonlyMap<string, AlertResidentInfo>;
}

/** The latest live acknowledgements (newest first) and the names of their residents. */
export function useRecentAcks(limit: number, enabled: boolean): RecentAcks | undefined {
  const { db } = useStore();
  return useLiveQuery(async () => {
    if (!enabled) return { acks: [], residents: new Map() };
    const all = await db.alertAcks.toArray();
    const acks = all
      .filter((a) => a.deletedAt === null)
      .sort((a, b) => (a.at !== b.at ? (a.at < b.at ? 1 : -1) : a.id < b.id ? 1 : -1))
      .slice(0, limit);
    const rows = await db.alertRows.bulkGet([...new Set(acks.map((a) => a.residentId))]);
    const residents = new Map<string, AlertResidentInfo>();
    for (const r of rows) if (r) residents.set(r.id, { name: r.name, communityId: r.communityId });
    return { acks, residents };
  }, [db, limit, enabled]);
}

export function useCommunities() {
  const { db } = useStore();
  return useLiveQuery(() => db.communities.toArray(), [db]);
}
