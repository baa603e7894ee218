/**
 * One holiday's form (add, or edit in place): date through the app's date field, Thai and English names.
 * A refused save keeps every input; a success calls `onSaved` (the section resets or closes it).
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { HolidayData } from '../../../shared/rounds/recordsSchema';
import { errorText } from '../../i18n/errorText';
import { useI18n } from '../../i18n/I18nProvider';
import { DateField } from '../../ui/form/DateField';
import { ErrorSummary, focusFieldSoon } from '../../ui/form/ErrorSummary';
import { firstErrorId, flattenErrors, showErrors } from '../../ui/form/errors';
import { FormFailure, SubmitButton } from '../../ui/form/FormActions';
import { TextField } from '../../ui/form/TextField';
import { HOLIDAY_FIELD_ORDER, HOLIDAY_LABELS, holidayFormSchema, type HolidayFormValues } from './forms';
import { fieldErrorText } from './kit';

export interface HolidayFormProps {
  /** DOM id prefix, unique on the page. */
  idPrefix: string;
  initial: HolidayFormValues;
  /** The other holidays' dates. */
  takenDates: ReadonlySet<string>;
  submitLabel: string;
  onSave(data: HolidayData): Promise<void>;
  onCancel?: () => void;
  testId: string;
}

export function HolidayForm({ idPrefix, initial, takenDates, submitLabel, onSave, onCancel, testId }: HolidayFormProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const resolver = useMemo(() => zodResolver(holidayFormSchema(takenDates)), [takenDates]);
  const form = useForm<HolidayFormValues, unknown, HolidayData>({ resolver, defaultValues: initial, mode: 'onSubmit', reValidateMode: 'onChange', shouldFocusError: false });
  const [failure, setFailure] = useState<string | null>(null);
  const [showSummary, setShowSummary] = useState(false);
  const domId = (path: string) => `${idPrefix}-${path}`;
  const shown = showErrors(flattenErrors(form.formState.errors), {
    order: HOLIDAY_FIELD_ORDER,
    text: (e) => fieldErrorText(t(HOLIDAY_LABELS[e.path as keyof typeof HOLIDAY_LABELS] ?? 'staff.holiday.date'), e.message, i18n),
    domId,
  });

  const submit = form.handleSubmit(
    async (data) => {
      setFailure(null);
      setShowSummary(false);
      try {
        await onSave(data);
      } catch (err) {
        setFailure(t('staff.holidays.failed', { detail: errorText(err, t) }));
      }
    },
    (invalid) => {
      setShowSummary(true);
      focusFieldSoon(firstErrorId(invalid, HOLIDAY_FIELD_ORDER, domId));
    },
  );

  return (
    <form noValidate className="staff-inline-form stack" onSubmit={(e) => void submit(e)} data-testid={testId}>
      {showSummary ? <ErrorSummary items={shown.summary} testId={`${testId}-errors`} /> : null}
      <div className="grid grid-2">
        <DateField control={form.control} name="date" id={domId('date')} label={t('staff.holiday.date')} error={shown.byPath.get('date')} testId={`${testId}-date`} />
        <TextField id={domId('nameTh')} label={t('staff.holiday.nameTh')} registration={form.register('nameTh')} error={shown.byPath.get('nameTh')} testId={`${testId}-nameTh`} />
        <TextField id={domId('nameEn')} label={t('staff.holiday.nameEn')} registration={form.register('nameEn')} error={shown.byPath.get('nameEn')} testId={`${testId}-nameEn`} inputProps={{ lang: 'en' }} />
      </div>
      <FormFailure testId={`${testId}-failed`}>{failure}</FormFailure>
      <div className="row">
        <SubmitButton busy={form.formState.isSubmitting} label={submitLabel} testId={`${testId}-submit`} />
        {onCancel ? (
          <button type="button" className="btn" onClick={onCancel} data-testid={`${testId}-cancel`}>
            {t('staff.holidays.cancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
