/**
 * Signing out (or switching user) with a warning when something is unsent: changes waiting in the outbox or
 * refused by the server (the "not sent" list). Signing out never deletes them (renderer/sync/auth.ts); the
 * warning says so, and where they go: they are sent at the next sign-in on this device. With the app lock, a
 * sign-out also moves the store to the lobby, and may remove the user's own database from a shared computer,
 * only when nothing is unsent (docs/security.md §3).
 */
import { useState } from 'react';
import { navigate } from '../../app/router';
import { useI18n } from '../../i18n/I18nProvider';
import { useSyncQueue } from './queries';
import { useSync } from './SyncProvider';
import { useStore } from '../../app/StoreProvider';
import { useOptionalLock } from '../../lock/LockRoot';
import { forgetUser, openLobby } from '../../lock/signIn';

export type SignOutKind = 'signOut' | 'switchUser';

/** The unsent count that makes signing out ask first (pending + refused). */
export function unsentCount(queue: { pending: number; rejected: number } | undefined): number {
  return queue === undefined ? 0 : queue.pending + queue.rejected;
}

/** The sign-out (or switch-user) button, with its confirmation when something is unsent. */
export function SignOutButton({ kind, onDone }: { kind: SignOutKind; onDone?: () => void }) {
  const { t } = useI18n();
  const { auth, session } = useSync();
  const { db } = useStore();
  const lockCtx = useOptionalLock();
  const queue = useSyncQueue();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  // On a shared computer a user may take their data off it when signing out; only with nothing unsent.
  const [forget, setForget] = useState(false);
  const unsent = unsentCount(queue);
  const label = kind === 'signOut' ? t('sync.signIn.signOut') : t('account.switchUser');
  const offerForget = kind === 'signOut' && lockCtx?.phase.kind === 'unlocked' && session !== null;

  const go = async () => {
    const forgetting = offerForget && forget && unsent === 0 ? session.user.id : null;
    setBusy(true);
    try {
      await auth.logout();
      if (lockCtx) {
        // Signed out, the store moves to the lobby: nothing of this user stays open (docs/security.md §3).
        const lobby = await openLobby(lockCtx.lock, db);
        if (forgetting !== null) await forgetUser(lockCtx.lock, db, forgetting);
        lockCtx.openDb(lobby);
      }
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
  const button = (
    <button type="button" className="btn" disabled={busy || queue === undefined || (forget && unsent > 0)} onClick={() => (unsent > 0 ? setAsking(true) : void go())} data-testid={kind === 'signOut' ? 'sign-out' : 'switch-user'}>
      {label}
    </button>
  );
  if (!offerForget) return button;
  return (
    <div className="stack">
      <label className="choice">
        <input type="checkbox" checked={forget} onChange={(e) => setForget(e.target.checked)} data-testid="sign-out-forget" /> {t('lock.forget.label')}
      </label>
      {forget && unsent > 0 ? (
        <p className="field-error" role="alert" data-testid="sign-out-forget-refused">
          {t('lock.forget.unsent', { n: unsent })}
        </p>
      ) : null}
      {button}
    </div>
  );
}
