import { LIVING_SITUATIONS } from '../../../../shared/resident';
import { useI18n } from '../../../i18n/I18nProvider';
import { CheckboxField } from '../../../ui/form/CheckboxField';
import { SelectField } from '../../../ui/form/SelectField';
import { TextAreaField } from '../../../ui/form/TextAreaField';
import { TextField } from '../../../ui/form/TextField';
import type { FormKit } from './kit';

export interface LivingSectionProps {
  kit: FormKit;
}

export function LivingSection({ kit }: LivingSectionProps) {
  const { t } = useI18n();
  const { form, fid, label, err } = kit;
  return (
    <fieldset className="card">
      <legend>{t('rf.section.living')}</legend>
      <div className="grid">
        <SelectField
          id={fid('livingSituation')}
          label={label('livingSituation')}
          registration={form.register('livingSituation')}
          options={LIVING_SITUATIONS.map((l) => ({ value: l, label: t(`living.${l}`) }))}
          emptyLabel={t('rf.living.unknown')}
          error={err('livingSituation')}
        />
        <TextField id={fid('language')} label={label('language')} registration={form.register('language')} error={err('language')} />
      </div>
      <CheckboxField id={fid('interpreterNeeded')} label={label('interpreterNeeded')} registration={form.register('interpreterNeeded')} />
      <TextAreaField id={fid('notes')} label={label('notes')} registration={form.register('notes')} error={err('notes')} rows={4} />
    </fieldset>
  );
}
