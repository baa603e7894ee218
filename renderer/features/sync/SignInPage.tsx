/**
 * Server settings and sign-in (#/settings/server): the municipal server's address (unless the page is
 * served by it), sign-in with username, password and a device name, and sign-out. Errors are shown in the
 * user's language by code. Signing out keeps every local record and unsent change, and asks first when
 * something is unsent (SignOut.tsx). Changes the server refused are listed here too (NotSentList).
 */
import { useState, type FormEvent } from 'react';
import { useHost } from '../../app/HostContext';
import { useI18n } from '../../i18n/I18nProvider';
import type { MessageKey } from '../../i18n/catalog';
import type { LoginErrorCode } from '../../sync/auth';
import { deviceNameParts } from '../../sync/deviceName';
import { normaliseServerUrl } from '../../sync/state';
import { cleanText } from '../../../shared/text/normalise';
import { lazyPart } from '../../app/lazy';
import { SignOutButton } from './SignOut';
import { useSync } from './SyncProvider';
import { useStore } from '../../app/StoreProvider';
import { useOptionalLock } from '../../lock/LockRoot';
import { completeSignIn, dropLobby } from '../../lock/signIn';
import { serverRecoveryKey } from '../../lock/recoveryKey';

// What was not sent names fields and record types in the messages of the on-demand pages: it loads with them.
const NotSentList = lazyPart(() => import('./NotSentList').then((m) => m.NotSentList), { inline: true }).Component;

/**
 * `reauth`: the app lock sends the user here to sign in again although a session exists: after too many wrong
 * PINs ('blocked'), or for a session the lock does not know ('again', e.g. left by an older version).
 */
export function SignInPage({ reauth }: { reauth?: 'blocked' | 'again' } = {}) {
  const { t } = useI18n();
  const host = useHost();
  const { db } = useStore();
  const lockCtx = useOptionalLock();
  const { auth, server, session, snapshot, engine, setServerUrl, reload } = useSync();
  // The server ended this device's session (a password reset, an expired or replayed token): the session's
  // record stays (same device, same server), and the form asks the same person to sign in again.
  const ended = session !== null && (snapshot?.problem === 'signed_out' || reauth !== undefined);
  const [url, setUrl] = useState('');
  const [urlError, setUrlError] = useState(false);
  // Untouched (null), the username field offers the ended session's user.
  const [typedUsername, setUsername] = useState<string | null>(null);
  const username = typedUsername ?? (ended ? session.user.username : '');
  const [password, setPassword] = useState('');
  // What it runs and on which system ("Chrome บน Windows"), editable: the admin's device list shows it.
  const [deviceName, setDeviceName] = useState(() => {
    const { app, os } = deviceNameParts(navigator.userAgent, host.kind);
    return os === '' ? app : t('sync.device.defaultName', { app, os });
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<LoginErrorCode | null>(null);

  const target = server?.url ?? '';

  const saveUrl = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await setServerUrl(normaliseServerUrl(url));
      setUrlError(false);
    } catch {
      setUrlError(true);
    }
  };

  const signIn = async (e: FormEvent) => {
    e.preventDefault();
    if (target === '') return;
    setBusy(true);
    setError(null);
    // Whose session this database held before (the old unnamed database goes to them, lock/device.ts).
    const legacyHolder = (await auth.session().catch(() => null))?.user.id ?? null;
    const again = lockCtx?.lock.deviceIdFor(username) ?? {};
    const r = await auth.login(target, { username: username.trim(), password, deviceName: cleanText(deviceName) || 'CareRounds', ...again }).catch(() => ({ ok: false as const, code: 'server' as const }));
    if (r.ok && lockCtx) {
      // The data key is recovered (or made) and re-wrapped under this password and the server's recovery key;
      // the store moves to the user's database.
      const recovery = serverRecoveryKey({ baseUrl: r.session.serverUrl, tokens: auth, deviceId: r.session.deviceId });
      const dbName = await completeSignIn({ lock: lockCtx.lock, db, session: r.session, password, legacyHolder, recovery });
      if (dbName !== db.name) {
        lockCtx.openDb(dbName);
        void dropLobby(db);
        return;
      }
    }
    setBusy(false);
    setPassword('');
    if (!r.ok) setError(r.code);
    else {
      await reload();
      if (ended) void engine?.signedInAgain();
    }
  };

  return (
    <>
      <div className="page-header">
        <h1>{t('sync.signIn.title')}</h1>
      </div>
      <p className="muted">{t('sync.signIn.intro')}</p>
      {session && ended ? (
        <section className="card" data-testid="session-ended">
          <p role="status" data-testid={reauth ? `lock-${reauth === 'blocked' ? 'blocked' : 'reauth'}` : undefined}>
            {reauth === 'blocked' ? t('lock.blocked') : reauth === 'again' ? t('lock.reauth') : t('sync.problem.signed_out')}
          </p>
          <div className="row">
            <SignOutButton kind="switchUser" />
            <SignOutButton kind="signOut" />
          </div>
        </section>
      ) : session ? (
        <section className="card" data-testid="signed-in">
          <p>{t('sync.signIn.signedInAs', { name: session.user.displayName || session.user.username, role: t(`sync.role.${session.user.role}` satisfies MessageKey), url: session.serverUrl })}</p>
          <div className="row">
            <SignOutButton kind="switchUser" />
            <SignOutButton kind="signOut" />
          </div>
        </section>
      ) : null}
      <NotSentList />
      <section className="card">
        {server?.sameOrigin ? (
          <p>{t('sync.signIn.serverSameOrigin', { url: server.url })}</p>
        ) : (
          <form onSubmit={(e) => void saveUrl(e)} className="stack sign-in-form">
            <div className="field">
              <label htmlFor="server-url">{t('sync.signIn.server')}</label>
              <input id="server-url" type="url" value={url} placeholder={server?.url ?? 'https://'} onChange={(e) => setUrl(e.target.value)} data-testid="server-url" />
            </div>
            <div className="row">
              <button type="submit" className="btn">
                {t('sync.signIn.saveServer')}
              </button>
              {server && !session ? (
                <button type="button" className="btn" onClick={() => void setServerUrl(null)}>
                  {t('sync.signIn.clearServer')}
                </button>
              ) : null}
            </div>
            {urlError ? (
              <p className="field-error" role="alert">
                {t('sync.signIn.badUrl')}
              </p>
            ) : null}
          </form>
        )}
      </section>
      {server && (!session || ended) ? (
        <section className="card">
          <form onSubmit={(e) => void signIn(e)} className="stack sign-in-form" data-testid="sign-in-form">
            <div className="field">
              <label htmlFor="sign-in-username">{t('sync.signIn.username')}</label>
              <input id="sign-in-username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required data-testid="sign-in-username" />
            </div>
            <div className="field">
              <label htmlFor="sign-in-password">{t('sync.signIn.password')}</label>
              <input id="sign-in-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required data-testid="sign-in-password" />
            </div>
            <div className="field">
              <label htmlFor="sign-in-device">{t('sync.signIn.deviceName')}</label>
              <input id="sign-in-device" value={deviceName} onChange={(e) => setDeviceName(e.target.value)} required maxLength={100} aria-describedby="sign-in-device-hint" data-testid="sign-in-device" />
              <span className="field-hint" id="sign-in-device-hint">
                {t('sync.device.nameHint')}
              </span>
            </div>
            {error ? (
              <p className="field-error" role="alert" data-testid="sign-in-error" data-code={error}>
                {t(`sync.signIn.error.${error}` satisfies MessageKey)}
              </p>
            ) : null}
            <div>
              <button type="submit" className="btn btn-primary" disabled={busy} data-testid="sign-in-submit">
                {busy ? t('sync.signIn.working') : t('sync.signIn.submit')}
              </button>
            </div>
          </form>
        </section>
      ) : null}
    </>
  );
}
