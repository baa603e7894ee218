/**
 * Settings: the read models (summaries kept per resident) and a button that rebuilds them all from the
 * records, with progress. The start-up check does the same on its own when they cannot be trusted.
 */
import { useSyncExternalStore } from 'react';
import { useStore } from '../../app/StoreProvider';
import { getReadModelStatus, rebuildWithStatus, subscribeReadModelStatus } from '../../db/readModels';
import { useI18n } from '../../i18n/I18nProvider';

export function ReadModelsSection() {
  const { t, instant } = useI18n();
  const { db } = useStore();
  const status = useSyncExternalStore(subscribeReadModelStatus, getReadModelStatus);
  const busy = status.phase === 'checking' || status.phase === 'rebuilding';
  return (
    <section className="card" data-testid="read-models">
      <h2>{t('set.readModels')}</h2>
      <p className="muted">{t('set.readModelsHint')}</p>
      <p role="status" data-testid="read-models-status" data-phase={status.phase}>
        {status.phase === 'checking'
          ? t('set.readModelsChecking')
          : status.phase === 'rebuilding'
            ? t('set.readModelsProgress', { done: status.done, total: status.total })
            : status.phase === 'failed'
              ? t('set.readModelsFailed', { detail: status.detail })
              : status.rebuiltAt !== null
                ? t('set.readModelsRebuilt', { time: instant(status.rebuiltAt) })
                : t('set.readModelsReady')}
      </p>
      {status.phase === 'rebuilding' ? <progress max={Math.max(1, status.total)} value={status.done} /> : null}
      <button type="button" className="btn" disabled={busy} onClick={() => void rebuildWithStatus(db)} data-testid="read-models-rebuild">
        {t('set.readModelsRebuild')}
      </button>
    </section>
  );
}
