/**
 * Alerts for care managers (#/alerts), the data side: the open alerts from the per-resident digests
 * (queries.ts; never the visits), the recent acknowledgements and the communities, handed to AlertsView.
 * The queries are live, so a new visit, assessment, plan or acknowledgement (also one arriving by sync)
 * updates the list. Acknowledging stores an alert_ack record (who, when); acknowledged alerts leave the open
 * list and show under "recently acknowledged".
 */
import { useEffect, useMemo } from 'react';
import { firstScreenShown } from '../../app/firstScreen';
import { useAfterPaint } from '../../app/useAfterPaint';
import { canAcknowledgeAlerts } from '../../../shared/permissions';
import { todayBangkok } from '../../../shared/dates/thaiDate';
import { useActor } from '../../app/useActor';
import { AlertsView } from './AlertsView';
import { useCommunities, useOpenAlerts, useRecentAcks } from './queries';

const ACKED_SHOWN = 50;

export function AlertsPage() {
  const actor = useActor();
  const today = useMemo(() => todayBangkok(), []);
  const allowed = canAcknowledgeAlerts(actor);
  const open = useOpenAlerts(today, allowed);
  // The read models' start-up check waits for this page's first list (or its "preparing" state) to be painted.
  const painted = useAfterPaint(open);
  useEffect(() => {
    if (painted) firstScreenShown();
  }, [painted]);
  const acked = useRecentAcks(ACKED_SHOWN, allowed);
  const communities = useCommunities();
  return <AlertsView allowed={allowed} open={open} acked={acked} communities={communities} />;
}
