/**
 * The admin screen (#/admin): users (add, change role/status/communities, reset password), devices
 * (list, revoke after a confirm step) and the audit log (AuditSection.tsx), all through the server's /admin API with the session's token.
 *
 * Invariants:
 * - Only a session whose server-given role is admin sees the page's content; everyone else gets a message
 *   (the server refuses non-admins anyway: this only keeps them from a page of errors).
 * - Offline, the page says it needs a connection instead of sending requests; forms stay mounted with what
 *   was typed, their submit buttons disabled until the connection returns.
 */
import { Fragment, useMemo, useState, type ReactNode } from 'react';
import type { AdminUser, CommunityInfo } from '../../../shared/sync/protocol';
import { routeHref } from '../../app/router';
import { useOnline } from '../../app/useOnline';
import type { MessageKey } from '../../i18n/catalog';
import { useI18n } from '../../i18n/I18nProvider';
import { useSync } from '../sync';
import { AdminApi } from './api';
import { CreateUserForm } from './CreateUserForm';
import { AuditSection } from './AuditSection';
import { DevicesSection } from './DevicesSection';
import { EditUserForm } from './EditUserForm';
import { communityLabel, ERROR_PARAMS } from './kit';
import { ResetPasswordForm } from './ResetPasswordForm';
import { canAdmin } from '../../../shared/permissions';
import { scopedToCommunities } from '../../../shared/sync/scope';
import { useAdminData } from './useAdminData';
import './admin.css';
import { ColumnHeads } from '../../ui/ColumnHeads';

export function AdminPage() {
  const { t } = useI18n();
  const { session, auth } = useSync();
  const online = useOnline();
  const isAdmin = session !== null && canAdmin(session.user);
  const serverUrl = session?.serverUrl ?? null;
  const api = useMemo(() => (isAdmin && serverUrl !== null ? new AdminApi({ baseUrl: serverUrl, tokens: auth }) : null), [isAdmin, serverUrl, auth]);

  return (
    <div data-testid="admin-page">
      <div className="page-header">
        <h1>{t('admin.title')}</h1>
      </div>
      {session === null ? (
        <div className="empty" data-testid="admin-not-allowed" data-reason="signed-out">
          <p>{t('admin.notSignedIn')}</p>
          <a href={routeHref({ name: 'syncSettings' })}>{t('admin.goSignIn')}</a>
        </div>
      ) : api === null ? (
        <p className="empty" data-testid="admin-not-allowed" data-reason="role">
          {t('admin.notAllowed')}
        </p>
      ) : (
        <AdminContent api={api} online={online} ownDeviceId={session.deviceId} />
      )}
    </div>
  );
}

type Notice = { key: MessageKey; params: Record<string, string> };
type Panel = { userId: string; kind: 'edit' | 'password' } | null;

function AdminContent({ api, online, ownDeviceId }: { api: AdminApi; online: boolean; ownDeviceId: string }) {
  const { t } = useI18n();
  const { data, loading, failure, reload, update } = useAdminData(api, online);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [panel, setPanel] = useState<Panel>(null);

  const replaceUser = (user: AdminUser) => update((d) => ({ ...d, users: d.users.map((u) => (u.id === user.id ? user : u)) }));

  return (
    <>
      <p className="muted">{t('admin.intro')}</p>
      {!online ? (
        <p className="alert alert-warning" role="alert" data-testid="admin-offline">
          {t('admin.offline')}
        </p>
      ) : null}
      {online && failure ? (
        <div className="alert alert-error" role="alert" data-testid="admin-load-failed" data-code={failure}>
          {t('admin.loadFailed', { detail: t(`v.${failure}` satisfies MessageKey, ERROR_PARAMS) })}{' '}
          <button type="button" className="btn" onClick={reload}>
            {t('action.retry')}
          </button>
        </div>
      ) : null}
      {notice ? (
        <p className="alert alert-success" role="status" data-testid="admin-notice">
          {t(notice.key, notice.params)}
        </p>
      ) : null}
      {data === null ? (
        online && loading ? (
          <p className="muted" data-testid="admin-loading">
            {t('admin.loading')}
          </p>
        ) : null
      ) : (
        <>
          <div className="row admin-toolbar">
            <button type="button" className="btn" onClick={reload} disabled={!online || loading} data-testid="admin-reload">
              {loading ? t('admin.loading') : t('admin.reload')}
            </button>
          </div>
          <CreateUserForm
            api={api}
            communities={data.communities}
            online={online}
            onCreated={(user) => {
              update((d) => ({ ...d, users: [...d.users, user].sort((a, b) => (a.username < b.username ? -1 : 1)) }));
              setNotice({ key: 'admin.create.done', params: { username: user.username } });
            }}
          />
          <UsersSection
            users={data.users}
            communities={data.communities}
            panel={panel}
            setPanel={(p) => {
              setPanel(p);
              setNotice(null);
            }}
            renderPanel={(user, kind) =>
              kind === 'edit' ? (
                <EditUserForm
                  key={user.id}
                  api={api}
                  user={user}
                  communities={data.communities}
                  online={online}
                  onCancel={() => setPanel(null)}
                  onSaved={(saved) => {
                    replaceUser(saved);
                    setPanel(null);
                    setNotice({ key: 'admin.edit.done', params: { username: saved.username } });
                  }}
                />
              ) : (
                <ResetPasswordForm
                  key={user.id}
                  api={api}
                  user={user}
                  online={online}
                  onCancel={() => setPanel(null)}
                  onDone={(u, endedSessions) => {
                    setPanel(null);
                    setNotice({ key: 'admin.password.done', params: { username: u.username, sessions: String(endedSessions) } });
                  }}
                />
              )
            }
          />
          <DevicesSection
            api={api}
            devices={data.devices}
            users={data.users}
            online={online}
            ownDeviceId={ownDeviceId}
            onRevoked={(device, userName) => {
              update((d) => ({ ...d, devices: d.devices.map((x) => (x.id === device.id ? device : x)) }));
              setNotice({ key: 'admin.revoke.done', params: { device: device.name, user: userName } });
            }}
          />
          <AuditSection api={api} users={data.users} devices={data.devices} online={online} />
        </>
      )}
    </>
  );
}

interface UsersSectionProps {
  users: readonly AdminUser[];
  communities: readonly CommunityInfo[];
  panel: Panel;
  setPanel(p: Panel): void;
  renderPanel(user: AdminUser, kind: 'edit' | 'password'): ReactNode;
}

function UsersSection({ users, communities, panel, setPanel, renderPanel }: UsersSectionProps) {
  const { t, locale, instant } = useI18n();
  const byId = useMemo(() => new Map(communities.map((c) => [c.id, c])), [communities]);
  // Each community's name is one unbreakable label: the list wraps between names, never inside a Thai word.
  const communityText = (u: AdminUser): ReactNode => {
    if (!scopedToCommunities(u.role)) return t('admin.allCommunities');
    if (u.communities.length === 0) return t('admin.noCommunities');
    return u.communities.map((id, i) => {
      const c = byId.get(id);
      return (
        <Fragment key={id}>
          {i > 0 ? ', ' : null}
          <span className="admin-label">{c ? communityLabel(c, locale) : id}</span>
        </Fragment>
      );
    });
  };
  return (
    <section className="card" aria-labelledby="admin-users-title">
      <h2 id="admin-users-title">{t('admin.users.title', { n: users.length })}</h2>
      {users.length === 0 ? <p className="muted">{t('admin.users.none')}</p> : null}
      <div className="admin-table-wrap">
        <table className="data" data-testid="admin-users">
          <ColumnHeads labels={[t('admin.col.username'), t('admin.col.displayName'), t('admin.col.role'), t('admin.col.communities'), t('admin.col.status'), t('admin.col.createdAt'), t('admin.col.actions')]} />
          <tbody>
            {users.map((u) => {
              const open = panel?.userId === u.id ? panel.kind : null;
              return [
                <tr key={u.id} data-testid="admin-user-row" data-username={u.username} data-status={u.status}>
                  <td>{u.username}</td>
                  <td>{u.displayName}</td>
                  <td className="admin-label" data-testid="admin-user-role">{t(`sync.role.${u.role}` satisfies MessageKey)}</td>
                  <td data-testid="admin-user-communities">{communityText(u)}</td>
                  <td className="admin-label">{t(`admin.status.${u.status}` satisfies MessageKey)}</td>
                  <td>{instant(u.createdAt)}</td>
                  <td className="admin-actions">
                    <button type="button" className="btn" aria-expanded={open === 'edit'} onClick={() => setPanel(open === 'edit' ? null : { userId: u.id, kind: 'edit' })} data-testid="admin-edit-user">
                      {t('admin.edit')}
                    </button>
                    <button type="button" className="btn" aria-expanded={open === 'password'} onClick={() => setPanel(open === 'password' ? null : { userId: u.id, kind: 'password' })} data-testid="admin-reset-password">
                      {t('admin.password.reset')}
                    </button>
                  </td>
                </tr>,
                open !== null ? (
                  <tr key={`${u.id}-panel`} className="admin-panel-row">
                    <td colSpan={7}>{renderPanel(u, open)}</td>
                  </tr>
                ) : null,
              ];
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
