/**
 * Set a new password for a user (the old one stops working at once). Checked with the shared schema; the
 * server's policy refusals (too common, same as the username) show under the field, the typed value kept.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { resetPasswordFormSchema, type ResetPasswordFormValues } from '../../../shared/admin';
import type { AdminResetPasswordRequest, AdminUser } from '../../../shared/sync/protocol';
import { useI18n } from '../../i18n/I18nProvider';
import { SubmitButton } from '../../ui/form/FormActions';
import type { AdminApi } from './api';
import { AdminFailure, PasswordField, applyFailure, useErrorText } from './kit';
import type { AdminServerCode } from './serverErrors';

const FIELDS = ['password'] as const;

export interface ResetPasswordFormProps {
  api: AdminApi;
  user: AdminUser;
  online: boolean;
  onDone(user: AdminUser, endedSessions: number): void;
  onCancel(): void;
}

export function ResetPasswordForm({ api, user, online, onDone, onCancel }: ResetPasswordFormProps) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const resolver = useMemo(() => zodResolver<ResetPasswordFormValues, unknown, AdminResetPasswordRequest>(resetPasswordFormSchema(user.username)), [user.username]);
  const form = useForm<ResetPasswordFormValues, unknown, AdminResetPasswordRequest>({ resolver, defaultValues: { password: '' } });
  const { errors, isSubmitting } = form.formState;
  const [failure, setFailure] = useState<AdminServerCode | null>(null);

  const submit = form.handleSubmit(async (body) => {
    setFailure(null);
    try {
      const endedSessions = await api.resetPassword(user.id, body);
      form.reset({ password: '' });
      onDone(user, endedSessions);
    } catch (err) {
      setFailure(applyFailure(form, err, FIELDS));
    }
  });

  return (
    <form className="card admin-panel" onSubmit={(e) => void submit(e)} noValidate data-testid="admin-password-form" aria-labelledby="admin-password-title">
      <h3 id="admin-password-title">{t('admin.password.title', { username: user.username })}</h3>
      <AdminFailure code={failure} testId="admin-password-failure" />
      <PasswordField
        id="admin-password-password"
        label={t('admin.field.newPassword')}
        registration={form.register('password')}
        error={errorText(t('admin.field.newPassword'), errors.password?.message)}
        testId="admin-password-input"
      />
      <p className="muted small">{t('admin.password.note')}</p>
      <div className="row">
        <SubmitButton busy={isSubmitting} disabled={!online} label={t('admin.password.submit')} busyLabel={t('admin.working')} testId="admin-password-submit" />
        <button type="button" className="btn" onClick={onCancel}>
          {t('action.cancel')}
        </button>
      </div>
    </form>
  );
}
