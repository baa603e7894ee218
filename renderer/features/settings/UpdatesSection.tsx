/**
 * Settings: the app's version and a button that asks the host to check for updates (docs/security.md §2).
 * Electron's main checks the enrolled server's feed and downloads a newer version to install on quit; in a
 * browser the web server brings new versions, which the message says.
 */
import { useEffect, useState } from 'react';
import type { UpdateStatus } from '../../../shared/bridge';
import { useHost } from '../../app/HostContext';
import { useI18n } from '../../i18n/I18nProvider';

function statusText(status: UpdateStatus, t: ReturnType<typeof useI18n>['t']): string {
  switch (status.state) {
    case 'up_to_date':
      return t('upd.upToDate');
    case 'downloading':
      return t('upd.downloading', { version: status.version });
    case 'ready':
      return t('upd.ready', { version: status.version });
    case 'failed':
      return t('upd.failed');
    case 'unavailable':
      return t(status.reason === 'browser' ? 'upd.browser' : status.reason === 'not_packaged' ? 'upd.notPackaged' : status.reason === 'no_server' ? 'upd.noServer' : 'upd.insecureServer');
  }
}

export function UpdatesSection() {
  const { t } = useI18n();
  const host = useHost();
  const [version, setVersion] = useState('');
  const [status, setStatus] = useState<UpdateStatus | 'checking' | null>(host.kind === 'browser' ? { state: 'unavailable', reason: 'browser' } : null);

  useEffect(() => {
    void host.appVersion().then(setVersion);
  }, [host]);

  const check = async () => {
    setStatus('checking');
    try {
      setStatus(await host.checkForUpdates());
    } catch {
      setStatus({ state: 'failed' });
    }
  };

  return (
    <section className="card" data-testid="updates" aria-labelledby="updates-heading">
      <h2 id="updates-heading">{t('upd.title')}</h2>
      <p data-testid="updates-version">{t('upd.version', { version })}</p>
      {host.kind === 'electron' ? (
        <button type="button" className="btn" disabled={status === 'checking'} onClick={() => void check()} data-testid="updates-check">
          {t('upd.check')}
        </button>
      ) : null}
      {status !== null ? (
        <p role="status" className="small" data-testid="updates-status" data-state={status === 'checking' ? 'checking' : status.state}>
          {status === 'checking' ? t('upd.checking') : statusText(status, t)}
        </p>
      ) : null}
    </section>
  );
}
