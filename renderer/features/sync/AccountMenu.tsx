/**
 * The header's account menu: who is signed in (name, role), to which server, and the ways out: server
 * settings, switch user, sign out (both warn when something is unsent, SignOut.tsx). A disclosure button
 * and panel: Escape or a click outside closes it, and Escape returns focus to the button. Without a session
 * it is a "sign in" link when a server is known, and nothing on a device used without one (the sync line
 * links to the server settings there).
 */
import { useEffect, useId, useRef, useState } from 'react';
import { routeHref } from '../../app/router';
import { useI18n } from '../../i18n/I18nProvider';
import type { MessageKey } from '../../i18n/catalog';
import { SignOutButton } from './SignOut';
import { useSync } from './SyncProvider';

export function AccountMenu() {
  const { t } = useI18n();
  const { server, session } = useSync();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    const onPointer = (e: PointerEvent) => {
      const target = e.target as Node | null;
      if (target && !panel.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  if (!session) {
    return server ? (
      <a className="account-sign-in" href={routeHref({ name: 'syncSettings' })} data-testid="account-sign-in">
        {t('account.signIn')}
      </a>
    ) : null;
  }
  const name = session.user.displayName || session.user.username;
  const role = t(`sync.role.${session.user.role}` satisfies MessageKey);
  return (
    <div className="account">
      <button
        type="button"
        ref={button}
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={t('account.menuLabel', { name, role })}
        onClick={() => setOpen((o) => !o)}
        data-testid="account-menu"
      >
        <span className="account-name">{name}</span>
      </button>
      {open ? (
        <div className="account-panel" id={panelId} ref={panel} data-testid="account-panel">
          <dl className="props">
            <dt>{t('account.name')}</dt>
            <dd data-testid="account-name">{name}</dd>
            <dt>{t('account.role')}</dt>
            <dd data-testid="account-role">{role}</dd>
            <dt>{t('account.server')}</dt>
            <dd className="small" data-testid="account-server">
              {session.serverUrl}
            </dd>
          </dl>
          <p>
            <a href={routeHref({ name: 'syncSettings' })} onClick={() => setOpen(false)} data-testid="account-server-settings">
              {t('account.serverSettings')}
            </a>
          </p>
          <div className="stack">
            <SignOutButton kind="switchUser" onDone={() => setOpen(false)} />
            <SignOutButton kind="signOut" onDone={() => setOpen(false)} />
          </div>
        </div>
      ) : null}
    </div>
  );
}
