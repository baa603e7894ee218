/**
 * Alerts for care managers (#/alerts): every open alert on the device, computed by shared/alerts.ts from the
 * local records (renderer/db/alerts.ts loadAlerts), urgent first. The live query reads the same tables the
 * computation does, so a new visit, assessment, plan or acknowledgement (also one arriving by sync) updates
 * the list. Acknowledging stores an alert_ack record (who, when); acknowledged alerts leave the open list
 * and show under "recently acknowledged".
 */
import './alerts.css';
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';
import { ALERT_RULES, canAcknowledge, type Alert, type AlertRule, type AlertSeverity } from '../../../shared/alerts';
import { todayBangkok } from '../../../shared/dates/thaiDate';
import type { Resident } from '../../../shared/resident';
import { routeHref } from '../../app/router';
import { useStore } from '../../app/StoreProvider';
import { useActor } from '../../app/useActor';
import { loadAlerts } from '../../db/alerts';
import type { AlertAck } from '../../db/records';
import { useI18n } from '../../i18n/I18nProvider';
import { useUserNames } from '../carePlans/users';
import { AlertRow } from './AlertRow';
import { ruleName } from './alertText';

/** Rows drawn per group before "show more" (thousands of alerts on a big device stay responsive). */
const PAGE = 100;
const ACKED_SHOWN = 50;
const SEVERITIES: readonly AlertSeverity[] = ['urgent', 'warning'];

const residentName = (r: Pick<Resident, 'prefix' | 'firstName' | 'lastName'>): string => `${r.prefix}${r.firstName} ${r.lastName}`;

function ruleOfAlertId(alertId: string): AlertRule | null {
  const head = alertId.split(':')[0] ?? '';
  return (ALERT_RULES as readonly string[]).includes(head) ? (head as AlertRule) : null;
}

export function AlertsPage() {
  const { t } = useI18n();
  const { db } = useStore();
  const actor = useActor();
  const today = useMemo(() => todayBangkok(), []);
  const allowed = canAcknowledge(actor.role);
  const [tab, setTab] = useState<'open' | 'acked'>('open');
  const [rule, setRule] = useState<AlertRule | ''>('');
  const [community, setCommunity] = useState('');

  const alerts = useLiveQuery(() => (allowed ? loadAlerts(db, today) : []), [db, today, allowed]);
  const acks = useLiveQuery(async () => {
    if (!allowed) return [];
    const all = await db.alertAcks.toArray();
    return all
      .filter((a) => a.deletedAt === null)
      .sort((a, b) => (a.at !== b.at ? (a.at < b.at ? 1 : -1) : a.id < b.id ? 1 : -1))
      .slice(0, ACKED_SHOWN);
  }, [db, allowed]);
  const residentIds = useMemo(() => [...new Set([...(alerts ?? []).map((a) => a.residentId), ...(acks ?? []).map((a) => a.residentId)])].sort(), [alerts, acks]);
  const residents = useLiveQuery(async () => {
    const rows = await db.residents.bulkGet(residentIds);
    return new Map(rows.filter((r): r is Resident => r !== undefined).map((r) => [r.id, r]));
  }, [db, residentIds.join(',')]);
  const communities = useLiveQuery(() => db.communities.toArray(), [db]);

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

  const nameOf = (id: string): string => {
    const r = residents?.get(id);
    return r ? residentName(r) : t('alerts.unknownResident');
  };
  const inCommunity = (residentId: string): boolean => community === '' || residents?.get(residentId)?.communityId === community;
  const shown = (alerts ?? []).filter((a) => (rule === '' || a.rule === rule) && inCommunity(a.residentId));
  const usedCommunities = new Set([...(residents?.values() ?? [])].map((r) => r.communityId));

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
          {alerts === undefined ? (
            <p className="empty" role="status">
              {t('alerts.loading')}
            </p>
          ) : shown.length === 0 ? (
            <p className="empty" data-testid="alerts-empty">
              {alerts.length === 0 ? t('alerts.none') : t('alerts.noneFiltered')}
            </p>
          ) : (
            SEVERITIES.map((s) => <SeverityGroup key={s} severity={s} alerts={shown.filter((a) => a.severity === s)} nameOf={nameOf} />)
          )}
        </>
      ) : (
        <AckedList acks={acks} nameOf={nameOf} />
      )}
    </section>
  );
}

function SeverityGroup({ severity, alerts, nameOf }: { severity: AlertSeverity; alerts: Alert[]; nameOf: (id: string) => string }) {
  const { t } = useI18n();
  const [limit, setLimit] = useState(PAGE);
  if (alerts.length === 0) return null;
  return (
    <section className="card" data-testid={`alerts-group-${severity}`} aria-labelledby={`alerts-group-${severity}`}>
      <h2 id={`alerts-group-${severity}`}>
        {t(`alerts.group.${severity}`)} <span className="muted small">{t('alerts.count', { n: alerts.length })}</span>
      </h2>
      <ul className="alert-list">
        {alerts.slice(0, limit).map((a) => (
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
