/**
 * The administrator's part of erasure (docs/security.md §6), on the Settings page: the requests waiting for
 * approval (approving erases the person on the server at once, and every device at its next sync), how many
 * were carried out, and the retention of archived residents with a button that runs the retention job now.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useState } from 'react';
import { canApproveErasure } from '../../../shared/pdpa/access';
import { retentionSettingSchema, type RetentionRun } from '../../../shared/pdpa/erasure';
import { residentFullName } from '../../../shared/resident';
import { useStore } from '../../app/StoreProvider';
import { useActor } from '../../app/useActor';
import { errorText } from '../../i18n/errorText';
import { useI18n } from '../../i18n/I18nProvider';
import { useSync } from '../sync';
import { PdpaApi, type ErasureRequestView } from './api';

export function ErasureAdminSection() {
  const { t, date, instant } = useI18n();
  const { db } = useStore();
  const actor = useActor();
  const { session, auth } = useSync();
  const api = useMemo(() => (session === null ? null : new PdpaApi({ baseUrl: session.serverUrl, tokens: auth })), [session, auth]);
  const [requests, setRequests] = useState<ErasureRequestView[] | null>(null);
  const [years, setYears] = useState('');
  const [yearsError, setYearsError] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [lastRun, setLastRun] = useState<RetentionRun | null>(null);
  const admin = canApproveErasure({ role: actor.role });
  const pending = useMemo(() => (requests ?? []).filter((r) => r.status === 'pending'), [requests]);
  const residents = useLiveQuery(async () => db.residents.bulkGet(pending.map((r) => r.residentId ?? '')), [db, pending]);

  const [reloads, setReloads] = useState(0);
  const reload = () => setReloads((n) => n + 1);
  const fail = (err: unknown) => setMessage({ ok: false, text: t('pdpa.failed', { detail: errorText(err, t) }) });
  useEffect(() => {
    if (!admin || api === null) return;
    let live = true;
    Promise.all([api.listErasures(), api.retention()]).then(
      ([list, retention]) => {
        if (!live) return;
        setRequests(list);
        setYears(String(retention.setting.archivedYears));
        setLastRun(retention.lastRun);
      },
      (err: unknown) => live && setMessage({ ok: false, text: t('pdpa.failed', { detail: errorText(err, t) }) }),
    );
    return () => {
      live = false;
    };
  }, [admin, api, reloads, t]);
  if (!admin || api === null) return null;

  const approve = async (id: string) => {
    if (!globalThis.confirm(t('pdpa.admin.approveConfirm'))) return;
    try {
      const records = await api.approve(id);
      setMessage({ ok: true, text: t('pdpa.admin.approved', { records }) });
      reload();
    } catch (err) {
      fail(err);
    }
  };
  const saveYears = async () => {
    const parsed = retentionSettingSchema.safeParse({ archivedYears: Number(years.trim() === '' ? NaN : years) });
    if (!parsed.success) {
      setYearsError(`${t('pdpa.retention.years')}: ${t('v.pdpa.years')}`);
      return;
    }
    setYearsError(null);
    try {
      await api.setRetention(parsed.data);
    } catch (err) {
      fail(err);
    }
  };
  const runNow = async () => {
    try {
      setMessage({ ok: true, text: t('pdpa.retention.ran', { n: await api.runRetention() }) });
      reload();
    } catch (err) {
      fail(err);
    }
  };

  return (
    <section className="card" data-testid="erasure-admin" aria-labelledby="erasure-admin-title">
      <h2 id="erasure-admin-title">{t('pdpa.admin.title')}</h2>
      {message ? (
        <p className={message.ok ? 'alert alert-success' : 'alert alert-error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      ) : null}
      {pending.length === 0 ? <p className="muted">{t('pdpa.admin.none')}</p> : null}
      <ul className="plain" data-testid="erasure-pending">
        {pending.map((r, i) => {
          const resident = residents?.[i];
          return (
            <li key={r.id}>
              <strong>{resident ? residentFullName(resident) : r.residentId}</strong>{' '}
              {t('pdpa.admin.entry', { who: r.requestedBy, date: date(r.requestedOn), reason: r.reason })}{' '}
              <button type="button" className="btn btn-danger btn-small" onClick={() => void approve(r.id)} data-testid="erasure-approve">
                {t('pdpa.admin.approve')}
              </button>
            </li>
          );
        })}
      </ul>
      <p className="muted small">{t('pdpa.admin.done', { n: (requests ?? []).length - pending.length })}</p>
      <h3>{t('pdpa.retention.title')}</h3>
      <div className="row">
        <div className="field">
          <label htmlFor="retention-years">{t('pdpa.retention.years')}</label>
          <input id="retention-years" inputMode="numeric" value={years} onChange={(e) => setYears(e.target.value)} aria-invalid={yearsError ? true : undefined} data-testid="retention-years" />
          {yearsError ? <span className="field-error">{yearsError}</span> : null}
        </div>
        <button type="button" className="btn" onClick={() => void saveYears()} data-testid="retention-save">
          {t('pdpa.retention.save')}
        </button>
        <button type="button" className="btn btn-danger" onClick={() => void runNow()} data-testid="retention-run">
          {t('pdpa.retention.run')}
        </button>
      </div>
      <p className="muted small" data-testid="retention-last-run">
        {lastRun === null ? t('pdpa.retention.neverRun') : t('pdpa.retention.lastRun', { at: instant(lastRun.at), n: lastRun.erased })}
      </p>
    </section>
  );
}
