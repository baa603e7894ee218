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
 *   The device-wide open alerts also start one read at the page's first render, shown until the live query
 *   answers and reused by its first run only if nothing was written since (FirstRead below).
 */
import Dexie, { type ObservabilitySet } from 'dexie';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import type { Alert } from '../../../shared/alerts';
import { AlertsOfRows, type AlertRow } from '../../../shared/alertRow';
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

/**
 * Alert rows read per request on the whole device: each page's alerts are worked out while the next page is
 * read (on a full device the 10,000 rows take the read about three times as long as their alerts take).
 */
export const ALERT_PAGE_ROWS = 2_500;

/** The open alerts of the device (or of one resident), from the alert rows, if they can be trusted. */
export function loadOpenAlerts(db: CareRoundsDb, today: string, residentId?: string, pageRows = ALERT_PAGE_ROWS): Promise<OpenAlerts> {
  const page = (after: string | null): Promise<AlertRow[]> => (after === null ? db.alertRows.limit(pageRows) : db.alertRows.where(':id').above(after).limit(pageRows)).toArray();
  return db.transaction('r', [db.meta, db.alertRows], async (): Promise<OpenAlerts> => {
    const [marker, overrides, first] = await Promise.all([
      db.meta.get(READ_MODELS_KEY),
      readVitalOverrides(db),
      residentId === undefined ? page(null) : db.alertRows.get(residentId).then((r) => (r ? [r] : [])),
    ]);
    if (!isCurrentBuild(marker)) return { state: 'preparing' };
    const acc = new AlertsOfRows(today, { vitals: resolveVitalSettings(overrides) });
    const residents = new Map<string, AlertResidentInfo>();
    for (let rows = first; ; ) {
      // The next page is asked for before this one is worked out, so the two overlap.
      const last = rows[rows.length - 1];
      const next = residentId === undefined && rows.length === pageRows && last !== undefined ? page(last.id) : null;
      for (const r of acc.add(rows)) residents.set(r.id, { name: r.name, communityId: r.communityId });
      if (next === null) break;
      rows = await next;
    }
    return { state: 'ready', alerts: acc.alerts(), residents };
  });
}

/**
 * The device's open alerts read once, started by the Alerts page at its first render rather than by its live
 * query, which starts only once the page has committed and the browser has painted (its effect), a few hundred
 * milliseconds later on a full device: the 10,000 rows are read meanwhile. The page shows the result until
 * the live query answers, and the live query's first run answers with it (reading nothing again) unless
 * something was written to the store since the read started (Dexie's storagemutated event: local writes,
 * pulls, other windows); it then reads afresh. One at a time; released when taken, superseded or the page
 * leaves.
 */
interface FirstRead {
  db: CareRoundsDb;
  today: string;
  promise: Promise<OpenAlerts>;
  /** Something was written to the store since the read started: not to be reused. */
  stale: boolean;
  release(): void;
}

let firstRead: FirstRead | null = null;

/** Starts (or returns the pending) first read of the device's open alerts for `today`. */
export function startFirstAlertsRead(db: CareRoundsDb, today: string): FirstRead {
  if (firstRead !== null && firstRead.db === db && firstRead.today === today && !firstRead.stale) return firstRead;
  firstRead?.release();
  const prefix = `idb://${db.name}/`;
  const onMutated = (parts: ObservabilitySet): void => {
    if (Object.keys(parts).some((k) => k.startsWith(prefix))) read.release();
  };
  const read: FirstRead = {
    db,
    today,
    promise: loadOpenAlerts(db, today),
    stale: false,
    release() {
      read.stale = true;
      Dexie.on.storagemutated.unsubscribe(onMutated);
      if (firstRead === read) firstRead = null;
    },
  };
  Dexie.on.storagemutated.subscribe(onMutated);
  // A failed read is not kept: the live query reads again and reports the error.
  read.promise.catch(() => read.release());
  firstRead = read;
  return read;
}

/**
 * The live query's first run: the first read's result if it is for this store and day and nothing was written
 * since it started, after reading what registers the live query on the same data (the marker, the settings,
 * every alert row's key range: a count reads no row), so later writes still re-run it. Otherwise undefined.
 */
function takeFirstAlertsRead(db: CareRoundsDb, today: string): Promise<OpenAlerts> | undefined {
  const read = firstRead;
  if (read === null || read.db !== db || read.today !== today || read.stale) return undefined;
  read.release();
  return db
    .transaction('r', [db.meta, db.alertRows], () => Promise.all([db.meta.get(READ_MODELS_KEY), readVitalOverrides(db), db.alertRows.count()]))
    .then(() => read.promise);
}

/** What the open-alerts live query runs: the page's first read when it can be reused (see FirstRead), else a read. */
export function openAlertsQuery(db: CareRoundsDb, today: string, residentId?: string): Promise<OpenAlerts> {
  return (residentId === undefined ? takeFirstAlertsRead(db, today) : undefined) ?? loadOpenAlerts(db, today, residentId);
}

export function useOpenAlerts(today: string, enabled: boolean, residentId?: string): OpenAlerts | undefined {
  const { db } = useStore();
  const whole = enabled && residentId === undefined;
  // Started while rendering (see FirstRead), shown until the live query answers.
  const [first] = useState(() => (whole ? startFirstAlertsRead(db, today) : null));
  const [early, setEarly] = useState<OpenAlerts | undefined>(undefined);
  useEffect(() => {
    if (first === null) return undefined;
    let gone = false;
    first.promise.then(
      (r) => {
        if (!gone) setEarly(r);
      },
      () => undefined,
    );
    return () => {
      gone = true;
      first.release();
    };
  }, [first]);
  const live = useLiveQuery(() => (enabled ? openAlertsQuery(db, today, residentId) : NONE), [db, today, enabled, residentId]);
  return live ?? (first !== null && first.db === db && first.today === today ? early : undefined);
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
