import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { canAcknowledge } from '../../../shared/alerts';
import { todayBangkok } from '../../../shared/dates/thaiDate';
import { useStore } from '../../app/StoreProvider';
import { useActor } from '../../app/useActor';
import { loadAlerts } from '../../db/alerts';
import { useI18n } from '../../i18n/I18nProvider';
import { AlertRow } from './AlertRow';

/** A resident's open alerts (care managers only), shown on the profile; nothing when there are none. */
export function ResidentAlerts({ residentId }: { residentId: string }) {
  const { t } = useI18n();
  const { db } = useStore();
  const actor = useActor();
  const today = useMemo(() => todayBangkok(), []);
  const show = canAcknowledge(actor.role);
  const alerts = useLiveQuery(() => (show ? loadAlerts(db, today, residentId) : []), [db, today, residentId, show]);
  if (!show || alerts === undefined || alerts.length === 0) return null;
  return (
    <div data-testid="resident-alerts" data-count={alerts.length}>
      <h3 className="small">{t('plans.alertsTitle')}</h3>
      <ul className="alert-list">
        {alerts.map((a) => (
          <AlertRow key={a.id} alert={a} canAck />
        ))}
      </ul>
    </div>
  );
}
