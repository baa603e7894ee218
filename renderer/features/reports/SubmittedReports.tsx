/**
 * The period's submitted reports (docs/domain.md §6): mark the report on screen as submitted (kept on the
 * municipal server with who and when), list the period's submissions, and open one: its exports reproduce
 * what was submitted, and the records changed since are listed as late changes, each linked to its resident.
 * Needs the server; without a session it says so. Failures keep the list as it was and name the problem.
 */
import { useEffect, useState } from 'react';
import { formatDate, formatInstant } from '../../../shared/dates/thaiDate';
import type { ReportFilter } from '../../../shared/reports/definitions';
import type { Period } from '../../../shared/reports/period';
import { formatBaht } from '../../../shared/reports/present';
import { routeHref } from '../../app/router';
import { errorText } from '../../i18n/errorText';
import { useI18n } from '../../i18n/I18nProvider';
import type { OpenedSnapshot, ReportsApi, SnapshotSummary } from './api';
import { ExportToolbar, type ExportAction } from './ExportToolbar';

interface Props {
  api: ReportsApi | null;
  period: Period;
  filter: ReportFilter;
  opened: OpenedSnapshot | null;
  onOpened(o: OpenedSnapshot | null): void;
  /** The exports of the opened submission. */
  exports: ExportAction[];
  userName(id: string): string;
}

export function SubmittedReports({ api, period, filter, opened, onOpened, exports, userName }: Props) {
  const { t, locale } = useI18n();
  const [list, setList] = useState<SnapshotSummary[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (api === null) return;
    let live = true;
    api.list(period.from, period.to).then(
      (l) => live && setList(l),
      (err: unknown) => live && setProblem(errorText(err, t)),
    );
    return () => {
      live = false;
    };
  }, [api, period, t]);

  if (api === null) {
    return (
      <section className="report-submitted" aria-labelledby="submitted-title" data-testid="report-submitted">
        <h2 id="submitted-title">{t('reports.submit.title')}</h2>
        <p className="muted small">{t('reports.submit.needsServer')}</p>
      </section>
    );
  }

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setProblem(null);
    try {
      await work();
    } catch (err) {
      setProblem(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };
  const mark = () =>
    run(async () => {
      const s = await api.submit(period.spec, filter);
      setList((l) => [s, ...(l ?? [])]);
    });
  const open = (id: string) => run(async () => onOpened(await api.open(id)));

  return (
    <section className="report-submitted" aria-labelledby="submitted-title" data-testid="report-submitted">
      <h2 id="submitted-title">{t('reports.submit.title')}</h2>
      <button type="button" className="btn" disabled={busy} onClick={() => void mark()} data-testid="report-mark-submitted">
        {t('reports.submit.mark')}
      </button>
      {problem !== null ? (
        <p role="alert" className="error" data-testid="report-submitted-problem">
          {t('reports.submit.failed', { detail: problem })}
        </p>
      ) : null}
      {list === null ? null : list.length === 0 ? (
        <p className="muted" data-testid="report-submitted-none">
          {t('reports.submit.none')}
        </p>
      ) : (
        <ul data-testid="report-submitted-list">
          {list.map((s) => (
            <li key={s.id} data-testid="report-submitted-item">
              {t('reports.submit.item', { at: formatInstant(s.submittedAt, locale), name: s.submittedByName, rows: s.serviceRows, amount: formatBaht(s.serviceTotalSatang) })}{' '}
              <button type="button" className="btn small" disabled={busy} onClick={() => void open(s.id)} data-testid="report-submitted-open">
                {t('reports.submit.open')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {opened === null ? null : (
        <div className="report-submitted-opened" data-testid="report-submitted-opened">
          <h3>{t('reports.submit.opened', { at: formatInstant(opened.snapshot.submittedAt, locale), name: opened.snapshot.submittedByName })}</h3>
          <p className="small muted">{t('reports.submit.reexport')}</p>
          <ExportToolbar actions={exports} disabled={busy} />
          <h4>{t('reports.submit.late', { n: opened.lateChanges.length })}</h4>
          {opened.lateChanges.length === 0 ? (
            <p data-testid="report-late-none">{t('reports.submit.noLate')}</p>
          ) : (
            <ul data-testid="report-late-list">
              {opened.lateChanges.map((c) => (
                <li key={`${c.record}-${c.id}`} data-testid="report-late-item" data-kind={c.kind}>
                  {t(`reports.submit.kind.${c.kind}`)} {t(`reports.submit.record.${c.record}`)}
                  {c.date === undefined ? null : ` ${formatDate(c.date, locale)}`}
                  {c.caregiverId === undefined ? null : ` (${userName(c.caregiverId)})`}{' '}
                  {c.residentId !== undefined && c.name !== undefined ? <a href={routeHref({ name: 'resident', id: c.residentId })}>{c.name}</a> : null}
                </li>
              ))}
            </ul>
          )}
          <button type="button" className="btn" onClick={() => onOpened(null)} data-testid="report-submitted-close">
            {t('reports.submit.close')}
          </button>
        </div>
      )}
    </section>
  );
}
