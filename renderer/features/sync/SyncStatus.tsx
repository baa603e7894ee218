/**
 * The header's sync line: last sync, changes waiting and the age of the oldest, any problem (in the user's
 * language), and "sync now". Local-only devices see a single link to the server settings.
 */
import { useEffect, useState } from 'react';
import { useOnline } from '../../app/useOnline';
import { routeHref } from '../../app/router';
import { useI18n } from '../../i18n/I18nProvider';
import type { MessageKey } from '../../i18n/catalog';
import { useSyncQueue, type SyncQueue } from './queries';
import { useSync } from './SyncProvider';

const NOTHING_QUEUED: SyncQueue = { pending: 0, oldestAt: null, rejected: 0 };

/** Re-renders every 30 s so ages and "last sync" stay current. */
function useTick(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

export function ageParts(ms: number): { key: 'sync.age.minutes' | 'sync.age.hours' | 'sync.age.days'; n: number } {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return { key: 'sync.age.minutes', n: minutes };
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return { key: 'sync.age.hours', n: hours };
  return { key: 'sync.age.days', n: Math.floor(hours / 24) };
}

/** Time left as the user reads it: seconds under two minutes, else minutes (rounded up), else hours. */
export function etaParts(ms: number): { key: 'sync.age.seconds' | 'sync.age.minutes' | 'sync.age.hours'; n: number } {
  const s = Math.max(1, Math.ceil(ms / 1000));
  if (s < 120) return { key: 'sync.age.seconds', n: s };
  const minutes = Math.ceil(s / 60);
  if (minutes < 120) return { key: 'sync.age.minutes', n: minutes };
  return { key: 'sync.age.hours', n: Math.ceil(minutes / 60) };
}

export function SyncStatus() {
  const { t, instant } = useI18n();
  const { server, session, snapshot, engine } = useSync();
  const online = useOnline();
  const now = useTick(30_000);
  const { pending, oldestAt: oldest, rejected } = useSyncQueue() ?? NOTHING_QUEUED;

  if (session === null) {
    return (
      <span className="status sync-status" data-testid="sync-status" data-state="local">
        <a href={routeHref({ name: 'syncSettings' })}>{server === null ? t('sync.status.localOnly') : t('sync.status.notSignedIn')}</a>
      </span>
    );
  }

  const parts: string[] = [];
  let bar: { records: number; total: number } | null = null;
  const problem = snapshot?.problem ?? null;
  let tone: 'ok' | 'warn' | 'error' = 'ok';
  if (problem !== null) {
    parts.push(t(`sync.problem.${problem}` satisfies MessageKey));
    tone = 'error';
  } else if (!online) {
    parts.push(t('sync.status.offline'));
    tone = 'warn';
  } else if (snapshot?.phase === 'syncing') {
    const p = snapshot.progress;
    if (p?.phase === 'pull' && p.initial && p.total !== undefined && p.total > 0) {
      // The first download (a bootstrap): a real progress bar, records and MB, time left.
      const mb = ((p.bytes ?? 0) / 1_000_000).toFixed(1);
      parts.push(t('sync.status.bootstrap', { records: p.records.toLocaleString(), total: p.total.toLocaleString(), mb }));
      if (p.etaMs !== undefined && p.records < p.total) {
        const eta = etaParts(p.etaMs);
        parts.push(t('sync.status.bootstrapEta', { eta: t(eta.key, { n: eta.n }) }));
      }
      if (p.records > 0) parts.push(t('sync.status.bootstrapUsable'));
      bar = { records: p.records, total: p.total };
    } else if (p?.phase === 'pull' && p.initial && p.records > 0) {
      parts.push(p.percent !== undefined ? t('sync.status.initial', { records: p.records, percent: p.percent }) : t('sync.status.initialNoPercent', { records: p.records }));
    } else parts.push(t('sync.status.syncing'));
  } else if (snapshot?.phase === 'retrying') {
    parts.push(t('sync.status.retrying'));
    tone = 'warn';
  }
  const last = snapshot?.lastSyncAt ?? null;
  parts.push(last ? t('sync.status.last', { time: instant(last) }) : t('sync.status.never'));
  if (pending > 0 && oldest !== null) {
    const age = ageParts(now - Date.parse(oldest));
    parts.push(t('sync.status.waiting', { n: pending, age: t(age.key, { n: age.n }) }));
  }

  return (
    <span className={`status sync-status sync-${tone}`} data-testid="sync-status" data-state={problem ?? snapshot?.phase ?? 'idle'} aria-label={t('sync.status.label')}>
      {bar !== null ? (
        <progress className="sync-progress" data-testid="sync-progress" aria-label={t('sync.progress.label')} value={bar.records} max={bar.total} />
      ) : null}
      <span role={tone === 'error' ? 'alert' : 'status'}>{parts.join(' · ')}</span>{' '}
      {rejected > 0 ? (
        <>
          <a href={routeHref({ name: 'syncSettings' })} data-testid="sync-not-sent">
            {t('sync.rejected', { n: rejected })}
          </a>{' '}
        </>
      ) : null}
      {problem === 'device_revoked' || problem === 'signed_out' ? (
        <a href={routeHref({ name: 'syncSettings' })}>{t('sync.signIn.submit')}</a>
      ) : (
        // Offline it could only fail: disabled, and the header already says why (online-status).
        <button type="button" className="secondary" onClick={() => void engine?.syncNow()} disabled={engine === null || !online || snapshot?.phase === 'syncing'} data-testid="sync-now">
          {t('sync.now')}
        </button>
      )}
    </span>
  );
}
