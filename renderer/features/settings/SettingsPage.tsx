import { useEffect, useState } from 'react';
import { useHost } from '../../app/HostContext';
import { useI18n } from '../../i18n/I18nProvider';
import type { Locale, MessageKey } from '../../i18n/catalog';
import { routeHref } from '../../app/router';
import { DemoDataOffer } from '../residents';
import { useSync, useSyncQueue } from '../sync';
import { ReadModelsSection } from './ReadModelsSection';
import { useDevice } from './queries';
import { VitalRangesSection } from './VitalRangesSection';
import { FundRatesSection } from './FundRatesSection';
import { ReportColumnsSection } from './ReportColumnsSection';
import { IdleLockSection } from '../../lock/IdleLockSection';
import { canAdmin } from '../../../shared/permissions';
import { BackupSection } from './BackupSection';
import { UpdatesSection } from './UpdatesSection';
import { ErasureAdminSection } from '../pdpa';

export function SettingsPage() {
  const { t, locale, setLocale, instant } = useI18n();
  const host = useHost();
  const { session, server, snapshot } = useSync();
  const [version, setVersion] = useState('');
  const [storage, setStorage] = useState<{ used: number; quota: number } | null>(null);
  const device = useDevice();
  const pending = useSyncQueue()?.pending;

  useEffect(() => {
    void host.appVersion().then(setVersion);
    void navigator.storage?.estimate?.().then((e) => setStorage({ used: e.usage ?? 0, quota: e.quota ?? 0 }));
  }, [host]);

  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  return (
    <>
      <div className="page-header">
        <h1>{t('set.title')}</h1>
      </div>
      <section className="card">
        <h2>{t('set.language')}</h2>
        <div className="row" role="radiogroup" aria-label={t('set.language')}>
          {(['th', 'en'] as const satisfies readonly Locale[]).map((l) => (
            <label key={l} className="choice">
              <input type="radio" name="locale" value={l} checked={locale === l} onChange={() => setLocale(l)} />
              {t(`set.language.${l}`)}
            </label>
          ))}
        </div>
      </section>
      <section className="card" data-testid="settings-server">
        <h2>{t('set.server')}</h2>
        <dl className="props">
          <dt>{t('set.server.address')}</dt>
          <dd data-testid="settings-server-url">{server ? server.url : t('set.server.none')}</dd>
          <dt>{t('set.server.user')}</dt>
          <dd data-testid="settings-server-user">
            {session ? `${session.user.displayName || session.user.username} (${t(`sync.role.${session.user.role}` satisfies MessageKey)})` : t('set.server.notSignedIn')}
          </dd>
          {session ? (
            <>
              <dt>{t('set.server.lastSync')}</dt>
              <dd>{snapshot?.lastSyncAt ? instant(snapshot.lastSyncAt) : t('set.server.never')}</dd>
            </>
          ) : null}
        </dl>
        <p>
          <a className="btn" href={routeHref({ name: 'syncSettings' })} data-testid="settings-server-manage">
            {t('set.server.manage')}
          </a>
        </p>
      </section>
      <IdleLockSection canEdit={session !== null && canAdmin(session.user)} />
      <section className="card">
        <h2>{t('set.device')}</h2>
        <dl className="props">
          <dt>{t('set.version')}</dt>
          <dd data-testid="app-version">{version}</dd>
          <dt>{t('set.host')}</dt>
          <dd>{t(host.kind === 'electron' ? 'set.host.electron' : 'set.host.browser')}</dd>
          <dt>{t('set.deviceId')}</dt>
          <dd className="small">{device?.deviceId ?? ''}</dd>
          <dt>{t('set.pending')}</dt>
          <dd data-testid="pending-count">{t('set.pendingCount', { n: pending ?? 0 })}</dd>
          {storage ? (
            <>
              <dt>{t('set.storage')}</dt>
              <dd>{t('set.storageUse', { used: mb(storage.used), quota: mb(storage.quota) })}</dd>
            </>
          ) : null}
        </dl>
      </section>
      <UpdatesSection />
      <BackupSection />
      <VitalRangesSection />
      <ReportColumnsSection />
      <FundRatesSection />
      <ErasureAdminSection />
      <ReadModelsSection />
      {session === null ? (
        <section className="card">
          <h2>{t('set.demo')}</h2>
          <p className="muted">{t('set.demoHint')}</p>
          <DemoDataOffer />
        </section>
      ) : null}
    </>
  );
}
