/**
 * Moving a visit to another caregiver-day in the week planner (docs/domain.md §9), one path for both ways a
 * care manager does it: the keyboard move form of the day panel and dragging a visit row onto a grid cell.
 * A move that lands on leave, a holiday, a day she does not work or outside her communities
 * (shared/rounds/grid.ts moveWarnings) is held with its reasons until she confirms it; any other goes
 * ahead at once. The write itself is planWeek.ts moveVisit (the visit is locked so a replan keeps it).
 */
import { useState } from 'react';
import { moveWarnings } from '../../../../shared/rounds/grid';
import { useStore } from '../../../app/StoreProvider';
import { useActor } from '../../../app/useActor';
import type { RoundVisitRecord } from '../../../db/syncRows';
import { useI18n } from '../../../i18n/I18nProvider';
import { moveVisit, type WeekData } from './planWeek';

export type MoveWay = 'form' | 'drag';

/** A visit, with what the move rules need of its resident, and where it should go. */
export interface MoveRequest {
  visit: RoundVisitRecord;
  residentName: string;
  /** The resident's community now (her digest), null when unknown. */
  residentCommunityId: string | null;
  to: { caregiverId: string; date: string };
  way: MoveWay;
}

export type MoveReason = ReturnType<typeof moveWarnings>[number];

export interface Mover {
  /** The move waiting for the care manager's confirmation, with its reasons. */
  pending: { request: MoveRequest; reasons: MoveReason[] } | null;
  /** The last move written (cleared by the next request). */
  moved: MoveRequest | null;
  /** Moves at once, or holds the move for confirmation when it has reasons. */
  request(r: MoveRequest): Promise<void>;
  /** Writes the held move. */
  confirm(): Promise<void>;
  /** Drops the held move. */
  cancel(): void;
}

/** Why this move needs a confirmation (none: it can go ahead). */
export function reasonsFor(r: Pick<MoveRequest, 'to' | 'residentCommunityId'>, week: WeekData): MoveReason[] {
  const target = week.caregivers.find((c) => c.id === r.to.caregiverId);
  return target ? moveWarnings(r.to, r.residentCommunityId, target, week) : [];
}

export function useMover(week: WeekData | null | undefined, onMoved?: (r: MoveRequest) => void): Mover {
  const { db } = useStore();
  const actor = useActor();
  const [pending, setPending] = useState<Mover['pending']>(null);
  const [moved, setMoved] = useState<MoveRequest | null>(null);
  const write = async (r: MoveRequest): Promise<void> => {
    await moveVisit(db, r.visit.id, r.to, actor.writeCtx);
    setPending(null);
    setMoved(r);
    onMoved?.(r);
  };
  return {
    pending,
    moved,
    async request(r) {
      setMoved(null);
      const reasons = week ? reasonsFor(r, week) : [];
      if (reasons.length > 0) {
        setPending({ request: r, reasons });
        return;
      }
      await write(r);
    },
    async confirm() {
      if (pending) await write(pending.request);
    },
    cancel() {
      setPending(null);
    },
  };
}

/** The reasons of a held move and the button that confirms it; `what` says which move, when not obvious. */
export function MoveConfirm({ mover, what, autoFocus }: { mover: Mover; what?: string; autoFocus?: boolean }) {
  const { t } = useI18n();
  if (!mover.pending) return null;
  return (
    <div role="alert" className="alert alert-warning" data-testid="planner-move-warning" data-way={mover.pending.request.way}>
      {what ? <p>{what}</p> : null}
      <p>{t('planner.move.warning', { reasons: mover.pending.reasons.map((r) => t(`planner.warn.${r}`)).join(', ') })}</p>
      <button type="button" className="btn btn-primary" autoFocus={autoFocus} onClick={() => void mover.confirm()} data-testid="planner-move-confirm">
        {t('planner.move.confirm')}
      </button>{' '}
      {mover.pending.request.way === 'drag' ? (
        <button type="button" className="btn" onClick={() => mover.cancel()} data-testid="planner-move-cancel">
          {t('planner.move.cancel')}
        </button>
      ) : null}
    </div>
  );
}
