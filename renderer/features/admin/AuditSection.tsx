/**
 * The audit log on the admin screen (docs/security.md §5): filters (user, device, action, record id, outcome,
 * a range of days typed the Thai way with BE years), the newest entries first with "older entries" to page
 * back (keyset), and an export of everything the filters match as CSV (the server audits the export).
 *
 * Invariants:
 * - The filters are checked with the server's own schema (shared/sync/audit.ts auditFilterQuery) before a
 *   request; a refused value is named with its field and what to fix, and nothing typed is lost.
 * - Paging keeps the query the shown entries came from, even if the form was edited since.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { todayBangkok } from '../../../shared/dates/thaiDate';
import { AUDIT_ACTION_FILTERS, AUDIT_OUTCOMES, auditFilterQuery, EMPTY_AUDIT_FILTER, type AuditEntryView, type AuditFilterField, type AuditFilterValues } from '../../../shared/sync/audit';
import type { AdminDevice, AdminUser } from '../../../shared/sync/protocol';
import { useHost } from '../../app/HostContext';
import type { MessageKey } from '../../i18n/catalog';
import { useI18n } from '../../i18n/I18nProvider';
import { ColumnHeads } from '../../ui/ColumnHeads';
import { DateField } from '../../ui/form/DateField';
import { SelectField } from '../../ui/form/SelectField';
import { TextField } from '../../ui/form/TextField';
import type { AdminApi } from './api';
import { ERROR_PARAMS } from './kit';
import { describeAdminFailure, type AdminServerCode } from './serverErrors';

const LABELS: Record<AuditFilterField, MessageKey> = {
  userId: 'audit.filter.user',
  deviceId: 'audit.filter.device',
  action: 'audit.filter.action',
  recordId: 'audit.filter.recordId',
  outcome: 'audit.filter.outcome',
  from: 'audit.filter.from',
  to: 'audit.filter.to',
};

/** Actions with a name in the catalog; any other is shown as the server wrote it. */
const ACTION_KEYS: Readonly<Record<string, MessageKey>> = {
  'record.': 'audit.action.record.',
  'record.write': 'audit.action.record.write',
  'record.view': 'audit.action.record.view',
  'record.erase': 'audit.action.record.erase',
  'request.denied': 'audit.action.request.denied',
  'auth.': 'audit.action.auth.',
  'auth.login': 'audit.action.auth.login',
  'auth.logout': 'audit.action.auth.logout',
  'auth.refresh': 'audit.action.auth.refresh',
  'auth.refresh_retry': 'audit.action.auth.refresh_retry',
  'auth.refresh_replay': 'audit.action.auth.refresh_replay',
  'device.': 'audit.action.device.',
  'device.enrol': 'audit.action.device.enrol',
  'device.revoke': 'audit.action.device.revoke',
  'user.': 'audit.action.user.',
  'user.create': 'audit.action.user.create',
  'user.update': 'audit.action.user.update',
  'user.password_reset': 'audit.action.user.password_reset',
  'community.create': 'audit.action.community.create',
  'report.': 'audit.action.report.',
  'report.service_list.export': 'audit.action.report.service_list.export',
  'report.xlsx.export': 'audit.action.report.xlsx.export',
  'report.fund_settings.update': 'audit.action.report.fund_settings.update',
  'report.submit': 'audit.action.report.submit',
  'audit.export': 'audit.action.audit.export',
};

/** The entry's small facts (route, op, refusal code, page), as `key: value` pairs. */
export function detailText(detail: AuditEntryView['detail']): string {
  if (detail === null) return '';
  return Object.entries(detail)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
    .join(' · ');
}

export interface AuditSectionProps {
  api: AdminApi;
  users: readonly AdminUser[];
  devices: readonly AdminDevice[];
  online: boolean;
}

type Shown = { query: Record<string, string>; entries: AuditEntryView[]; nextBefore: number | null };

export function AuditSection({ api, users, devices, online }: AuditSectionProps) {
  const i18n = useI18n();
  const { t, instant } = i18n;
  const host = useHost();
  const form = useForm<AuditFilterValues>({ defaultValues: EMPTY_AUDIT_FILTER });
  const [shown, setShown] = useState<Shown | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<AdminServerCode | null>(null);
  const [invalid, setInvalid] = useState<AuditFilterField | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const userById = useMemo(() => new Map(users.map((u) => [u.id, u])), [users]);
  const deviceById = useMemo(() => new Map(devices.map((d) => [d.id, d])), [devices]);

  const load = useCallback(
    async (query: Record<string, string>, before: number | null, previous: AuditEntryView[]) => {
      setBusy(true);
      setFailure(null);
      try {
        const page = await api.listAudit(before === null ? query : { ...query, before: String(before) });
        setShown({ query, entries: [...previous, ...page.entries], nextBefore: page.nextBefore });
      } catch (err) {
        setFailure(describeAdminFailure(err).code);
      } finally {
        setBusy(false);
      }
    },
    [api],
  );

  // The newest entries when the section first has a connection; state is set only when the answer arrives.
  const loaded = shown !== null;
  useEffect(() => {
    if (!online || loaded) return;
    let live = true;
    api.listAudit({}).then(
      (page) => {
        if (live) setShown({ query: {}, entries: page.entries, nextBefore: page.nextBefore });
      },
      (err: unknown) => {
        if (live) setFailure(describeAdminFailure(err).code);
      },
    );
    return () => {
      live = false;
    };
  }, [online, loaded, api]);

  const checked = (): Record<string, string> | null => {
    const r = auditFilterQuery(form.getValues());
    setInvalid(r.ok ? null : r.field);
    return r.ok ? r.query : null;
  };
  const search = (): void => {
    setNotice(null);
    const query = checked();
    if (query !== null) void load(query, null, []);
  };
  const exportCsv = async (): Promise<void> => {
    setNotice(null);
    const query = checked();
    if (query === null) return;
    setBusy(true);
    setFailure(null);
    try {
      const data = await api.exportAudit(query);
      const name = `audit-${todayBangkok()}.csv`;
      const saved = await host.saveFile({ suggestedName: name, mimeType: 'text/csv', data });
      if (saved.saved) setNotice(t('audit.exported', { name }));
    } catch (err) {
      setFailure(describeAdminFailure(err).code);
    } finally {
      setBusy(false);
    }
  };

  const errorOf = (f: AuditFilterField): string | undefined => (invalid === f ? t('audit.filter.invalid', { field: t(LABELS[f]) }) : undefined);
  const all = t('audit.filter.all');
  const userName = (id: string | null): string => {
    if (id === null) return '—';
    const u = userById.get(id);
    return u ? `${u.displayName} (${u.username})` : id;
  };

  return (
    <section className="card" aria-labelledby="admin-audit-title" data-testid="admin-audit">
      <h2 id="admin-audit-title">{t('audit.title')}</h2>
      <p className="muted">{t('audit.intro')}</p>
      <form
        noValidate
        className="stack"
        data-testid="audit-filters"
        onSubmit={(e) => {
          e.preventDefault();
          search();
        }}
      >
        <div className="grid grid-2">
          <SelectField id="audit-userId" label={t(LABELS.userId)} registration={form.register('userId')} emptyLabel={all} options={users.map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }))} error={errorOf('userId')} testId="audit-user" />
          <SelectField id="audit-deviceId" label={t(LABELS.deviceId)} registration={form.register('deviceId')} emptyLabel={all} options={devices.map((d) => ({ value: d.id, label: `${d.name} · ${userName(d.userId)}` }))} error={errorOf('deviceId')} testId="audit-device" />
          <SelectField id="audit-action" label={t(LABELS.action)} registration={form.register('action')} emptyLabel={all} options={AUDIT_ACTION_FILTERS.map((a) => ({ value: a, label: t(ACTION_KEYS[a] ?? 'audit.filter.all') }))} error={errorOf('action')} testId="audit-action" />
          <SelectField id="audit-outcome" label={t(LABELS.outcome)} registration={form.register('outcome')} emptyLabel={all} options={AUDIT_OUTCOMES.map((o) => ({ value: o, label: t(`audit.outcome.${o}` satisfies MessageKey) }))} error={errorOf('outcome')} testId="audit-outcome" />
          <TextField id="audit-recordId" label={t(LABELS.recordId)} registration={form.register('recordId')} error={errorOf('recordId')} testId="audit-record" />
          <div />
          <DateField control={form.control} name="from" id="audit-from" label={t(LABELS.from)} error={errorOf('from')} testId="audit-from" />
          <DateField control={form.control} name="to" id="audit-to" label={t(LABELS.to)} error={errorOf('to')} testId="audit-to" />
        </div>
        <div className="row">
          <button type="submit" className="btn btn-primary" disabled={!online || busy} data-testid="audit-search">
            {t('audit.filter.search')}
          </button>
          <button type="button" className="btn" disabled={!online || busy} onClick={() => void exportCsv()} data-testid="audit-export">
            {t('audit.export')}
          </button>
        </div>
      </form>
      {invalid !== null ? (
        <p className="alert alert-error" role="alert" data-testid="audit-invalid" data-field={invalid}>
          {errorOf(invalid)}
        </p>
      ) : null}
      {failure !== null ? (
        <p className="alert alert-error" role="alert" data-testid="audit-failed" data-code={failure}>
          {t('audit.failed', { detail: t(`v.${failure}` satisfies MessageKey, ERROR_PARAMS) })}
        </p>
      ) : null}
      {notice !== null ? (
        <p className="alert alert-success" role="status" data-testid="audit-notice">
          {notice}
        </p>
      ) : null}
      {shown === null ? null : shown.entries.length === 0 ? (
        <p className="muted" data-testid="audit-none">
          {t('audit.none')}
        </p>
      ) : (
        <>
          <p className="muted small">{t('audit.shown', { n: shown.entries.length })}</p>
          <div className="admin-table-wrap">
            <table className="data" data-testid="audit-entries">
              <ColumnHeads labels={[t('audit.col.at'), t('audit.col.user'), t('audit.col.device'), t('audit.col.action'), t('audit.col.record'), t('audit.col.outcome'), t('audit.col.detail')]} />
              <tbody>
                {shown.entries.map((e) => {
                  const actionKey = ACTION_KEYS[e.action];
                  return (
                    <tr key={e.id} data-testid="audit-row" data-action={e.action} data-outcome={e.outcome} data-record-id={e.recordId ?? ''}>
                      <td>
                        {instant(e.at)}
                        {e.clientAt !== null ? <div className="muted small">{t('audit.deviceTime', { time: instant(e.clientAt) })}</div> : null}
                      </td>
                      <td>{userName(e.userId)}</td>
                      <td>{e.deviceId === null ? '—' : (deviceById.get(e.deviceId)?.name ?? e.deviceId)}</td>
                      <td className="admin-label">{actionKey ? t(actionKey) : e.action}</td>
                      <td>{[e.recordType, e.recordId].filter((x) => x !== null).join(' ')}</td>
                      <td className="admin-label">{t(`audit.outcome.${e.outcome}` satisfies MessageKey)}</td>
                      <td className="small">{detailText(e.detail)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {shown.nextBefore !== null ? (
            <div className="row">
              <button type="button" className="btn" disabled={!online || busy} onClick={() => void load(shown.query, shown.nextBefore, shown.entries)} data-testid="audit-more">
                {t('audit.more')}
              </button>
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}
