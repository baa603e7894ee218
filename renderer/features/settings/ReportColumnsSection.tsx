/**
 * Settings → the LTC service list's CSV columns (shared/reports/columns.ts): which value goes in each column,
 * its header and the order, so the export matches the fund system's import template without a code change.
 * Administrators only; saved on this device after the shared schema's check (renderer/db/reportSettings.ts),
 * every problem named by its column.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { canAdmin } from '../../../shared/permissions';
import { SERVICE_COLUMN_KEYS, type ColumnsIssue, type ServiceColumn, type ServiceColumnKey } from '../../../shared/reports/columns';
import { useStore } from '../../app/StoreProvider';
import { useActor } from '../../app/useActor';
import { readServiceColumns, resetServiceColumns, saveServiceColumns } from '../../db/reportSettings';
import { errorText } from '../../i18n/errorText';
import { useI18n } from '../../i18n/I18nProvider';

type Status = { kind: 'saved' | 'reset' } | { kind: 'failed'; detail: string } | null;

export function ReportColumnsSection() {
  const actor = useActor();
  if (!canAdmin(actor)) return null;
  return <ReportColumnsEditor />;
}

function ReportColumnsEditor() {
  const { t, tCode } = useI18n();
  const { db } = useStore();
  const stored = useLiveQuery(() => readServiceColumns(db), [db]);
  const [edited, setEdited] = useState<ServiceColumn[] | null>(null);
  const [issues, setIssues] = useState<ColumnsIssue[]>([]);
  const [status, setStatus] = useState<Status>(null);
  const [busy, setBusy] = useState(false);
  if (stored === undefined) return null;
  const cols = edited ?? [...stored.columns];

  const edit = (next: ServiceColumn[]) => {
    setEdited(next);
    setStatus(null);
  };
  const move = (i: number, by: -1 | 1) => {
    const next = [...cols];
    const [c] = next.splice(i, 1);
    if (c) next.splice(i + by, 0, c);
    edit(next);
  };
  const unused = SERVICE_COLUMN_KEYS.find((k) => !cols.some((c) => c.key === k));

  const save = async () => {
    setBusy(true);
    try {
      const r = await saveServiceColumns(db, cols);
      if (!r.ok) {
        setIssues(r.issues);
        return;
      }
      setIssues([]);
      setEdited(null);
      setStatus({ kind: 'saved' });
    } catch (err) {
      setStatus({ kind: 'failed', detail: errorText(err, t) });
    } finally {
      setBusy(false);
    }
  };
  const reset = async () => {
    setBusy(true);
    try {
      await resetServiceColumns(db);
      setIssues([]);
      setEdited(null);
      setStatus({ kind: 'reset' });
    } catch (err) {
      setStatus({ kind: 'failed', detail: errorText(err, t) });
    } finally {
      setBusy(false);
    }
  };
  const issuesOf = (i: number) => issues.filter((x) => x.path[0] === String(i));
  const general = issues.filter((x) => x.path.length === 0);

  return (
    <section className="card" data-testid="report-columns" aria-labelledby="report-columns-heading">
      <h2 id="report-columns-heading">{t('reports.columns.title')}</h2>
      <p className="muted small">{t('reports.columns.hint')}</p>
      <p className="small" data-testid="report-columns-state">
        {t(stored.custom ? 'reports.columns.custom' : 'reports.columns.default')}
      </p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        {general.length > 0 ? (
          <p className="field-error" role="alert">
            {general.map((g) => tCode(g.code)).join(' ')}
          </p>
        ) : null}
        <table>
          <thead>
            <tr>
              <th scope="col">{t('reports.columns.position')}</th>
              <th scope="col">{t('reports.columns.value')}</th>
              <th scope="col">{t('reports.columns.header')}</th>
              <th scope="col">
                <span className="sr-only">{t('action.edit')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {cols.map((c, i) => {
              const rowIssues = issuesOf(i);
              const n = i + 1;
              const errId = `report-column-error-${i}`;
              return (
                <tr key={`${c.key}-${i}`} data-testid="report-column-row" data-key={c.key}>
                  <td>{n}</td>
                  <td>
                    <label className="sr-only" htmlFor={`report-column-key-${i}`}>
                      {t('reports.columns.valueOf', { n })}
                    </label>
                    <select
                      id={`report-column-key-${i}`}
                      value={c.key}
                      aria-invalid={rowIssues.some((x) => x.path[1] === 'key') ? true : undefined}
                      aria-describedby={rowIssues.length > 0 ? errId : undefined}
                      onChange={(e) => edit(cols.map((x, j) => (j === i ? { ...x, key: e.target.value as ServiceColumnKey } : x)))}
                      data-testid="report-column-key"
                    >
                      {SERVICE_COLUMN_KEYS.map((k) => (
                        <option key={k} value={k}>
                          {t(`reports.columns.key.${k}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <label className="sr-only" htmlFor={`report-column-header-${i}`}>
                      {t('reports.columns.headerOf', { n })}
                    </label>
                    <input
                      id={`report-column-header-${i}`}
                      value={c.header}
                      aria-invalid={rowIssues.some((x) => x.path[1] === 'header') ? true : undefined}
                      aria-describedby={rowIssues.length > 0 ? errId : undefined}
                      onChange={(e) => edit(cols.map((x, j) => (j === i ? { ...x, header: e.target.value } : x)))}
                      data-testid="report-column-header"
                    />
                    {rowIssues.length > 0 ? (
                      <span className="field-error" id={errId} role="alert" data-testid="report-column-error">
                        {t('reports.columns.problem', { n, detail: rowIssues.map((x) => tCode(x.code)).join(' ') })}
                      </span>
                    ) : null}
                  </td>
                  <td className="row">
                    <button type="button" className="btn" disabled={i === 0} onClick={() => move(i, -1)} aria-label={t('reports.columns.up', { n })}>
                      ↑
                    </button>
                    <button type="button" className="btn" disabled={i === cols.length - 1} onClick={() => move(i, 1)} aria-label={t('reports.columns.down', { n })}>
                      ↓
                    </button>
                    <button type="button" className="btn btn-danger" onClick={() => edit(cols.filter((_, j) => j !== i))} aria-label={t('reports.columns.remove', { n })}>
                      ×
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <div className="row">
          {unused !== undefined ? (
            <button type="button" className="btn" onClick={() => edit([...cols, { key: unused, header: t(`reports.columns.key.${unused}`) }])} data-testid="report-columns-add">
              {t('reports.columns.add')}
            </button>
          ) : null}
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="report-columns-save">
            {t('reports.columns.save')}
          </button>
          <button type="button" className="btn" disabled={busy} onClick={() => void reset()} data-testid="report-columns-reset">
            {t('reports.columns.reset')}
          </button>
          <span role="status" className="small" data-testid="report-columns-status">
            {status === null ? '' : status.kind === 'failed' ? t('common.error', { detail: status.detail }) : t(status.kind === 'saved' ? 'reports.columns.saved' : 'reports.columns.resetDone')}
          </span>
        </div>
      </form>
    </section>
  );
}
