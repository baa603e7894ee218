/**
 * What a device wiped by an administrator's order shows instead of the app (docs/security.md §3): that the
 * municipality erased it, when, and whom to contact. Nothing behind it: the stores are empty and the page was
 * reloaded, so no resident data is in memory either. "Use this device again" forgets the marker and starts
 * afresh (a new sign-in registers a new device).
 */
import { useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { useStore } from '../../app/StoreProvider';
import { forgetWipe } from '../../sync/state';
import type { SyncStateRow } from '../../sync/types';

export interface WipedScreenProps {
  marker: Extract<SyncStateRow, { key: 'wiped' }>;
}

export function WipedScreen({ marker }: WipedScreenProps) {
  const { t, instant, locale, setLocale } = useI18n();
  const { db } = useStore();
  const [busy, setBusy] = useState(false);
  return (
    <main id="main" className="app" data-testid="device-wiped">
      <section className="card" role="alert" aria-labelledby="wiped-title">
        <h1 id="wiped-title">{t('sync.wiped.title')}</h1>
        <p>{t('sync.wiped.body', { time: instant(marker.orderedAt), wiped: instant(marker.wipedAt) })}</p>
        <p>{t('sync.wiped.contact')}</p>
        <div className="row">
          <button
            type="button"
            className="btn"
            disabled={busy}
            onClick={() => {
              setBusy(true);
              void forgetWipe(db).then(() => window.location.reload());
            }}
            data-testid="wiped-again"
          >
            {t('sync.wiped.again')}
          </button>
          <button type="button" className="btn" onClick={() => setLocale(locale === 'th' ? 'en' : 'th')} title={t('lang.switchLabel')} data-testid="switch-language">
            <span lang={locale === 'th' ? 'en' : 'th'}>{t('lang.switch')}</span>
          </button>
        </div>
      </section>
    </main>
  );
}
