import { useMemo } from 'react';
import { canAcknowledgeAlerts } from '../../../shared/permissions';
import { todayBangkok } from '../../../shared/dates/thaiDate';
import { useActor } from '../../app/useActor';
import { useI18n } from '../../i18n/I18nProvider';
import { AlertRow } from './AlertRow';
import { useOpenAlerts } from './queries';

/** A resident's open alerts (care managers only, from its digest), shown on the profile; nothing when there are none. */
export function ResidentAlerts({ residentId }: { residentId: string }) {
  const { t } = useI18n();
  const actor = useActor();
  const today = useMemo(() => todayBangkok(), []);
  const show = canAcknowledgeAlerts(actor);
  const open = useOpenAlerts(today, show, residentId);
  const alerts = open?.state === 'ready' ? open.alerts : [];
  if (!show || alerts.length === 0) return null;
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
