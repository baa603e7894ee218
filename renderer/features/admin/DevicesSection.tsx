/**
 * Registered devices: whose, name, first sign-in, last contact, revoked or not, wipe ordered or done;
 * revoking asks first (a revoked device stops syncing until someone signs in on it again, keeping its unsent
 * changes, unless the administrator also orders its data erased: a lost laptop, docs/security.md §3).
 */
import { useMemo, useState } from 'react';
import type { AdminDevice, AdminUser } from '../../../shared/sync/protocol';
import type { MessageKey } from '../../i18n/catalog';
import { useI18n } from '../../i18n/I18nProvider';
import type { AdminApi } from './api';
import { ERROR_PARAMS } from './kit';
import { describeAdminFailure, type AdminServerCode } from './serverErrors';
import { ColumnHeads } from '../../ui/ColumnHeads';

export interface DevicesSectionProps {
  api: AdminApi;
  devices: readonly AdminDevice[];
  users: readonly AdminUser[];
  online: boolean;
  ownDeviceId: string;
  onRevoked(device: AdminDevice, userName: string): void;
}

/** Devices in use first, most recently seen first; revoked ones after. */
export function sortDevices(devices: readonly AdminDevice[]): AdminDevice[] {
  const seen = (d: AdminDevice) => d.lastSeenAt ?? d.createdAt;
  return [...devices].sort((a, b) => {
    if ((a.revokedAt === null) !== (b.revokedAt === null)) return a.revokedAt === null ? -1 : 1;
    return seen(a) < seen(b) ? 1 : seen(a) > seen(b) ? -1 : a.id < b.id ? -1 : 1;
  });
}

export function DevicesSection({ api, devices, users, online, ownDeviceId, onRevoked }: DevicesSectionProps) {
  const { t, instant } = useI18n();
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [wipe, setWipe] = useState(false);
  const [failure, setFailure] = useState<AdminServerCode | null>(null);
  const userById = useMemo(() => new Map(users.map((u) => [u.id, u])), [users]);
  const sorted = useMemo(() => sortDevices(devices), [devices]);
  const userName = (d: AdminDevice): string => {
    const u = userById.get(d.userId);
    return u ? `${u.displayName} (${u.username})` : t('admin.device.unknownUser');
  };

  const revoke = async (d: AdminDevice) => {
    setBusy(true);
    setFailure(null);
    try {
      // A device already revoked is here only to be ordered wiped.
      const revoked = await api.revokeDevice(d.id, d.revokedAt !== null || wipe);
      setConfirming(null);
      onRevoked(revoked, userName(d));
    } catch (err) {
      setFailure(describeAdminFailure(err).code);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="admin-devices-title">
      <h2 id="admin-devices-title">{t('admin.devices.title', { n: devices.length })}</h2>
      {devices.length === 0 ? <p className="muted">{t('admin.devices.none')}</p> : null}
      {failure ? (
        <p className="alert alert-error" role="alert" data-testid="admin-revoke-failure" data-code={failure}>
          {t(`v.${failure}` satisfies MessageKey, ERROR_PARAMS)}
        </p>
      ) : null}
      <div className="admin-table-wrap">
        <table className="data" data-testid="admin-devices">
          <ColumnHeads labels={[t('admin.col.user'), t('admin.col.device'), t('admin.col.createdAt'), t('admin.col.lastSeen'), t('admin.col.status'), t('admin.col.actions')]} />
          <tbody>
            {sorted.map((d) => {
              const user = userById.get(d.userId);
              const own = d.id === ownDeviceId;
              return [
                <tr key={d.id} data-testid="admin-device-row" data-device-id={d.id} data-username={user?.username ?? ''} data-device-name={d.name} data-revoked={d.revokedAt !== null}>
                  <td>{userName(d)}</td>
                  <td>
                    {d.name} {own ? <span className="muted small">{t('admin.device.thisDevice')}</span> : null}
                  </td>
                  <td>{instant(d.createdAt)}</td>
                  <td data-testid="admin-device-last-seen">{d.lastSeenAt ? instant(d.lastSeenAt) : '—'}</td>
                  <td className="admin-label" data-testid="admin-device-status">
                    {d.revokedAt ? t('admin.device.revokedAt', { time: instant(d.revokedAt) }) : t('admin.device.active')}
                    {d.wipeOrderedAt !== undefined ? (
                      <span className="muted small" data-testid="admin-device-wipe" data-wiped={d.wipedAt !== undefined}>
                        {' · '}
                        {d.wipedAt !== undefined ? t('admin.device.wipedAt', { time: instant(d.wipedAt) }) : t('admin.device.wipeOrdered')}
                      </span>
                    ) : null}
                  </td>
                  <td>
                    {d.revokedAt === null || (d.wipeOrderedAt === undefined && !own) ? (
                      <button
                        type="button"
                        className="btn btn-danger"
                        aria-expanded={confirming === d.id}
                        onClick={() => {
                          setFailure(null);
                          setWipe(false);
                          setConfirming(confirming === d.id ? null : d.id);
                        }}
                        data-testid="admin-revoke"
                      >
                        {d.revokedAt === null ? t('admin.revoke') : t('admin.wipe.order')}
                      </button>
                    ) : null}
                  </td>
                </tr>,
                confirming === d.id ? (
                  <tr key={`${d.id}-confirm`} className="admin-panel-row">
                    <td colSpan={6}>
                      <div className="alert alert-warning" role="alertdialog" aria-labelledby={`confirm-${d.id}`} data-testid="admin-revoke-confirm">
                        <p id={`confirm-${d.id}`}>{t(d.revokedAt === null ? 'admin.revoke.confirm' : 'admin.wipe.confirm', { device: d.name, user: userName(d) })}</p>
                        {own ? <p>{t('admin.revoke.confirmSelf')}</p> : null}
                        {d.revokedAt === null && !own ? (
                          <label className="row">
                            <input type="checkbox" checked={wipe} onChange={(e) => setWipe(e.target.checked)} data-testid="admin-revoke-wipe" />
                            <span>{t('admin.wipe.option')}</span>
                          </label>
                        ) : null}
                        <div className="row">
                          <button type="button" className="btn btn-danger" disabled={!online || busy} onClick={() => void revoke(d)} data-testid="admin-revoke-yes">
                            {busy ? t('admin.working') : t(d.revokedAt !== null || wipe ? 'admin.wipe.yes' : 'admin.revoke.yes')}
                          </button>
                          <button type="button" className="btn" onClick={() => setConfirming(null)} data-testid="admin-revoke-cancel">
                            {t('action.cancel')}
                          </button>
                        </div>
                      </div>
                    </td>
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
