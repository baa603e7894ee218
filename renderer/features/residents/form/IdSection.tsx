import { useWatch } from 'react-hook-form';
import type { Resident } from '../../../../shared/resident';
import { routeHref } from '../../../app/router';
import { useI18n } from '../../../i18n/I18nProvider';
import { TextField } from '../../../ui/form/TextField';
import type { FormKit } from './kit';

export interface IdSectionProps {
  kit: FormKit;
  /** Another resident who already has the typed national ID. */
  duplicateOf: Resident | null;
}

export function IdSection({ kit, duplicateOf }: IdSectionProps) {
  const { t } = useI18n();
  const { form, fid, label, err } = kit;
  const idMode = useWatch({ control: form.control, name: 'idMode' });
  return (
    <fieldset className="card">
      <legend>{t('rf.section.id')}</legend>
      <label className="choice" htmlFor={fid('idMode')}>
        <input
          type="checkbox"
          id={fid('idMode')}
          checked={idMode === 'none'}
          onChange={(e) => form.setValue('idMode', e.target.checked ? 'none' : 'thai', { shouldDirty: true })}
          data-testid="no-thai-id"
        />
        <span>{label('idMode')}</span>
      </label>
      <div className="grid">
        {idMode === 'thai' ? (
          <TextField
            id={fid('nationalId')}
            label={label('nationalId')}
            registration={form.register('nationalId')}
            hint={t('rf.nationalId.hint')}
            error={err('nationalId')}
            inputProps={{ inputMode: 'numeric' }}
            after={
              duplicateOf ? (
                <a href={routeHref({ name: 'resident', id: duplicateOf.id })} data-testid="duplicate-id-link">
                  {t('rf.dupId.open', { name: `${duplicateOf.prefix}${duplicateOf.firstName} ${duplicateOf.lastName}` })}
                </a>
              ) : null
            }
          />
        ) : (
          <TextField
            id={fid('noIdReason')}
            label={label('noIdReason')}
            registration={form.register('noIdReason')}
            hint={t('rf.noIdReason.hint')}
            error={err('noIdReason')}
          />
        )}
      </div>
    </fieldset>
  );
}
