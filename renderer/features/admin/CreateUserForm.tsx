/**
 * Add a user: username, display name, role, initial password and (caregivers) communities. Checked with the
 * shared schema first; a server refusal (username taken, common password, ...) is shown under its field.
 * Only a success clears the form: a failure keeps everything typed.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useMemo, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { createUserFormSchema, normaliseUsername, type CreateUserFormValues } from '../../../shared/admin';
import { ROLES } from '../../../shared/permissions';
import type { AdminCreateUserRequest, AdminUser, CommunityInfo } from '../../../shared/sync/protocol';
import type { MessageKey } from '../../i18n/catalog';
import { useI18n } from '../../i18n/I18nProvider';
import { ErrorSummary } from '../../ui/form/ErrorSummary';
import { SelectField } from '../../ui/form/SelectField';
import { TextField } from '../../ui/form/TextField';
import { SubmitButton } from '../../ui/form/FormActions';
import type { AdminApi } from './api';
import { AdminFailure, PasswordField, applyFailure, RoleCommunities, summaryItems, useErrorText } from './kit';
import type { AdminServerCode } from './serverErrors';

const EMPTY: CreateUserFormValues = { username: '', displayName: '', role: 'caregiver', password: '', communities: [] };
const FIELDS = ['username', 'displayName', 'role', 'password', 'communities'] as const;
const ID = 'admin-new';

export interface CreateUserFormProps {
  api: AdminApi;
  communities: readonly CommunityInfo[];
  online: boolean;
  onCreated(user: AdminUser): void;
}

export function CreateUserForm({ api, communities, online, onCreated }: CreateUserFormProps) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const resolver = useMemo(() => zodResolver<CreateUserFormValues, unknown, AdminCreateUserRequest>(createUserFormSchema()), []);
  const form = useForm<CreateUserFormValues, unknown, AdminCreateUserRequest>({ resolver, defaultValues: EMPTY });
  const { errors, isSubmitting, submitCount } = form.formState;
  const [failure, setFailure] = useState<AdminServerCode | null>(null);
  const role = useWatch({ control: form.control, name: 'role' });
  const username = useWatch({ control: form.control, name: 'username' });

  const label = (field: (typeof FIELDS)[number]): string => t(`admin.field.${field}` satisfies MessageKey);
  const fieldError = (field: (typeof FIELDS)[number]) => errorText(label(field), errors[field]?.message, { username: normaliseUsername(username) });

  const [created, setCreated] = useState(0);

  const submit = form.handleSubmit(async (body) => {
    setFailure(null);
    try {
      const user = await api.createUser(body);
      form.reset(EMPTY);
      setCreated((n) => n + 1); // a fresh password field: hidden again
      onCreated(user);
    } catch (err) {
      setFailure(applyFailure(form, err, FIELDS));
    }
  });

  const items = submitCount > 0 ? summaryItems(errors, ID, FIELDS, (path, code) => errorText(label(path as (typeof FIELDS)[number]), code, { username: normaliseUsername(username) })) : [];

  return (
    <form className="card" onSubmit={(e) => void submit(e)} noValidate data-testid="admin-create-form" aria-labelledby="admin-create-title">
      <h2 id="admin-create-title">{t('admin.create.title')}</h2>
      <ErrorSummary items={items} testId="admin-create-errors" />
      <AdminFailure code={failure} testId="admin-create-failure" />
      <div className="grid">
        <TextField
          id={`${ID}-username`}
          label={label('username')}
          registration={form.register('username')}
          error={fieldError('username')}
          hint={t('admin.field.username.hint')}
          inputProps={{ autoComplete: 'off', spellCheck: false, autoCapitalize: 'none', maxLength: 64 }}
          testId="admin-new-username"
        />
        <TextField id={`${ID}-displayName`} label={label('displayName')} registration={form.register('displayName')} error={fieldError('displayName')} inputProps={{ maxLength: 100 }} testId="admin-new-displayName" />
        <SelectField
          id={`${ID}-role`}
          label={label('role')}
          registration={form.register('role')}
          options={ROLES.map((r) => ({ value: r, label: t(`sync.role.${r}` satisfies MessageKey) }))}
          error={fieldError('role')}
        />
        <PasswordField key={created} id={`${ID}-password`} label={label('password')} registration={form.register('password')} error={fieldError('password')} testId="admin-new-password" />
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
        <SubmitButton busy={isSubmitting} disabled={!online} label={t('admin.create.submit')} busyLabel={t('admin.working')} testId="admin-create-submit" />
      </div>
    </form>
  );
}
