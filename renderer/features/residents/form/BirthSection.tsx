import { useMemo } from 'react';
import { useWatch } from 'react-hook-form';
import { ENGLISH_MONTHS, THAI_MONTHS, ageRangeInYears, parsePartialDate } from '../../../../shared/dates/thaiDate';
import { useI18n } from '../../../i18n/I18nProvider';
import { SelectField } from '../../../ui/form/SelectField';
import { TextField } from '../../../ui/form/TextField';
import type { FormKit } from './kit';

export interface BirthSectionProps {
  kit: FormKit;
  today: string;
}

/** Day, month and year as three fields: often only the year is known, and an unknown part stays unknown. */
export function BirthSection({ kit, today }: BirthSectionProps) {
  const { t, locale, era } = useI18n();
  const { form, fid, label, err } = kit;
  const [year, month, day] = useWatch({ control: form.control, name: ['birthYear', 'birthMonth', 'birthDay'] });
  const months = useMemo(() => (locale === 'th' ? THAI_MONTHS : ENGLISH_MONTHS).map((name, i) => ({ value: String(i + 1), label: name })), [locale]);

  let age: string | null = null;
  const parsed = parsePartialDate({ year, month, day }, era, today);
  if (parsed.ok) {
    const range = ageRangeInYears(parsed.date, today);
    age = range.min === range.max ? t('rf.age', { n: range.min }) : t('rf.ageRange', { min: range.min, max: range.max });
  }

  return (
    <fieldset className="card" aria-describedby="rf-birth-hint">
      <legend>{t('rf.section.birth')}</legend>
      <p className="field-hint" id="rf-birth-hint">
        {t('rf.birth.hint')}
      </p>
      <div className="grid">
        <TextField
          id={fid('birthDay')}
          label={label('birthDay')}
          registration={form.register('birthDay')}
          error={err('birthDay')}
          inputProps={{ inputMode: 'numeric', size: 4 }}
        />
        <SelectField
          id={fid('birthMonth')}
          label={label('birthMonth')}
          registration={form.register('birthMonth')}
          options={months}
          emptyLabel={t('rf.birthMonth.unknown')}
          error={err('birthMonth')}
        />
        <TextField
          id={fid('birthYear')}
          label={label('birthYear')}
          registration={form.register('birthYear')}
          hint={t('rf.birthYear.hint')}
          error={err('birthYear')}
          inputProps={{ inputMode: 'numeric', size: 6 }}
          testId="birth-year"
        />
      </div>
      <p className="muted" aria-live="polite" data-testid="birth-age">
        {age}
      </p>
    </fieldset>
  );
}
