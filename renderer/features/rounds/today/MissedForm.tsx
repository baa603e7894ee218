/**
 * "Missed": why the visit did not take place (required, one of MISSED_REASONS) and an optional note, checked
 * with the shared schema. A failed check or save keeps what was typed and names the field.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { MISSED_REASONS } from '../../../../shared/rounds/recordsSchema';
import { EMPTY_MISSED_FORM, missedFormSchema, missedPatchOf, type MissedFormValues, type OutcomePatch } from '../../../../shared/rounds/today';
import { useI18n } from '../../../i18n/I18nProvider';
import { labelledError } from '../../../ui/form/errors';
import { focusFieldSoon } from '../../../ui/form/ErrorSummary';
import { FormFailure, SubmitButton } from '../../../ui/form/FormActions';
import { SelectField } from '../../../ui/form/SelectField';
import { TextAreaField } from '../../../ui/form/TextAreaField';

export interface MissedFormProps {
  roundId: string;
  name: string;
  initial?: MissedFormValues;
  onSave(patch: OutcomePatch): Promise<{ ok: true } | { ok: false; error: string }>;
  onCancel(): void;
}

const resolver = zodResolver(missedFormSchema);

export function MissedForm({ roundId, name, initial, onSave, onCancel }: MissedFormProps) {
  const { t, tCode } = useI18n();
  const form = useForm<MissedFormValues>({ resolver, defaultValues: initial ?? EMPTY_MISSED_FORM });
  const { errors, isSubmitting } = form.formState;
  const [failure, setFailure] = useState<string | null>(null);
  const id = `missed-${roundId}`;
  const reasonLabel = t('today.missedForm.reason');
  const noteLabel = t('today.missedForm.note');
  const errorText = (label: string, code: string | undefined) => (code ? labelledError(label, tCode(code, { max: 300 })) : undefined);

  const submit = form.handleSubmit(
    async (values) => {
      const patch = missedPatchOf(values);
      if (patch === null) return;
      setFailure(null);
      const r = await onSave(patch);
      if (!r.ok) setFailure(r.error);
    },
    (errs) => focusFieldSoon(errs.missedReason ? `${id}-reason` : `${id}-note`),
  );

  return (
    <form className="today-missed" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${id}-title`} data-testid="today-missed-form">
      <h3 id={`${id}-title`}>{t('today.missedForm.title', { name })}</h3>
      <FormFailure testId="today-missed-failed">{failure !== null ? t('today.saveFailed', { detail: failure }) : null}</FormFailure>
      <SelectField
        id={`${id}-reason`}
        label={reasonLabel}
        registration={form.register('missedReason')}
        options={MISSED_REASONS.map((r) => ({ value: r, label: t(`today.reason.${r}`) }))}
        emptyLabel={t('today.missedForm.choose')}
        error={errorText(reasonLabel, errors.missedReason?.message)}
        selectProps={{ 'aria-required': true }}
        testId="today-missed-reason"
      />
      <TextAreaField id={`${id}-note`} label={`${noteLabel} ${t('common.optional')}`} registration={form.register('outcomeNote')} error={errorText(noteLabel, errors.outcomeNote?.message)} rows={2} />
      <div className="row">
        <SubmitButton busy={isSubmitting} label={t('today.missedForm.save')} testId="today-missed-save" />
        <button type="button" className="btn" onClick={onCancel}>
          {t('action.cancel')}
        </button>
      </div>
    </form>
  );
}
