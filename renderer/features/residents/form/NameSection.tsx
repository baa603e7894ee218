import { useWatch } from 'react-hook-form';
import { PREFIXES, SEXES } from '../../../../shared/resident';
import { useI18n } from '../../../i18n/I18nProvider';
import { ChoiceField } from '../../../ui/form/ChoiceField';
import { SelectField } from '../../../ui/form/SelectField';
import { TextField } from '../../../ui/form/TextField';
import { prefixSexMismatch } from '../../../../shared/resident';
import type { FormKit } from './kit';

export interface NameSectionProps {
  kit: FormKit;
}

export function NameSection({ kit }: NameSectionProps) {
  const { t } = useI18n();
  const { form, fid, label, err } = kit;
  const [prefix, prefixOther, sex] = useWatch({ control: form.control, name: ['prefix', 'prefixOther', 'sex'] });
  const shownPrefix = prefix === 'other' ? prefixOther : prefix;
  const mismatch = prefixSexMismatch(shownPrefix, sex);
  return (
    <fieldset className="card">
      <legend>{t('rf.section.name')}</legend>
      <div className="grid">
        <SelectField
          id={fid('prefix')}
          label={label('prefix')}
          registration={form.register('prefix')}
          emptyLabel={t('rf.prefix.choose')}
          options={[...PREFIXES.map((p) => ({ value: p, label: p })), { value: 'other', label: t('rf.prefix.other') }]}
          error={err('prefix')}
        />
        {prefix === 'other' ? (
          <TextField
            id={fid('prefixOther')}
            label={label('prefixOther')}
            registration={form.register('prefixOther')}
            hint={t('rf.prefixOther.hint')}
            error={err('prefixOther')}
          />
        ) : null}
        <TextField id={fid('firstName')} label={label('firstName')} registration={form.register('firstName')} error={err('firstName')} />
        <TextField id={fid('lastName')} label={label('lastName')} registration={form.register('lastName')} error={err('lastName')} />
        <TextField id={fid('nickname')} label={label('nickname')} registration={form.register('nickname')} error={err('nickname')} />
      </div>
      <ChoiceField
        id={fid('sex')}
        legend={label('sex')}
        inline
        registration={form.register('sex')}
        choices={SEXES.map((s) => ({ value: s, label: t(`pf.sex.${s}`) }))}
        error={err('sex')}
      />
      {mismatch ? (
        <p className="alert alert-warning" role="status" data-testid="prefix-sex-warning">
          {t('rf.prefixSexMismatch', { prefix: shownPrefix, sex: t(sex === 'male' ? 'pf.sex.male' : 'pf.sex.female') })}
        </p>
      ) : null}
    </fieldset>
  );
}
