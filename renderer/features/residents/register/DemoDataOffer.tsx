import { useState } from 'react';
import { useStore } from '../../../app/StoreProvider';
import { useI18n } from '../../../i18n/I18nProvider';
import { useSync } from '../../sync';
import { loadDemoData } from './loadDemoData';

export const DEMO_SIZE = 200;

export interface DemoDataOfferProps {
  size?: number;
}

/**
 * Shown on an empty register: offers a small, clearly fictitious data set for practice. Never on a device
 * signed in to a server: its writes would sync fictitious people into the municipality's real register.
 */
export function DemoDataOffer({ size = DEMO_SIZE }: DemoDataOfferProps) {
  const { t } = useI18n();
  const store = useStore();
  const { session } = useSync();
  const [state, setState] = useState<{ phase: 'idle' | 'loading' } | { phase: 'failed'; detail: string }>({ phase: 'idle' });

  const load = async () => {
    setState({ phase: 'loading' });
    try {
      await loadDemoData(store, size);
    } catch (err) {
      setState({ phase: 'failed', detail: err instanceof Error ? err.message : String(err) });
    }
  };

  if (session !== null) {
    return (
      <div className="card empty" data-testid="register-empty-synced">
        <p>{t('reg.empty')}</p>
        <p>{t('reg.emptySynced')}</p>
      </div>
    );
  }

  return (
    <div className="card empty" data-testid="demo-offer">
      <p>{t('reg.empty')}</p>
      <p>{t('reg.demo.offer', { n: size })}</p>
      {state.phase === 'failed' ? (
        <p className="alert alert-error" role="alert">
          {t('common.error', { detail: state.detail })}
        </p>
      ) : null}
      <button type="button" className="btn btn-primary" onClick={() => void load()} disabled={state.phase === 'loading'} data-testid="load-demo">
        {state.phase === 'loading' ? t('reg.demo.loading') : t('reg.demo.load')}
      </button>
    </div>
  );
}
