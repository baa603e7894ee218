import { zodResolver } from '@hookform/resolvers/zod';
import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { todayBangkok } from '../../../../shared/dates/thaiDate';
import { archiveSchema, type Resident } from '../../../../shared/resident';
import { archiveResident } from '../../../db/residents';
import { useStore } from '../../../app/StoreProvider';
import { useActor } from '../../../app/useActor';
import { useI18n } from '../../../i18n/I18nProvider';
import { DateField } from '../../../ui/form/DateField';
import { labelledError } from '../../../ui/form/errors';

export interface ArchiveFormProps {
  resident: Resident;
  onDone(): void;
}

interface ArchiveValues {
  status: 'moved' | 'died';
  statusDate: string;
  statusReason: string;
}

/** Moved or died: recorded with a date and reason; the resident is archived, never deleted. */
export function ArchiveForm({ resident, onDone }: ArchiveFormProps) {
  const { t, tCode } = useI18n();
  const store = useStore();
  const actor = useActor();
  const today = useMemo(() => todayBangkok(), []);
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<ArchiveValues, unknown, ArchiveValues>({
    resolver: zodResolver(archiveSchema({ today })),
    defaultValues: { status: 'moved', statusDate: today, statusReason: '' },
    mode: 'onBlur',
  });
  const { errors, isSubmitting } = form.formState;

  const submit = form.handleSubmit(async (values) => {
    setFailure(null);
    try {
      await archiveResident(store.db, resident.id, values, actor.writeCtx);
      onDone();
    } catch (err) {
      setFailure(err instanceof Error ? err.message : String(err));
    }
  });

  const err = (field: keyof ArchiveValues, label: string) => {
    const e = errors[field];
    return e?.message ? (
      <span className="field-error" id={`archive-${field}-error`}>
        {label}: {tCode(e.message)}
      </span>
    ) : null;
  };

  return (
    <form className="card" onSubmit={(e) => void submit(e)} data-testid="archive-form" noValidate>
      <h2>{t('pf.archive.title')}</h2>
      {failure ? (
        <p className="alert alert-error" role="alert">
          {t('v.saveFailed', { detail: failure })}
        </p>
      ) : null}
      <div className="grid">
        <fieldset>
          <legend>{t('pf.archive.status')}</legend>
          <label className="choice">
            <input type="radio" value="moved" {...form.register('status')} /> {t('pf.archive.moved')}
          </label>
          <label className="choice">
            <input type="radio" value="died" {...form.register('status')} /> {t('pf.archive.died')}
          </label>
        </fieldset>
        <DateField
          control={form.control}
          name="statusDate"
          id="archive-date"
          testId="archive-date"
          label={t('pf.archive.date')}
          error={errors.statusDate?.message ? labelledError(t('pf.archive.date'), tCode(errors.statusDate.message)) : undefined}
          errorDomId="archive-statusDate-error"
          max={today}
        />
        <div className="field">
          <label htmlFor="archive-reason">{t('pf.archive.reason')}</label>
          <input id="archive-reason" aria-invalid={errors.statusReason ? true : undefined} {...form.register('statusReason')} />
          {err('statusReason', t('pf.archive.reason'))}
        </div>
      </div>
      <p className="muted small">{t('pf.archive.note')}</p>
      <div className="row">
        <button type="submit" className="btn btn-danger" disabled={isSubmitting} data-testid="archive-save">
          {t('pf.archive.save')}
        </button>
        <button type="button" className="btn" onClick={onDone}>
          {t('action.cancel')}
        </button>
      </div>
    </form>
  );
}
