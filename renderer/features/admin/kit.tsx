/**
 * Pieces the admin forms share: the community multi-select, error text naming the field, and applying a
 * server refusal to a react-hook-form form (under its field when it names one, else above the form), so the
 * user sees what to fix and keeps everything typed.
 */
import { useState } from 'react';
import type { FieldValues, Path, UseFormRegisterReturn, UseFormReturn } from 'react-hook-form';
import { useController, type Control } from 'react-hook-form';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../../shared/admin';
import type { CommunityInfo } from '../../../shared/sync/protocol';
import type { Role } from '../../../shared/permissions';
import { scopedToCommunities } from '../../../shared/sync/scope';
import { useI18n } from '../../i18n/I18nProvider';
import { ErrorText } from '../../ui/form/ErrorText';
import { describedBy, errorId, flattenErrors, hintId, labelledError, showErrors, type SummaryItem } from '../../ui/form/errors';
import { FormFailure } from '../../ui/form/FormActions';
import { TextField } from '../../ui/form/TextField';
import type { MessageKey } from '../../i18n/catalog';
import { describeAdminFailure, type AdminField, type AdminServerCode } from './serverErrors';

export const ERROR_PARAMS = { min: PASSWORD_MIN, max: PASSWORD_MAX } as const;

/** `label: message` for a form error code, in the user's language. */
export function useErrorText(): (label: string, code: string | undefined, params?: Record<string, string | number>) => string | undefined {
  const { tCode } = useI18n();
  return (label, code, params) => (code ? labelledError(label, tCode(code, { ...ERROR_PARAMS, ...params })) : undefined);
}

/** The form's errors as error-summary items, in the order of `fields` (screen order); an array item's error is its list's. */
export function summaryItems(errors: unknown, prefix: string, fields: readonly string[], text: (path: string, code: string) => string | undefined): SummaryItem[] {
  const top = flattenErrors(errors).map((e) => ({ path: e.path.split('.')[0] ?? e.path, code: e.message }));
  return showErrors(top, { order: fields, text: (e) => text(e.path, e.code) ?? e.code, domId: (path) => `${prefix}-${path}` }).summary;
}

/** A request the server refused as a whole, above the form; the values typed stay. */
export function AdminFailure({ code, testId }: { code: AdminServerCode | null; testId: string }) {
  const { t } = useI18n();
  return (
    <FormFailure testId={testId} code={code ?? undefined}>
      {code !== null && t('admin.formFailed', { detail: t(`v.${code}` satisfies MessageKey, ERROR_PARAMS) })}
    </FormFailure>
  );
}

export interface PasswordFieldProps {
  id: string;
  label: string;
  registration: UseFormRegisterReturn;
  error: string | undefined;
  testId: string;
}

/** A new password, hidden unless the admin ticks "show" (she reads it out to the user). */
export function PasswordField({ id, label, registration, error, testId }: PasswordFieldProps) {
  const { t } = useI18n();
  const [show, setShow] = useState(false);
  return (
    <TextField
      id={id}
      label={label}
      registration={registration}
      error={error}
      hint={t('admin.field.password.hint', ERROR_PARAMS)}
      inputProps={{ type: show ? 'text' : 'password', autoComplete: 'new-password', spellCheck: false }}
      testId={testId}
      after={
        <label className="choice small">
          <input type="checkbox" checked={show} onChange={(e) => setShow(e.target.checked)} /> {t('admin.field.showPassword')}
        </label>
      }
    />
  );
}

/**
 * Shows a failed request: under the field it names when this form has that field (focused), else returns the
 * code for the message above the form. Values are left as typed.
 */
export function applyFailure<T extends FieldValues>(form: UseFormReturn<T, unknown, unknown>, err: unknown, fields: readonly (AdminField & Path<T>)[]): AdminServerCode | null {
  const view = describeAdminFailure(err);
  const field = fields.find((f) => f === view.field);
  if (field === undefined) return view.code;
  form.setError(field, { type: 'server', message: view.code }, { shouldFocus: true });
  return null;
}

export function communityLabel(c: CommunityInfo, locale: 'th' | 'en'): string {
  return `${c.code} ${locale === 'th' ? c.nameTh : c.nameEn || c.nameTh}`;
}

export interface CommunityPickerProps<T extends FieldValues, TOut> {
  /** DOM id of the first checkbox (the error summary focuses it); the others get `${id}-${communityId}`. */
  id: string;
  control: Control<T, unknown, TOut>;
  name: Path<T>;
  communities: readonly CommunityInfo[];
  label: string;
  hint: string;
  error?: string | undefined;
  disabled?: boolean;
}

/**
 * The communities field as the role needs it: caregivers choose theirs; care managers and admins see every
 * community, so they get a note instead of checkboxes.
 */
export function RoleCommunities<T extends FieldValues, TOut>({ role, ...picker }: Omit<CommunityPickerProps<T, TOut>, 'hint'> & { role: Role }) {
  const { t } = useI18n();
  if (!scopedToCommunities(role)) return <p className="muted small">{t('admin.field.communities.allRoles')}</p>;
  return <CommunityPicker {...picker} hint={t('admin.field.communities.hint')} />;
}

/** A checkbox list of every community the server knows; the field's value is the array of chosen ids. */
export function CommunityPicker<T extends FieldValues, TOut>({ id, control, name, communities, label, hint, error, disabled }: CommunityPickerProps<T, TOut>) {
  const { locale } = useI18n();
  const { field } = useController<T, Path<T>, TOut>({ control, name });
  const chosen: readonly string[] = Array.isArray(field.value) ? (field.value as string[]) : [];
  const toggle = (communityId: string, on: boolean) => {
    const next = on ? [...chosen.filter((c) => c !== communityId), communityId] : chosen.filter((c) => c !== communityId);
    // Keep the server's order (by code), so the list reads the same as the checkboxes.
    const order = new Map(communities.map((c, i) => [c.id, i]));
    next.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
    field.onChange(next);
  };
  return (
    <fieldset className="choice-group" aria-describedby={describedBy(id, { hint: true, error: Boolean(error) })} data-testid={`${id}-picker`}>
      <legend>{label}</legend>
      <p className="field-hint" id={hintId(id)}>
        {hint}
      </p>
      <div className="grid admin-communities">
        {communities.map((c, i) => {
          const boxId = i === 0 ? id : `${id}-${c.id}`;
          return (
            <label key={c.id} className="choice" htmlFor={boxId}>
              <input
                type="checkbox"
                id={boxId}
                ref={i === 0 ? field.ref : undefined}
                checked={chosen.includes(c.id)}
                onChange={(e) => toggle(c.id, e.target.checked)}
                onBlur={field.onBlur}
                disabled={disabled}
                aria-invalid={error ? true : undefined}
                data-community-id={c.id}
              />
              <span>{communityLabel(c, locale)}</span>
            </label>
          );
        })}
      </div>
      <ErrorText id={errorId(id)} message={error} />
    </fieldset>
  );
}
