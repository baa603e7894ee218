/**
 * The caregiver's writes on her day: an outcome patch of ROUND_OUTCOME_FIELDS through the repository (one
 * transaction with its outbox entry, docs/architecture.md "The write path"); the server accepts nothing else
 * of hers on a round visit (docs/sync-protocol.md §8 "Weekly rounds"); and "seen" on a visit changed after
 * publishing, which stays on the device (db/roundSeen.ts, docs/domain.md §9).
 */
import type { OutcomePatch } from '../../../../shared/rounds/today';
import type { CareRoundsDb } from '../../../db/db';
import { patchRecord, type WriteCtx } from '../../../db/repository';
import { markRoundSeen } from '../../../db/roundSeen';
import type { RoundVisitRecord } from '../../../db/syncRows';

export function setOutcome(db: CareRoundsDb, roundId: string, patch: OutcomePatch, ctx: WriteCtx): Promise<RoundVisitRecord> {
  return patchRecord(db, 'roundVisits', roundId, patch, ctx);
}

export function setSeen(db: CareRoundsDb, round: RoundVisitRecord, ctx: WriteCtx): Promise<void> {
  return markRoundSeen(db, round, ctx.userId, ctx.now);
}
