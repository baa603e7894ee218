/**
 * Change a user: display name, role, account status and (caregivers) communities, sent as one PATCH. The
 * server refuses demoting or disabling the last active administrator; that refusal shows under the role.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useMemo, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { updateUserFormSchema, type UpdateUserFormValues } from '../../../shared/admin';
import { ROLES, USER_STATUSES } from '../../../shared/permissions';
import type { AdminUpdateUserRequest, AdminUser, CommunityInfo } from '../../../shared/sync/protocol';
import type { MessageKey } from '../../i18n/catalog';
import { useI18n } from '../../i18n/I18nProvider';
import { ErrorSummary } from '../../ui/form/ErrorSummary';
import { SelectField } from '../../ui/form/SelectField';
import { TextField } from '../../ui/form/TextField';
import { SubmitButton } from '../../ui/form/FormActions';
import type { AdminApi } from './api';
import { AdminFailure, applyFailure, RoleCommunities, summaryItems, useErrorText } from './kit';
import type { AdminServerCode } from './serverErrors';

const FIELDS = ['displayName', 'role', 'status', 'communities'] as const;
const ID = 'admin-edit';

export interface EditUserFormProps {
  api: AdminApi;
  user: AdminUser;
  communities: readonly CommunityInfo[];
  online: boolean;
  onSaved(user: AdminUser): void;
  onCancel(): void;
}

export function EditUserForm({ api, user, communities, online, onSaved, onCancel }: EditUserFormProps) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const resolver = useMemo(() => zodResolver<UpdateUserFormValues, unknown, AdminUpdateUserRequest>(updateUserFormSchema()), []);
  const defaults = useMemo<UpdateUserFormValues>(() => ({ displayName: user.displayName, role: user.role, status: user.status, communities: [...user.communities] }), [user]);
  const form = useForm<UpdateUserFormValues, unknown, AdminUpdateUserRequest>({ resolver, defaultValues: defaults });
  const { errors, isSubmitting, submitCount } = form.formState;
  const [failure, setFailure] = useState<AdminServerCode | null>(null);
  const role = useWatch({ control: form.control, name: 'role' });

  const label = (field: (typeof FIELDS)[number]): string => t(`admin.field.${field}` satisfies MessageKey);
  const fieldError = (field: (typeof FIELDS)[number]) => errorText(label(field), errors[field]?.message);

  const submit = form.handleSubmit(async (patch) => {
    setFailure(null);
    try {
      onSaved(await api.updateUser(user.id, patch));
    } catch (err) {
      setFailure(applyFailure(form, err, FIELDS));
    }
  });

  const items = submitCount > 0 ? summaryItems(errors, ID, FIELDS, (path, code) => errorText(label(path as (typeof FIELDS)[number]), code)) : [];

  return (
    <form className="card admin-panel" onSubmit={(e) => void submit(e)} noValidate data-testid="admin-edit-form" aria-labelledby="admin-edit-title">
      <h3 id="admin-edit-title">{t('admin.edit.title', { username: user.username })}</h3>
      <ErrorSummary items={items} testId="admin-edit-errors" />
      <AdminFailure code={failure} testId="admin-edit-failure" />
      <div className="grid">
        <TextField id={`${ID}-displayName`} label={label('displayName')} registration={form.register('displayName')} error={fieldError('displayName')} inputProps={{ maxLength: 100 }} />
        <SelectField
          id={`${ID}-role`}
          label={label('role')}
          registration={form.register('role')}
          options={ROLES.map((r) => ({ value: r, label: t(`sync.role.${r}` satisfies MessageKey) }))}
          error={fieldError('role')}
        />
        <SelectField
          id={`${ID}-status`}
          label={label('status')}
          registration={form.register('status')}
          options={USER_STATUSES.map((s) => ({ value: s, label: t(`admin.status.${s}` satisfies MessageKey) }))}
          error={fieldError('status')}
          hint={t('admin.field.status.hint')}
        />
      </div>
      <RoleCommunities
        role={role}
        id={`${ID}-communities`}
        control={form.control}
        name="communities"
        communities={communities}
        label={label('communities')}
        error={fieldError('communities')}
      />
      <div className="row">
        <SubmitButton busy={isSubmitting} disabled={!online} label={t('admin.edit.submit')} busyLabel={t('admin.working')} testId="admin-edit-submit" />
        <button type="button" className="btn" onClick={onCancel}>
          {t('action.cancel')}
        </button>
      </div>
    </form>
  );
}
