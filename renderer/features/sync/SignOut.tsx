/**
 * Signing out (or switching user) with a warning when something is unsent: changes waiting in the outbox or
 * refused by the server (the "not sent" list). Signing out never deletes them (renderer/sync/auth.ts); the
 * warning says so, and where they go: they are sent at the next sign-in on this device.
 */
import { useState } from 'react';
import { navigate } from '../../app/router';
import { useI18n } from '../../i18n/I18nProvider';
import { useSyncQueue } from './queries';
import { useSync } from './SyncProvider';

export type SignOutKind = 'signOut' | 'switchUser';

/** The unsent count that makes signing out ask first (pending + refused). */
export function unsentCount(queue: { pending: number; rejected: number } | undefined): number {
  return queue === undefined ? 0 : queue.pending + queue.rejected;
}

/** The sign-out (or switch-user) button, with its confirmation when something is unsent. */
export function SignOutButton({ kind, onDone }: { kind: SignOutKind; onDone?: () => void }) {
  const { t } = useI18n();
  const { auth } = useSync();
  const queue = useSyncQueue();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const unsent = unsentCount(queue);
  const label = kind === 'signOut' ? t('sync.signIn.signOut') : t('account.switchUser');

  const go = async () => {
    setBusy(true);
    try {
      await auth.logout();
    } finally {
      setBusy(false);
      setAsking(false);
    }
    // Switching user opens the sign-in form; signing out leaves the user on the sign-in page the app shows.
    navigate(kind === 'switchUser' ? { name: 'syncSettings' } : { name: 'register' });
    onDone?.();
  };

  if (asking) {
    return (
      <div className="sign-out-confirm" role="alertdialog" aria-labelledby={`${kind}-confirm-text`} data-testid={`${kind}-confirm`}>
        <p id={`${kind}-confirm-text`}>{t('account.unsentWarning', { n: unsent })}</p>
        <div className="row">
          <button type="button" className="btn btn-danger" disabled={busy} onClick={() => void go()} data-testid={`${kind}-confirm-yes`}>
            {kind === 'signOut' ? t('account.signOutAnyway') : t('account.switchAnyway')}
          </button>
          <button type="button" className="btn" onClick={() => setAsking(false)} data-testid={`${kind}-confirm-no`} autoFocus>
            {t('action.cancel')}
          </button>
        </div>
      </div>
    );
  }
  return (
    <button type="button" className="btn" disabled={busy || queue === undefined} onClick={() => (unsent > 0 ? setAsking(true) : void go())} data-testid={kind === 'signOut' ? 'sign-out' : 'switch-user'}>
      {label}
    </button>
  );
}
