/**
 * The app's one date field: typed the Thai way, `5/12/2569` (day/month/year, the year in the UI's era: BE in
 * Thai, CE in English; Thai digits too), or chosen from a calendar popup (DatePicker.tsx). Parsing and
 * formatting are the pure functions of shared/dates/dateInput.ts.
 *
 * Invariants:
 * - The form value is what dateFieldValue gives: the ISO `YYYY-MM-DD` whenever the text is a date (also
 *   outside min/max, so the form's own rules name that mistake), '' for nothing, otherwise the typed text,
 *   which no form rule takes for a date. Schemas and drafts keep working on ISO strings.
 * - What the user types is never rewritten while she types; on blur a date is shown normalised
 *   (`05/12/2569`). A value set from outside (reset, a restored draft, the calendar) or a change of language
 *   shows afresh.
 * - The error shown is the field's own precise one (an era mistake names the year meant) once the field was
 *   left or the form reports an error for it; a form's error on a date (future, before birth) wins over the
 *   field's min/max. The text input keeps the id and test id it is given, so labels and tests find it.
 */
import { useCallback, useRef, useState, type ChangeEvent, type KeyboardEvent } from 'react';
import { useController, type Control, type FieldPathByValue, type FieldValues } from 'react-hook-form';
import { dateFieldValue, dateInputText, formatDateInput, parseDateInput, type DateInputCode, type DateInputResult } from '../../../shared/dates/dateInput';
import { isIsoDate, todayBangkok } from '../../../shared/dates/thaiDate';
import type { MessageKey } from '../../i18n/catalog';
import { useI18n, type I18n } from '../../i18n/I18nProvider';
import { DatePicker } from './DatePicker';
import { Field } from './Field';
import { errorId, hintId, labelledError } from './errors';

export interface DateFieldProps<T extends FieldValues, TT = T> {
  control: Control<T, unknown, TT>;
  name: FieldPathByValue<T, string>;
  /** The text input's id (the label points at it). */
  id: string;
  label: string;
  /** The form's error text for this field, already naming it. */
  error?: string | undefined;
  /** Shown before the format hint or the date in words, e.g. "(optional)". */
  hint?: string | undefined;
  min?: string | undefined;
  max?: string | undefined;
  testId?: string | undefined;
  className?: string | undefined;
  /** The error's DOM id and test id when the form names them by path rather than by input id. */
  errorDomId?: string | undefined;
  errorTestId?: string | undefined;
}

const DATE_INPUT_TEXT: Record<DateInputCode, MessageKey> = {
  'dateInput.empty': 'v.dateInput.empty',
  'dateInput.incomplete': 'v.dateInput.incomplete',
  'dateInput.format': 'v.dateInput.format',
  'dateInput.day': 'v.dateInput.day',
  'dateInput.month': 'v.dateInput.month',
  'dateInput.yearDigits': 'v.dateInput.yearDigits',
  'dateInput.notADate': 'v.dateInput.notADate',
  'year.looksGregorian': 'v.dateInput.looksGregorian',
  'year.looksBuddhist': 'v.dateInput.looksBuddhist',
  'dateInput.beforeMin': 'v.dateInput.beforeMin',
  'dateInput.afterMax': 'v.dateInput.afterMax',
};

/** The message for a failed parse, with the year typed and the year meant for an era mistake. */
function parseMessage(r: Exclude<DateInputResult, { ok: true }>, i18n: I18n, example: string): string {
  const typed = r.suggestedYear === undefined ? undefined : r.code === 'year.looksGregorian' ? r.suggestedYear - 543 : r.suggestedYear + 543;
  return i18n.t(DATE_INPUT_TEXT[r.code], {
    example,
    ...(r.suggestedYear === undefined ? {} : { suggestedYear: r.suggestedYear }),
    ...(typed === undefined ? {} : { typed }),
    ...(r.bound === undefined ? {} : { bound: i18n.date(r.bound) }),
  });
}

const isRangeCode = (code: DateInputCode): boolean => code === 'dateInput.beforeMin' || code === 'dateInput.afterMax';

export function DateField<T extends FieldValues, TT = T>({ control, name, id, label, error, hint, min, max, testId, className, errorDomId, errorTestId }: DateFieldProps<T, TT>) {
  const i18n = useI18n();
  const { t, era, date } = i18n;
  const { field } = useController({ control, name });
  const { ref: inputRef, onChange: setValue, onBlur: touch } = field;
  const value = typeof field.value === 'string' ? field.value : '';
  // The text shown, with the form value and era it stands for: a different value or era means it was set from
  // outside (or the language changed), and the text is shown afresh; an unparsed value keeps its text.
  const [shown, setShown] = useState(() => ({ text: dateInputText(value, era), value, era }));
  const [left, setLeft] = useState(false);
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);

  let text = shown.text;
  if (value !== shown.value || era !== shown.era) {
    text = value === shown.value && !isIsoDate(value) ? shown.text : dateInputText(value, era);
    setShown({ text, value, era });
  }

  const today = todayBangkok();
  const range = { min, max };
  const example = formatDateInput(today, era);
  const parsed = parseDateInput(text, era, range);
  let shownError = error;
  if (!parsed.ok && parsed.code !== 'dateInput.empty') {
    const own = labelledError(label, parseMessage(parsed, i18n, example));
    if (isRangeCode(parsed.code)) shownError = error ?? (left ? own : undefined);
    else if (left || error) shownError = own;
  }
  const hintText = [hint, isIsoDate(value) ? date(value) : t('dateField.format', { example })].filter(Boolean).join(' · ');

  const onChange = (e: ChangeEvent<HTMLInputElement>) => {
    const typed = e.target.value;
    const next = dateFieldValue(typed, era, range);
    setShown({ text: typed, value: next, era });
    setLeft(false);
    setValue(next);
  };
  const onBlur = () => {
    if (isIsoDate(shown.value)) setShown({ text: formatDateInput(shown.value, era), value: shown.value, era });
    setLeft(true);
    touch();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.altKey && e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
    }
  };

  const close = useCallback((returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) button.current?.focus();
  }, []);
  const select = (iso: string) => {
    setShown({ text: formatDateInput(iso, era), value: iso, era });
    setLeft(true);
    setValue(iso);
    touch();
    close(true);
  };

  return (
    <Field id={id} label={label} error={shownError} hint={hintText} className={className} errorDomId={errorDomId} errorTestId={errorTestId}>
      <span className="date-field" data-date-field={id}>
        <input
          id={id}
          ref={inputRef}
          name={name}
          type="text"
          autoComplete="off"
          spellCheck={false}
          size={12}
          value={text}
          onChange={onChange}
          onBlur={onBlur}
          onKeyDown={onKeyDown}
          aria-invalid={shownError ? true : undefined}
          aria-describedby={[hintId(id), shownError ? (errorDomId ?? errorId(id)) : ''].filter(Boolean).join(' ')}
          data-testid={testId}
        />
        <button
          ref={button}
          type="button"
          className="btn date-field-button"
          aria-haspopup="dialog"
          aria-expanded={open}
          aria-label={t('dateField.open', { label })}
          onClick={() => setOpen((o) => !o)}
          data-testid={testId ? `${testId}-calendar` : undefined}
        >
          <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2">
            <rect x="3" y="5" width="18" height="16" rx="2" />
            <path d="M3 10h18M8 3v4M16 3v4" />
          </svg>
        </button>
        {open ? (
          <DatePicker
            id={id}
            label={label}
            selected={isIsoDate(value) ? value : null}
            today={today}
            min={min}
            max={max}
            testId={testId ? `${testId}-picker` : undefined}
            onSelect={select}
            onClose={close}
          />
        ) : null}
      </span>
    </Field>
  );
}
