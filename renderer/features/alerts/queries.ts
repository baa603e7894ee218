/**
 * What the Alerts page and the profile's open alerts read, in one place (display components never query).
 *
 * Invariants:
 * - Open alerts come from the per-resident digests (10,000 small rows on a full device, never the visits),
 *   with today's date and this device's vital-sign normal ranges applied when read, so a settings change
 *   re-flags at once without rebuilding anything.
 * - Digests are used only while the read models' marker vouches for them; otherwise the hooks answer
 *   `preparing` (the start-up check or a rebuild is making them right), never a possibly wrong list.
 * - Each hook is one live query over the stores it reads, so a write (also one arriving by sync) updates it.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import type { Alert } from '../../../shared/alerts';
import { alertsFromDigests, type ResidentDigest } from '../../../shared/digest';
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

/** The open alerts of the device (or of one resident), from the digests, if they can be trusted. */
export function loadOpenAlerts(db: CareRoundsDb, today: string, residentId?: string): Promise<OpenAlerts> {
  return db.transaction('r', [db.meta, db.residentDigests], async (): Promise<OpenAlerts> => {
    const [marker, overrides, digests] = await Promise.all([
      db.meta.get(READ_MODELS_KEY),
      readVitalOverrides(db),
      residentId === undefined ? db.residentDigests.toArray() : db.residentDigests.get(residentId).then((d) => (d ? [d] : [])),
    ]);
    if (!isCurrentBuild(marker)) return { state: 'preparing' };
    const alerts = alertsFromDigests(digests, today, { vitals: resolveVitalSettings(overrides) });
    const residents = new Map<string, AlertResidentInfo>();
    const byId = new Map<string, ResidentDigest>(digests.map((d) => [d.id, d]));
    for (const a of alerts) {
      const d = byId.get(a.residentId);
      if (d && !residents.has(d.id)) residents.set(d.id, { name: `${d.prefix}${d.firstName} ${d.lastName}`, communityId: d.communityId });
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
    const digests = await db.residentDigests.bulkGet([...new Set(acks.map((a) => a.residentId))]);
    const residents = new Map<string, AlertResidentInfo>();
    for (const d of digests) if (d) residents.set(d.id, { name: `${d.prefix}${d.firstName} ${d.lastName}`, communityId: d.communityId });
    return { acks, residents };
  }, [db, limit, enabled]);
}

export function useCommunities() {
  const { db } = useStore();
  return useLiveQuery(() => db.communities.toArray(), [db]);
}
