/**
 * On the resident's profile: start a home visit, or, when this caregiver has an unfinished visit for this
 * resident, continue or discard it (discarding asks first, in the page). Shows the latest visit.
 */
import { useState } from 'react';
import type { Resident } from '../../../shared/resident';
import { routeHref } from '../../app/router';
import { useStore } from '../../app/StoreProvider';
import { useActor } from '../../app/useActor';
import { discardVisitDraft } from '../../db/visits';
import { useI18n } from '../../i18n/I18nProvider';
import { useLatestVisit, useStoredVisitDraft } from './queries';
import './visits.css';

export function VisitStartPanel({ resident }: { resident: Resident }) {
  const { t, instant, date } = useI18n();
  const { db } = useStore();
  const actor = useActor();
  const [confirming, setConfirming] = useState(false);
  const draft = useStoredVisitDraft(resident.id, actor.userId);
  const last = useLatestVisit(resident.id);

  if (draft === undefined || last === undefined) return null;
  const formHref = routeHref({ name: 'visitNew', residentId: resident.id });

  return (
    <section className="card visit-start" aria-labelledby="visit-start-title" data-testid="visit-start-panel">
      <div className="row" style={{ alignItems: 'center' }}>
        <h2 id="visit-start-title" style={{ margin: 0, flex: 1 }}>
          {t('visits.panel.title')}
        </h2>
        {draft === null ? (
          <a className="btn btn-primary" href={formHref} data-testid="start-visit">
            {t('visits.start')}
          </a>
        ) : null}
      </div>
      {draft !== null ? (
        <div className="alert alert-warning visit-draft" data-testid="visit-draft" style={{ marginTop: 12 }}>
          <p style={{ margin: '0 0 8px' }} data-testid="visit-draft-saved-at">
            {t('visits.draft.found', { time: instant(draft.savedAt) })}
          </p>
          {confirming ? (
            <div role="alertdialog" aria-labelledby="discard-draft-q" data-testid="discard-draft-dialog">
              <p id="discard-draft-q" style={{ margin: '0 0 8px' }}>
                <strong>{t('visits.draft.discardConfirm')}</strong>
              </p>
              <div className="row">
                <button
                  type="button"
                  className="btn btn-danger"
                  data-testid="discard-draft-confirm"
                  onClick={() => {
                    setConfirming(false);
                    void discardVisitDraft(db, resident.id, actor.userId);
                  }}
                >
                  {t('visits.draft.discardYes')}
                </button>
                <button type="button" className="btn" data-testid="discard-draft-cancel" onClick={() => setConfirming(false)} autoFocus>
                  {t('visits.draft.keep')}
                </button>
              </div>
            </div>
          ) : (
            <div className="row">
              <a className="btn btn-primary" href={formHref} data-testid="continue-draft">
                {t('visits.draft.continue')}
              </a>
              <button type="button" className="btn btn-danger" data-testid="discard-draft" onClick={() => setConfirming(true)}>
                {t('visits.draft.discard')}
              </button>
            </div>
          )}
        </div>
      ) : null}
      <p className="muted small" style={{ margin: '8px 0 0' }} data-testid="last-visit">
        {last === null ? (
          t('visits.panel.none')
        ) : (
          <>
            {t('visits.panel.last', { date: date(last.serviceDate) })} ·{' '}
            <a href={routeHref({ name: 'visit', residentId: resident.id, visitId: last.id })} data-testid="open-last-visit">
              {t('visits.panel.open')}
            </a>
          </>
        )}
      </p>
    </section>
  );
}
