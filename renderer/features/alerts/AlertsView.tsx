/**
 * The Alerts page's display (#/alerts): every open alert, urgent first, filtered by rule and community, and
 * the recently acknowledged ones. It shows what AlertsPage (the data) hands it and queries no store itself.
 */
import './alerts.css';
import { useMemo, useState, useSyncExternalStore } from 'react';
import { ALERT_RULES, type Alert, type AlertRule, type AlertSeverity } from '../../../shared/alerts';
import type { Community } from '../../../shared/reference/communities';
import { routeHref } from '../../app/router';
import { useAfterPaint } from '../../app/useAfterPaint';
import { getReadModelStatus, subscribeReadModelStatus } from '../../db/readModels';
import type { AlertAck } from '../../db/records';
import { useI18n } from '../../i18n/I18nProvider';
import { useUserNames } from '../carePlans';
import { AlertRow } from './AlertRow';
import { ruleName } from './alertText';
import type { OpenAlerts, RecentAcks } from './queries';

/** Rows drawn per group before "show more" (thousands of alerts on a big device stay responsive). */
const PAGE = 100;
/**
 * Rows drawn per group in the list's first frame, more than a screenful: the rest of the PAGE follows once it
 * has been painted, so the first rows do not wait for two hundred rows to be laid out and painted.
 */
const FIRST_FRAME_ROWS = 20;
const SEVERITIES: readonly AlertSeverity[] = ['urgent', 'warning'];

function ruleOfAlertId(alertId: string): AlertRule | null {
  const head = alertId.split(':')[0] ?? '';
  return (ALERT_RULES as readonly string[]).includes(head) ? (head as AlertRule) : null;
}

export interface AlertsViewProps {
  allowed: boolean;
  open: OpenAlerts | undefined;
  acked: RecentAcks | undefined;
  communities: readonly Community[] | undefined;
}

export function AlertsView({ allowed, open, acked, communities }: AlertsViewProps) {
  const { t } = useI18n();
  const [tab, setTab] = useState<'open' | 'acked'>('open');
  const [rule, setRule] = useState<AlertRule | ''>('');
  const [community, setCommunity] = useState('');
  const alerts = open?.state === 'ready' ? open.alerts : undefined;
  const residents = open?.state === 'ready' ? open.residents : undefined;
  // Kept across re-renders with the same alerts (the live query answering with the page's first read).
  const shownBySeverity = useMemo(() => {
    const shown = (alerts ?? []).filter((a) => (rule === '' || a.rule === rule) && (community === '' || residents?.get(a.residentId)?.communityId === community));
    return { total: shown.length, groups: SEVERITIES.map((s) => ({ severity: s, alerts: shown.filter((a) => a.severity === s) })) };
  }, [alerts, residents, rule, community]);
  const usedCommunities = useMemo(() => new Set([...(residents?.values() ?? [])].map((r) => r.communityId)), [residents]);
  const listPainted = useAfterPaint(alerts);

  if (!allowed) {
    return (
      <section data-testid="alerts-page">
        <div className="page-header">
          <h1>{t('alerts.title')}</h1>
        </div>
        <p className="empty">{t('alerts.notAllowed')}</p>
      </section>
    );
  }

  const nameOf = (id: string): string => residents?.get(id)?.name ?? acked?.residents.get(id)?.name ?? t('alerts.unknownResident');

  return (
    <section data-testid="alerts-page" aria-labelledby="alerts-title">
      <div className="page-header">
        <h1 id="alerts-title">{t('alerts.title')}</h1>
        {alerts ? <span className="muted" data-testid="alerts-count" data-count={alerts.length}>{t('alerts.count', { n: alerts.length })}</span> : null}
      </div>
      <p className="muted small">{t('alerts.intro')}</p>
      <div className="alert-tabs" role="group">
        <button type="button" className="btn" aria-pressed={tab === 'open'} onClick={() => setTab('open')} data-testid="alerts-tab-open">
          {t('alerts.tab.open')}
        </button>
        <button type="button" className="btn" aria-pressed={tab === 'acked'} onClick={() => setTab('acked')} data-testid="alerts-tab-acked">
          {t('alerts.tab.acked')}
        </button>
      </div>
      {tab === 'open' ? (
        <>
          <div className="toolbar">
            <label className="field">
              <span className="field-label">{t('alerts.filter.rule')}</span>
              <select value={rule} onChange={(e) => setRule(e.target.value as AlertRule | '')} data-testid="alerts-filter-rule">
                <option value="">{t('alerts.filter.all')}</option>
                {ALERT_RULES.map((r) => (
                  <option key={r} value={r}>
                    {ruleName(r, { t })}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span className="field-label">{t('alerts.filter.community')}</span>
              <select value={community} onChange={(e) => setCommunity(e.target.value)} data-testid="alerts-filter-community">
                <option value="">{t('alerts.filter.all')}</option>
                {(communities ?? [])
                  .filter((c) => usedCommunities.has(c.id))
                  .map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.nameTh}
                    </option>
                  ))}
              </select>
            </label>
          </div>
          {open?.state === 'preparing' ? (
            <Preparing />
          ) : alerts === undefined ? (
            <p className="empty" role="status">
              {t('alerts.loading')}
            </p>
          ) : shownBySeverity.total === 0 ? (
            <p className="empty" data-testid="alerts-empty">
              {alerts.length === 0 ? t('alerts.none') : t('alerts.noneFiltered')}
            </p>
          ) : (
            shownBySeverity.groups.map((g) => <SeverityGroup key={g.severity} severity={g.severity} alerts={g.alerts} nameOf={nameOf} firstFrame={!listPainted} />)
          )}
        </>
      ) : (
        <AckedList acks={acked?.acks} nameOf={nameOf} />
      )}
    </section>
  );
}

/** The read models are being checked or rebuilt: their progress, not a list that may be wrong. */
function Preparing() {
  const { t } = useI18n();
  const status = useSyncExternalStore(subscribeReadModelStatus, getReadModelStatus);
  return (
    <p className="empty" role="status" data-testid="alerts-preparing">
      {status.phase === 'rebuilding' ? t('alerts.preparing', { done: status.done, total: status.total }) : t('alerts.loading')}
    </p>
  );
}

function SeverityGroup({ severity, alerts, nameOf, firstFrame }: { severity: AlertSeverity; alerts: Alert[]; nameOf: (id: string) => string; firstFrame: boolean }) {
  const { t } = useI18n();
  const [limit, setLimit] = useState(PAGE);
  if (alerts.length === 0) return null;
  const drawn = firstFrame ? Math.min(limit, FIRST_FRAME_ROWS) : limit;
  return (
    <section className="card" data-testid={`alerts-group-${severity}`} aria-labelledby={`alerts-group-${severity}`}>
      <h2 id={`alerts-group-${severity}`}>
        {t(`alerts.group.${severity}`)} <span className="muted small">{t('alerts.count', { n: alerts.length })}</span>
      </h2>
      <ul className="alert-list">
        {alerts.slice(0, drawn).map((a) => (
          <AlertRow key={a.id} alert={a} residentName={nameOf(a.residentId)} canAck />
        ))}
      </ul>
      {alerts.length > limit ? (
        <p>
          <button type="button" className="btn" onClick={() => setLimit((n) => n + PAGE)} data-testid="alerts-more">
            {t('alerts.showMore', { n: alerts.length - limit })}
          </button>
        </p>
      ) : null}
    </section>
  );
}

function AckedList({ acks, nameOf }: { acks: AlertAck[] | undefined; nameOf: (id: string) => string }) {
  const { t, instant } = useI18n();
  const { label } = useUserNames();
  if (acks === undefined) {
    return (
      <p className="empty" role="status">
        {t('alerts.loading')}
      </p>
    );
  }
  if (acks.length === 0) return <p className="empty">{t('alerts.ackedNone')}</p>;
  return (
    <section className="card">
      <p className="small muted">{t('alerts.ackedHint', { n: acks.length })}</p>
      <ul className="alert-list">
        {acks.map((a) => {
          const rule = ruleOfAlertId(a.alertId);
          return (
            <li key={a.id} className="alert-row" data-testid="alert-acked" data-alert-id={a.alertId} data-rule={rule ?? ''} data-resident-id={a.residentId} data-by={a.by}>
              <div className="alert-head">
                <a href={routeHref({ name: 'resident', id: a.residentId })}>
                  <strong>{nameOf(a.residentId)}</strong>
                </a>
                {rule !== null ? <span>{ruleName(rule, { t })}</span> : null}
              </div>
              <span />
              <div className="alert-detail small" data-testid="alert-acked-by">
                {t('alerts.acked', { name: label(a.by), time: instant(a.at) })}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
