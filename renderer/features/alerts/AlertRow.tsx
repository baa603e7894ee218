import './alerts.css';
import { memo, useState } from 'react';
import type { Alert } from '../../../shared/alerts';
import { routeHref } from '../../app/router';
import { useStore } from '../../app/StoreProvider';
import { useActor } from '../../app/useActor';
import { acknowledgeAlert } from '../../db/alerts';
import { isStoreError } from '../../db/errors';
import { useI18n } from '../../i18n/I18nProvider';
import { alertDetail, ruleName } from './alertText';

export interface AlertRowProps {
  alert: Alert;
  /** The resident's name, linked to the profile; omitted on the resident's own profile. */
  residentName?: string;
  canAck: boolean;
}

/**
 * One open alert: who, what triggered it, since when, and the acknowledge button. Memoised: the list re-renders
 * when the live query answers again with the same alerts (the Alerts page's first read, queries.ts).
 */
export const AlertRow = memo(function AlertRow({ alert, residentName, canAck }: AlertRowProps) {
  const i18n = useI18n();
  const { t, date } = i18n;
  const { db } = useStore();
  const actor = useActor();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const ack = async () => {
    setBusy(true);
    setFailure(null);
    try {
      await acknowledgeAlert(db, alert, actor.writeCtx);
      // The live query drops the row; nothing else to do.
    } catch (err) {
      setFailure(isStoreError(err) ? i18n.tCode(err.code) : err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  return (
    <li className="alert-row" data-testid="alert-item" data-rule={alert.rule} data-resident-id={alert.residentId} data-alert-id={alert.id} data-severity={alert.severity}>
      <div className="alert-head">
        <span className={`badge badge-${alert.severity}`}>{t(`alerts.severity.${alert.severity}`)}</span>
        {residentName !== undefined ? (
          <a href={routeHref({ name: 'resident', id: alert.residentId })} data-testid="alert-resident">
            <strong>{residentName}</strong>
          </a>
        ) : null}
        <span data-testid="alert-rule">{ruleName(alert.rule, i18n)}</span>
        {alert.since !== null ? <span className="small muted">{t('alerts.since', { date: date(alert.since) })}</span> : null}
      </div>
      {canAck ? (
        <button type="button" className="btn" onClick={() => void ack()} disabled={busy} data-testid="ack-alert">
          {busy ? t('alerts.acking') : t('alerts.ack')}
        </button>
      ) : (
        <span />
      )}
      <div className="alert-detail small" data-testid="alert-detail">
        {alertDetail(alert, i18n)}
      </div>
      {failure !== null ? (
        <p className="field-error" role="alert">
          {t('alerts.ackFailed', { detail: failure })}
        </p>
      ) : null}
    </li>
  );
});
