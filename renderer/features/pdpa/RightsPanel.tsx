/**
 * A person's rights on the profile (docs/domain.md §8), for care managers and administrators signed in to
 * the municipal server: the complete export as JSON (read from the server, so it holds every record whatever
 * this device syncs), a printed Thai summary of it (the report print path: shared/pdpa/summary.ts), and an
 * erasure request that an administrator approves on the Settings page.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { FieldError } from './FieldError';
import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { todayBangkok } from '../../../shared/dates/thaiDate';
import { canExportPersonalData, canRecordErasure } from '../../../shared/pdpa/access';
import { erasureFormSchema, type ErasureFormValues } from '../../../shared/pdpa/erasure';
import { subjectSummary } from '../../../shared/pdpa/summary';
import type { WorkbookSpec } from '../../../shared/reports/workbookSchema';
import { useHost } from '../../app/HostContext';
import { useActor } from '../../app/useActor';
import { errorText } from '../../i18n/errorText';
import { useI18n } from '../../i18n/I18nProvider';
import { DateField } from '../../ui/form/DateField';
import { labelledError } from '../../ui/form/errors';
import { useSync } from '../sync';
import { loadPrintFont } from '../reports';
import { PdpaApi } from './api';

export interface RightsPanelProps {
  residentId: string;
  /** Shows the printed summary (outside the page's on-screen part, which print hides). */
  onSummary(spec: WorkbookSpec): void;
}

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

export function RightsPanel({ residentId, onSummary }: RightsPanelProps) {
  const { t } = useI18n();
  const host = useHost();
  const actor = useActor();
  const { session, auth } = useSync();
  const api = useMemo(() => (session === null ? null : new PdpaApi({ baseUrl: session.serverUrl, tokens: auth })), [session, auth]);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [requesting, setRequesting] = useState(false);
  if (!canExportPersonalData({ role: actor.role })) return null;

  const run = async (what: 'json' | 'pdf') => {
    if (api === null) return;
    setBusy(true);
    setMessage(null);
    try {
      const data = await api.exportResident(residentId);
      const base = `ข้อมูลส่วนบุคคล-${residentId.slice(0, 8)}-${todayBangkok()}`;
      if (what === 'json') {
        const name = `${base}.json`;
        const saved = await host.saveFile({ suggestedName: name, mimeType: 'application/json', data: JSON.stringify(data, null, 2) });
        if (saved.saved) setMessage({ ok: true, text: t('pdpa.export.saved', { name }) });
      } else {
        onSummary(subjectSummary(data));
        await loadPrintFont();
        await nextFrame();
        await host.printToPdf({ suggestedName: `${base}.pdf` });
      }
    } catch (err) {
      setMessage({ ok: false, text: t('pdpa.export.failed', { detail: errorText(err, t) }) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" data-testid="rights-panel" aria-labelledby="rights-title">
      <h2 id="rights-title">{t('pdpa.rights.title')}</h2>
      {api === null ? <p className="muted">{t('pdpa.rights.signIn')}</p> : null}
      {message ? (
        <p className={message.ok ? 'alert alert-success' : 'alert alert-error'} role={message.ok ? 'status' : 'alert'} data-testid="rights-message">
          {message.text}
        </p>
      ) : null}
      <div className="row">
        <button type="button" className="btn" disabled={api === null || busy} onClick={() => void run('json')} data-testid="export-json">
          {t('pdpa.export.json')}
        </button>
        <button type="button" className="btn" disabled={api === null || busy} onClick={() => void run('pdf')} data-testid="export-pdf">
          {t('pdpa.export.pdf')}
        </button>
        {canRecordErasure({ role: actor.role }) && !requesting ? (
          <button type="button" className="btn btn-danger" disabled={api === null} onClick={() => setRequesting(true)} data-testid="erasure-request">
            {t('pdpa.erasure.request')}
          </button>
        ) : null}
      </div>
      {requesting && api !== null ? (
        <ErasureForm
          api={api}
          residentId={residentId}
          onDone={(text) => {
            setRequesting(false);
            if (text !== null) setMessage({ ok: true, text });
          }}
        />
      ) : null}
    </section>
  );
}

function ErasureForm({ api, residentId, onDone }: { api: PdpaApi; residentId: string; onDone(message: string | null): void }) {
  const { t, tCode } = useI18n();
  const today = useMemo(() => todayBangkok(), []);
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<ErasureFormValues>({
    resolver: zodResolver(erasureFormSchema({ today })),
    defaultValues: { requestedBy: '', requestedOn: today, reason: '' },
    mode: 'onBlur',
  });
  const { errors, isSubmitting } = form.formState;
  const submit = form.handleSubmit(async (values) => {
    setFailure(null);
    try {
      await api.requestErasure({ residentId, ...values });
      onDone(t('pdpa.erasure.recorded'));
    } catch (err) {
      setFailure(errorText(err, t));
    }
  });

  return (
    <form onSubmit={(e) => void submit(e)} data-testid="erasure-form" noValidate>
      {failure ? (
        <p className="alert alert-error" role="alert">
          {t('pdpa.erasure.failed', { detail: failure })}
        </p>
      ) : null}
      <div className="grid">
        <div className="field">
          <label htmlFor="erasure-by">{t('pdpa.erasure.requestedBy')}</label>
          <input id="erasure-by" aria-invalid={errors.requestedBy ? true : undefined} {...form.register('requestedBy')} data-testid="erasure-by" />
          <FieldError message={errors.requestedBy?.message} label={t('pdpa.erasure.requestedBy')} id="erasure-by-error" />
        </div>
        <DateField
          control={form.control}
          name="requestedOn"
          id="erasure-date"
          testId="erasure-date"
          label={t('pdpa.erasure.requestedOn')}
          error={errors.requestedOn?.message ? labelledError(t('pdpa.erasure.requestedOn'), tCode(errors.requestedOn.message)) : undefined}
          errorDomId="erasure-requestedOn-error"
          max={today}
        />
        <div className="field">
          <label htmlFor="erasure-reason">{t('pdpa.erasure.reason')}</label>
          <input id="erasure-reason" aria-invalid={errors.reason ? true : undefined} {...form.register('reason')} data-testid="erasure-reason" />
          <FieldError message={errors.reason?.message} label={t('pdpa.erasure.reason')} id="erasure-reason-error" />
        </div>
      </div>
      <p className="muted small">{t('pdpa.erasure.note')}</p>
      <div className="row">
        <button type="submit" className="btn btn-danger" disabled={isSubmitting} data-testid="erasure-save">
          {t('pdpa.erasure.save')}
        </button>
        <button type="button" className="btn" onClick={() => onDone(null)}>
          {t('action.cancel')}
        </button>
      </div>
    </form>
  );
}
