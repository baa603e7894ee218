/**
 * The report's exports in one toolbar: the service list as CSV for the fund system's import today; the
 * Excel and PDF exports go here beside it (each an `ExportAction`), so the page itself does not change.
 */
import { useState } from 'react';
import { errorText } from '../../i18n/errorText';
import { useI18n } from '../../i18n/I18nProvider';

export interface ExportAction {
  key: string;
  label: string;
  /** Builds and saves the file; answers the file name when it was saved, null when the user cancelled. */
  run(): Promise<string | null>;
}

type Status = { kind: 'saved'; name: string } | { kind: 'notSaved' } | { kind: 'failed'; detail: string } | null;

export function ExportToolbar({ actions, disabled }: { actions: readonly ExportAction[]; disabled: boolean }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState<string | null>(null);
  const [status, setStatus] = useState<Status>(null);
  const run = async (a: ExportAction) => {
    setBusy(a.key);
    setStatus(null);
    try {
      const name = await a.run();
      setStatus(name === null ? { kind: 'notSaved' } : { kind: 'saved', name });
    } catch (err) {
      setStatus({ kind: 'failed', detail: errorText(err, t) });
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="report-export row" role="group" aria-label={t('reports.export.title')} data-testid="report-export">
      {actions.map((a) => (
        <button key={a.key} type="button" className="btn" disabled={disabled || busy !== null} onClick={() => void run(a)} data-testid={`export-${a.key}`}>
          {a.label}
        </button>
      ))}
      <span role="status" className="small" data-testid="export-status">
        {status === null ? '' : status.kind === 'saved' ? t('reports.export.saved', { name: status.name }) : status.kind === 'notSaved' ? t('reports.export.notSaved') : t('reports.export.failed', { detail: status.detail })}
      </span>
    </div>
  );
}
