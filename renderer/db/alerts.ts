/**
 * Alerts: computed on the device from its own records, so a care manager sees them offline. Only
 * acknowledgements are stored, as append-only synced records (alertAcks).
 *
 * The app reads alerts from the per-resident digests (loadAlerts: 10,000 small rows, never the visits);
 * loadAlertInput reads every record for shared/alerts.ts computeAlerts, the reference the digests are
 * checked against (tests and the benchmark of the full computation).
 */
import { acknowledge, computeAlerts, type Alert, type AlertInput, type AlertSettings, type AlertVisit } from '../../shared/alerts';
import { alertsFromDigests, type ResidentDigest } from '../../shared/digest';
import { canAcknowledgeAlerts, type Role } from '../../shared/permissions';
import { amendVisits, type Visit, type VisitAmendment } from '../../shared/visit';
import type { CareRoundsDb } from './db';
import { StoreError } from './errors';
import type { AlertAck } from './records';
import { listResidentAmendments, residentVisitRows } from './visits';
import { runWrite, type WriteCtx } from './repository';

/** Visits as they are now: a visit with amendments gets them applied (most have none). */
export function currentVisits(visits: readonly Visit[], amendments: readonly VisitAmendment[]): Visit[] {
  if (amendments.length === 0) return [...visits];
  return amendVisits(visits, amendments).map((v) => v.current);
}

/** Everything computeAlerts needs, read from the device in one read transaction (every record: see the header). */
export async function loadAlertInput(db: CareRoundsDb, today: string, residentId?: string): Promise<AlertInput> {
  return db.transaction('r', [db.residents, db.visits, db.visitAmendments, db.assessments, db.carePlans, db.alertAcks], async () => {
    if (residentId !== undefined) {
      const [resident, visits, amendments, assessments, plans, acks] = await Promise.all([
        db.residents.get(residentId),
        residentVisitRows(db, residentId),
        listResidentAmendments(db, residentId),
        db.assessments.where('residentId').equals(residentId).toArray(),
        db.carePlans.where('residentId').equals(residentId).toArray(),
        db.alertAcks.where('residentId').equals(residentId).toArray(),
      ]);
      return { residents: resident ? [resident] : [], visits: currentVisits(visits, amendments) as AlertVisit[], assessments, plans, acknowledgements: acks, today };
    }
    const [residents, visits, amendments, assessments, plans, acks] = await Promise.all([
      db.residents.toArray(),
      db.visits.toArray(),
      db.visitAmendments.toArray(),
      db.assessments.toArray(),
      db.carePlans.toArray(),
      db.alertAcks.toArray(),
    ]);
    return { residents, visits: currentVisits(visits, amendments), assessments, plans, acknowledgements: acks, today };
  });
}

/** computeAlerts over every record: the reference (see the header). */
export async function computeAlertsFromRecords(db: CareRoundsDb, today: string, residentId?: string): Promise<Alert[]> {
  return computeAlerts(await loadAlertInput(db, today, residentId));
}

/** The digests of the device, or of one resident. */
export async function loadDigests(db: CareRoundsDb, residentId?: string): Promise<ResidentDigest[]> {
  if (residentId === undefined) return db.residentDigests.toArray();
  const d = await db.residentDigests.get(residentId);
  return d ? [d] : [];
}

/** The open alerts of the device (or of one resident), from the digests. */
export async function loadAlerts(db: CareRoundsDb, today: string, residentId?: string, settings: Partial<AlertSettings> = {}): Promise<Alert[]> {
  return alertsFromDigests(await loadDigests(db, residentId), today, settings);
}

export interface AckCtx extends WriteCtx {
  role: Role;
}

/** Records who acknowledged the alert and when (care managers only). */
export function acknowledgeAlert(db: CareRoundsDb, alert: Alert, ctx: AckCtx): Promise<AlertAck> {
  if (!canAcknowledgeAlerts(ctx)) return Promise.reject(new StoreError('record.invalidField', 'only care managers acknowledge alerts', { field: 'by' }));
  const at = new Date((ctx.now ?? Date.now)()).toISOString();
  return runWrite(db, ['alertAcks'], ctx, (s) => s.create('alertAcks', acknowledge(alert, ctx.userId, at)));
}
