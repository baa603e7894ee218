/**
 * The caregiver's outcome of a round visit as one patch of ROUND_OUTCOME_FIELDS (docs/sync-protocol.md §8
 * "Weekly rounds"). Apart from today.ts and with type-only imports, so the visit save path
 * (renderer/db/visits.ts) marks a round done without loading zod schemas.
 *
 * Invariant: every patch keeps "missed exactly when a reason is given" (recordsSchema.ts).
 */
import type { RoundVisitData } from './recordsSchema';

export type MissedReason = NonNullable<RoundVisitData['missedReason']>;

/** The caregiver's outcome fields (ROUND_OUTCOME_FIELDS) as one patch. */
export interface OutcomePatch {
  outcome: 'done' | 'missed' | null;
  missedReason: MissedReason | null;
  outcomeNote: string;
  visitId: string | null;
}

/** Done by the visit `visitId`: any earlier missed reason and note are cleared. */
export function donePatch(visitId: string): OutcomePatch {
  return { outcome: 'done', missedReason: null, outcomeNote: '', visitId };
}

export function missedPatch(reason: MissedReason, note: string): OutcomePatch {
  return { outcome: 'missed', missedReason: reason, outcomeNote: note.trim(), visitId: null };
}

/**
 * Back to "to do" (she marked the wrong visit): the outcome is cleared. A visit record already made stays
 * (it is corrected or voided on its own page, docs/domain.md §5); the round no longer points at it.
 */
export function undoPatch(): OutcomePatch {
  return { outcome: null, missedReason: null, outcomeNote: '', visitId: null };
}
