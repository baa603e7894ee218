/**
 * Home visits, their amendments and the local draft.
 *
 * Invariants:
 * - A saved visit is never edited: a correction is a visit_amendment record (shared/visit.ts), and a visit
 *   recorded in error is voided with a reason. Both are append-only, so visits never conflict.
 * - Saving a visit removes its draft in the same transaction: either the visit (with its outbox entry) is
 *   stored and the draft is gone, or nothing changed and the draft is still there.
 * - One draft per resident and caregiver (key visitDraftKey); drafts never enter the outbox.
 */
import Dexie from 'dexie';
import type { AdlFormOutput } from '../../shared/assessment';
import { amendVisits, visitDataSchema, type AmendedVisit, type Visit, type VisitAmendment, type VisitAmendmentData } from '../../shared/visit';
import { type VisitFormOutput, type VisitFormValues } from '../../shared/visitForm';
import { cleanText } from '../../shared/text/normalise';
import { donePatch } from '../../shared/rounds/outcome';
import { addAssessment } from './assessments';
import type { CareRoundsDb } from './db';
import { StoreError } from './errors';
import { visitDraftKey, type VisitDraft } from './records';
import { runWrite, type WriteCtx } from './repository';

/**
 * A resident's visit rows as stored, oldest first: one plain range read (IndexedDB getAll). Every view of a
 * resident (timeline, alerts) reads through here, so Dexie's live-query cache serves them one read;
 * `.filter()` or `.reverse()` would read row by row with a cursor instead.
 */
export function residentVisitRows(db: CareRoundsDb, residentId: string): Promise<Visit[]> {
  return db.visits.where('[residentId+startedAt]').between([residentId, Dexie.minKey], [residentId, Dexie.maxKey]).toArray();
}

/** A resident's visits, newest first (voided ones only when asked). */
export async function listVisits(db: CareRoundsDb, residentId: string, opts: { includeVoided?: boolean } = {}): Promise<Visit[]> {
  const rows = await residentVisitRows(db, residentId);
  const out: Visit[] = [];
  for (let i = rows.length - 1; i >= 0; i--) {
    const v = rows[i];
    if (v !== undefined && (opts.includeVoided === true || v.deletedAt === null)) out.push(v);
  }
  return out;
}

export function listResidentAmendments(db: CareRoundsDb, residentId: string): Promise<VisitAmendment[]> {
  return db.visitAmendments.where('residentId').equals(residentId).toArray();
}

/** Each visit with its amendments applied (current view + history), newest first. */
export async function listAmendedVisits(db: CareRoundsDb, residentId: string, opts: { includeVoided?: boolean } = {}): Promise<AmendedVisit<Visit>[]> {
  const [visits, amendments] = await Promise.all([listVisits(db, residentId, opts), listResidentAmendments(db, residentId)]);
  return amendVisits(visits, amendments);
}

export interface RecordVisitOptions {
  /** An ADL re-score done during the visit, stored in the same transaction. */
  adl?: AdlFormOutput;
  /**
   * The round visit this visit is made for (docs/domain.md §9): marked done with this visit, in the same
   * transaction, when it is still the caregiver's published round for this resident. A round that is not
   * (moved to another caregiver or cancelled meanwhile) is left alone: the visit that took place is saved anyway.
   */
  roundVisitId?: string;
}

/**
 * Stores a visit (the form's output plus who and whom) with its outbox entry, removes the caregiver's
 * draft for this resident, and stores an ADL re-score if one was made, all in one transaction.
 */
export function recordVisit(db: CareRoundsDb, residentId: string, data: VisitFormOutput, ctx: WriteCtx, opts: RecordVisitOptions = {}): Promise<Visit> {
  // The same rules the server applies: a visit the server would refuse never reaches the outbox.
  const checked = visitDataSchema.safeParse({ ...data, residentId, caregiverId: ctx.userId });
  if (!checked.success) {
    const field = checked.error.issues[0]?.path.map(String).join('.') ?? '';
    return Promise.reject(new StoreError('record.invalidField', `the visit breaks a rule at ${field}`, { field }));
  }
  return runWrite(
    db,
    opts.roundVisitId === undefined ? ['visits', 'residents', 'assessments'] : ['visits', 'residents', 'assessments', 'roundVisits'],
    ctx,
    async (s) => {
      const resident = await s.get('residents', residentId);
      if (resident.deletedAt !== null) {
        throw new StoreError('record.deleted', `residents/${residentId} is deleted`, { table: 'residents', id: residentId });
      }
      const visit = await s.create('visits', { ...data, residentId, caregiverId: ctx.userId });
      if (opts.adl) await addAssessment(db, s, residentId, opts.adl);
      if (opts.roundVisitId !== undefined) {
        const round = await db.roundVisits.get(opts.roundVisitId);
        if (round && round.deletedAt === null && round.status === 'published' && round.caregiverId === ctx.userId && round.residentId === residentId) {
          await s.patch('roundVisits', round.id, donePatch(visit.id));
        }
      }
      await db.visitDrafts.delete(visitDraftKey(residentId, ctx.userId));
      return visit;
    },
    [db.visitDrafts],
  );
}

/** Stores an amendment built by shared/visit.buildAmendment (its author must be ctx.userId). */
export function amendVisit(db: CareRoundsDb, data: VisitAmendmentData, ctx: WriteCtx): Promise<VisitAmendment> {
  if (data.author !== ctx.userId) return Promise.reject(new StoreError('record.invalidField', 'an amendment is written by its author', { field: 'author' }));
  return runWrite(db, ['visitAmendments', 'visits'], ctx, async (s) => {
    const visit = await s.get('visits', data.visitId);
    if (visit.deletedAt !== null) throw new StoreError('record.deleted', `visits/${visit.id} is voided`, { table: 'visits', id: visit.id });
    return s.create('visitAmendments', { ...data, residentId: visit.residentId });
  });
}

/** Voids a visit recorded in error (wrong resident, duplicate); the reason is kept and synced. */
export function voidVisit(db: CareRoundsDb, id: string, reason: string, ctx: WriteCtx): Promise<Visit> {
  const voidReason = cleanText(reason);
  if (voidReason === '') return Promise.reject(new StoreError('visit.reasonRequired', 'a reason is required to void a visit'));
  return runWrite(db, ['visits'], ctx, (s) => s.tombstone('visits', id, 'void', { voidReason }));
}

// ---------------------------------------------------------------------------------------------------------
// Drafts (local only)

export function getVisitDraft(db: CareRoundsDb, residentId: string, userId: string): Promise<VisitDraft | undefined> {
  return db.visitDrafts.get(visitDraftKey(residentId, userId));
}

/** Creates or replaces the caregiver's draft for this resident; keeps the first save's startedAt. */
export async function saveVisitDraft(db: CareRoundsDb, residentId: string, userId: string, values: VisitFormValues, now: Date = new Date()): Promise<VisitDraft> {
  const key = visitDraftKey(residentId, userId);
  return db.transaction('rw', db.visitDrafts, async () => {
    const existing = await db.visitDrafts.get(key);
    const at = now.toISOString();
    const draft: VisitDraft = { key, residentId, userId, values, startedAt: existing?.startedAt ?? at, savedAt: at };
    await db.visitDrafts.put(draft);
    return draft;
  });
}

export function discardVisitDraft(db: CareRoundsDb, residentId: string, userId: string): Promise<void> {
  return db.visitDrafts.delete(visitDraftKey(residentId, userId));
}
