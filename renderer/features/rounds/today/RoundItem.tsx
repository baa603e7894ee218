/**
 * One round visit of the caregiver's day: when, whom (a link to the profile), where and how to call, what to
 * do, what was found last time, its state, what the care manager changed after publishing (until she presses
 * "seen"), and what she can do about it: start the visit (the new-visit form linked to this round), record it
 * missed, or set a done or missed one back to "to do".
 */
import { useState } from 'react';
import { residentFullName, type Resident } from '../../../../shared/resident';
import type { RoundChange } from '../../../../shared/rounds/changed';
import { roundState, undoPatch, type LastFound, type OutcomePatch } from '../../../../shared/rounds/today';
import { routeHref } from '../../../app/router';
import type { RoundVisitRecord } from '../../../db/syncRows';
import { useI18n } from '../../../i18n/I18nProvider';
import { FormFailure } from '../../../ui/form/FormActions';
import { MissedForm } from './MissedForm';
import { activitiesText, addressText, changeLines, lastFoundText, phonesText, timeText } from './text';

export interface RoundItemProps {
  round: RoundVisitRecord;
  resident: Resident | undefined;
  /** undefined while it is read (shown empty, never as "never visited"). */
  found: LastFound | 'preparing' | undefined;
  /** What changed after publishing since she saw it; null when nothing did. */
  change: RoundChange | null;
  onOutcome(patch: OutcomePatch): Promise<{ ok: true } | { ok: false; error: string }>;
  onSeen(): Promise<{ ok: true } | { ok: false; error: string }>;
}

export function RoundItem({ round, resident, found, change, onOutcome, onSeen }: RoundItemProps) {
  const { t, locale, date } = useI18n();
  const [missedOpen, setMissedOpen] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const state = roundState(round);
  const name = resident ? `${residentFullName(resident)}${resident.nickname ? ` (${resident.nickname})` : ''}` : t('today.residentMissing');
  const titleId = `today-${round.id}-name`;

  const markSeen = async () => {
    setBusy(true);
    setFailure(null);
    const r = await onSeen();
    setBusy(false);
    if (!r.ok) setFailure(r.error);
  };

  const undo = async () => {
    setBusy(true);
    setFailure(null);
    const r = await onOutcome(undoPatch());
    setBusy(false);
    if (!r.ok) setFailure(r.error);
  };

  return (
    <li
      className={`card today-item today-${state}${change ? ' today-changed' : ''}`}
      data-testid="today-row"
      data-round-id={round.id}
      data-resident-id={round.residentId}
      data-state={state}
      data-changed={change ? change.kinds.join(' ') : undefined}
      aria-labelledby={titleId}
    >
      <div className="today-head">
        <span className="today-time" data-testid="today-time">
          {timeText(round.minute, { t })}
          {round.fixed ? <span className="muted small"> · {t('today.fixed')}</span> : null}
        </span>
        <h2 id={titleId} className="today-name">
          {resident ? <a href={routeHref({ name: 'resident', id: resident.id })}>{name}</a> : name}
        </h2>
        <span className={`badge today-badge today-badge-${state}`} data-testid="today-state">
          {state === 'missed' && round.missedReason !== null ? t('today.state.missedReason', { reason: t(`today.reason.${round.missedReason}`) }) : t(`today.state.${state}`)}
        </span>
        {change ? (
          <span className="badge today-badge-changed" data-testid="today-changed">
            {change.kinds.includes('cancelled') ? t('today.changed.cancelledBadge') : t('today.changed.badge')}
          </span>
        ) : null}
      </div>
      {change ? (
        <div className="today-change" data-testid="today-change">
          <ul aria-label={t('today.changed.title')}>
            {changeLines(change, { t, locale, date: (iso) => date(iso) }).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <button type="button" className="btn" disabled={busy} onClick={() => void markSeen()} aria-label={t('today.changed.seenLabel', { name })} data-testid="today-seen">
            {t('today.changed.seen')}
          </button>
        </div>
      ) : null}
      <dl className="today-props">
        <dt>{t('pf.section.contact')}</dt>
        <dd>
          <span data-testid="today-address">{resident ? addressText(resident.address, { t }) || t('today.noAddress') : t('today.noAddress')}</span>
          <br />
          <span data-testid="today-phones">{resident && resident.phones.length > 0 ? t('today.phones', { phones: phonesText(resident.phones) }) : t('today.noPhone')}</span>
        </dd>
        <dt>{t('today.col.todo')}</dt>
        <dd data-testid="today-activities">
          {activitiesText(round.activities, { locale })} · {t('today.minutes', { n: round.minutes })}
        </dd>
        <dt>{t('today.col.lastTime')}</dt>
        <dd data-testid="today-last-time" aria-busy={found === undefined ? true : undefined}>
          {found === undefined ? null : lastFoundText(found, { locale, t, date: (iso) => date(iso, 'short') })}
        </dd>
        {state === 'missed' && round.outcomeNote !== '' ? (
          <>
            <dt>{t('today.missedForm.note')}</dt>
            <dd data-testid="today-note">{round.outcomeNote}</dd>
          </>
        ) : null}
      </dl>
      <FormFailure testId="today-row-failed">{failure !== null ? t('today.saveFailed', { detail: failure }) : null}</FormFailure>
      {state === 'cancelled' ? null : (
        <div className="row today-actions">
          {state !== 'done' && resident ? (
            <a className="btn btn-primary" href={routeHref({ name: 'visitNew', residentId: resident.id, round: round.id })} aria-label={t('today.startLabel', { name })} data-testid="today-start">
              {t('today.start')}
            </a>
          ) : null}
          {state === 'todo' && !missedOpen ? (
            <button type="button" className="btn" onClick={() => setMissedOpen(true)} aria-label={t('today.missedLabel', { name })} data-testid="today-missed">
              {t('today.missed')}
            </button>
          ) : null}
          {state === 'done' && round.visitId !== null && resident ? (
            <a className="btn" href={routeHref({ name: 'visit', residentId: resident.id, visitId: round.visitId })} data-testid="today-open-visit">
              {t('today.openVisit')}
            </a>
          ) : null}
          {state === 'done' || state === 'missed' ? (
            <button type="button" className="btn" disabled={busy} onClick={() => void undo()} aria-label={t('today.undoLabel', { name })} title={state === 'done' ? t('today.undoHint') : undefined} data-testid="today-undo">
              {t('today.undo')}
            </button>
          ) : null}
        </div>
      )}
      {missedOpen && state === 'todo' ? (
        <MissedForm
          roundId={round.id}
          name={name}
          onCancel={() => setMissedOpen(false)}
          onSave={async (patch) => {
            const r = await onOutcome(patch);
            if (r.ok) setMissedOpen(false);
            return r;
          }}
        />
      ) : null}
    </li>
  );
}
