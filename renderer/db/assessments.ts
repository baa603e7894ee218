/**
 * ADL assessments. A completed assessment is immutable: a wrong one is voided (tombstone with a reason,
 * outbox op 'void') and a new one recorded.
 *
 * Invariant: a resident's `latestAdl` is the newest non-voided assessment (by assessedOn, then by id, which
 * is time-ordered), or null. It is recomputed in the same transaction as every assessment write, and the
 * resident patch gets its own outbox entry (written only when the value actually changes).
 */
import Dexie from 'dexie';
import type { AdlAssessment, AdlFormOutput } from '../../shared/assessment';
import type { LatestAdl } from '../../shared/resident';
import { cleanText } from '../../shared/text/normalise';
import type { CareRoundsDb } from './db';
import { StoreError } from './errors';
import { runWrite, type WriteCtx, type WriteSession } from './repository';

/** Newest first; voided ones only when asked. */
export async function listAssessments(db: CareRoundsDb, residentId: string, opts: { includeVoided?: boolean } = {}): Promise<AdlAssessment[]> {
  // One range read (getAll), reversed and filtered here: a Dexie .reverse()/.filter() reads with a cursor.
  const rows = await db.assessments.where('[residentId+assessedOn]').between([residentId, Dexie.minKey], [residentId, Dexie.maxKey]).toArray();
  return rows.reverse().filter((a) => opts.includeVoided === true || a.deletedAt === null);
}

async function newestAssessment(db: CareRoundsDb, residentId: string): Promise<AdlAssessment | undefined> {
  // Equal assessedOn sorts by primary key (a time-ordered UUIDv7): reverse gives the last one recorded.
  return db.assessments
    .where('[residentId+assessedOn]')
    .between([residentId, Dexie.minKey], [residentId, Dexie.maxKey])
    .reverse()
    .filter((a) => a.deletedAt === null)
    .first();
}

export function toLatestAdl(a: AdlAssessment): LatestAdl {
  return { assessmentId: a.id, total: a.total, group: a.group, assessedOn: a.assessedOn };
}

/** Sets the resident's latestAdl from its assessments; writes (and queues) only if it changes. */
async function refreshLatestAdl(db: CareRoundsDb, s: WriteSession, residentId: string): Promise<void> {
  const resident = await s.get('residents', residentId);
  if (resident.deletedAt !== null) return; // a deleted resident's summary is not maintained
  const newest = await newestAssessment(db, residentId);
  await s.patch('residents', residentId, { latestAdl: newest ? toLatestAdl(newest) : null });
}

export function recordAdlAssessment(db: CareRoundsDb, residentId: string, data: AdlFormOutput, ctx: WriteCtx): Promise<AdlAssessment> {
  return runWrite(db, ['assessments', 'residents'], ctx, (s) => addAssessment(db, s, residentId, data));
}

/** recordAdlAssessment inside a caller's write (a visit that re-scores ADL): tables assessments, residents. */
export async function addAssessment(db: CareRoundsDb, s: WriteSession, residentId: string, data: AdlFormOutput): Promise<AdlAssessment> {
  const resident = await s.get('residents', residentId);
  if (resident.deletedAt !== null) {
    throw new StoreError('record.deleted', `residents/${residentId} is deleted`, { table: 'residents', id: residentId });
  }
  const assessment = await s.create('assessments', { ...data, residentId });
  await refreshLatestAdl(db, s, residentId);
  return assessment;
}

/** Voids an assessment with a reason (kept on the record and sent with the outbox entry). */
export function voidAssessment(db: CareRoundsDb, id: string, reason: string, ctx: WriteCtx): Promise<AdlAssessment> {
  const voidReason = cleanText(reason);
  if (voidReason === '') return Promise.reject(new StoreError('assessment.reasonRequired', 'a reason is required to void an assessment'));
  return runWrite(db, ['assessments', 'residents'], ctx, async (s) => {
    const voided = await s.tombstone('assessments', id, 'void', { voidReason });
    await refreshLatestAdl(db, s, voided.residentId);
    return voided;
  });
}
