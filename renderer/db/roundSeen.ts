/**
 * What a caregiver acknowledged of her round visits that changed after publishing (docs/domain.md §9): per
 * visit and user, the view she saw (shared/rounds/changed.ts `roundView`) when she pressed "seen". Local to
 * the device (schema v11), never synced: the acknowledgement is about what this device showed her, needs no
 * right to write the care manager's record, and cannot be refused by the server. A device that starts over
 * (a re-bootstrap, a new device) shows the week's changes once more: told twice, never not told.
 */
import { roundView, type ChangedInput, type RoundView } from '../../shared/rounds/changed';
import type { CareRoundsDb } from './db';

export interface RoundSeen {
  /** `<roundId>|<userId>`. */
  key: string;
  roundId: string;
  userId: string;
  view: RoundView;
  /** ISO instant she acknowledged it. */
  at: string;
}

export function roundSeenKey(roundId: string, userId: string): string {
  return `${roundId}|${userId}`;
}

/** Her acknowledged views of these visits, by round id (absent: none acknowledged). */
export async function readRoundSeen(db: CareRoundsDb, roundIds: readonly string[], userId: string): Promise<Map<string, RoundView>> {
  const rows = await db.roundSeen.bulkGet(roundIds.map((id) => roundSeenKey(id, userId)));
  const out = new Map<string, RoundView>();
  for (const r of rows) if (r) out.set(r.roundId, r.view);
  return out;
}

/** She has seen the visit as it is now. */
export async function markRoundSeen(db: CareRoundsDb, round: ChangedInput & { id: string }, userId: string, now: () => number = Date.now): Promise<void> {
  await db.roundSeen.put({ key: roundSeenKey(round.id, userId), roundId: round.id, userId, view: roundView(round), at: new Date(now()).toISOString() });
}
