import { useFieldArray, useWatch } from 'react-hook-form';
import { CHRONIC_DISEASES } from '../../../../shared/reference/diseases';
import { ALLERGY_STATUSES, COVERAGES } from '../../../../shared/resident';
import { useI18n } from '../../../i18n/I18nProvider';
import { ChoiceField } from '../../../ui/form/ChoiceField';
import { ErrorText } from '../../../ui/form/ErrorText';
import { errorId } from '../../../ui/form/errors';
import { SelectField } from '../../../ui/form/SelectField';
import { TextField } from '../../../ui/form/TextField';
import type { FormKit } from './kit';

export interface HealthSectionProps {
  kit: FormKit;
}

const MAX_ALLERGIES = 30;
const MAX_MEDICATIONS = 50;

function focusById(id: string) {
  requestAnimationFrame(() => document.getElementById(id)?.focus());
}

export function HealthSection({ kit }: HealthSectionProps) {
  const { t, locale } = useI18n();
  const { form, fid, label, err } = kit;
  const allergies = useFieldArray({ control: form.control, name: 'allergies' });
  const medications = useFieldArray({ control: form.control, name: 'medications' });
  const allergyStatus = useWatch({ control: form.control, name: 'allergyStatus' });

  return (
    <fieldset className="card">
      <legend>{t('rf.section.health')}</legend>
      <div className="grid">
        <SelectField
          id={fid('coverage')}
          label={label('coverage')}
          registration={form.register('coverage')}
          options={COVERAGES.map((c) => ({ value: c, label: t(`coverage.${c}`) }))}
          emptyLabel={t('rf.coverage.unknown')}
          error={err('coverage')}
        />
      </div>

      <fieldset>
        <legend>{label('diseases')}</legend>
        <div className="grid">
          {CHRONIC_DISEASES.map((d, i) => {
            // The first box carries the list's id, so an error on the list can focus it.
            const id = i === 0 ? fid('diseases') : `${fid('diseases')}-${d.code}`;
            return (
              <label key={d.code} className="choice" htmlFor={id}>
                <input type="checkbox" id={id} value={d.code} {...form.register('diseases')} />
                <span>{locale === 'th' ? d.th : d.en}</span>
              </label>
            );
          })}
        </div>
        <ErrorText id={errorId(fid('diseases'))} message={err('diseases')} />
        <TextField
          id={fid('otherDiseases')}
          label={label('otherDiseases')}
          registration={form.register('otherDiseases')}
          hint={t('rf.otherDiseases.hint')}
          error={err('otherDiseases')}
        />
      </fieldset>

      <ChoiceField
        id={fid('allergyStatus')}
        legend={label('allergyStatus')}
        registration={form.register('allergyStatus')}
        choices={ALLERGY_STATUSES.map((s) => ({ value: s, label: t(`rf.allergy.${s}`) }))}
        error={err('allergyStatus')}
        testId="allergy-status"
      />
      {allergyStatus === 'known' ? (
        <fieldset>
          <legend>{label('allergies')}</legend>
          <div className="stack">
            {allergies.fields.map((row, i) => (
              <div key={row.id} className="row repeat-row">
                <TextField
                  id={fid(`allergies.${i}.substance`)}
                  label={label(`allergies.${i}.substance`)}
                  registration={form.register(`allergies.${i}.substance`)}
                  error={err(`allergies.${i}.substance`)}
                />
                <TextField
                  id={fid(`allergies.${i}.reaction`)}
                  label={label(`allergies.${i}.reaction`)}
                  registration={form.register(`allergies.${i}.reaction`)}
                  error={err(`allergies.${i}.reaction`)}
                />
                <button
                  type="button"
                  className="btn btn-danger"
                  aria-label={t('rf.allergy.remove', { n: i + 1 })}
                  onClick={() => {
                    allergies.remove(i);
                    focusById(fid('allergies'));
                  }}
                >
                  {t('action.remove')}
                </button>
              </div>
            ))}
          </div>
          {allergies.fields.length < MAX_ALLERGIES ? (
            <button
              type="button"
              className="btn"
              id={fid('allergies')}
              onClick={() => allergies.append({ substance: '', reaction: '' })}
              aria-describedby={err('allergies') ? errorId(fid('allergies')) : undefined}
              data-testid="add-allergy"
            >
              {t('rf.allergy.add')}
            </button>
          ) : null}
          <ErrorText id={errorId(fid('allergies'))} message={err('allergies')} />
        </fieldset>
      ) : null}

      <fieldset>
        <legend>{label('medications')}</legend>
        {medications.fields.length === 0 ? <p className="muted">{t('rf.medications.empty')}</p> : null}
        <div className="stack">
          {medications.fields.map((row, i) => (
            <div key={row.id} className="row repeat-row">
              <TextField
                id={fid(`medications.${i}.name`)}
                label={label(`medications.${i}.name`)}
                registration={form.register(`medications.${i}.name`)}
                error={err(`medications.${i}.name`)}
              />
              <TextField
                id={fid(`medications.${i}.dose`)}
                label={label(`medications.${i}.dose`)}
                registration={form.register(`medications.${i}.dose`)}
                error={err(`medications.${i}.dose`)}
              />
              <TextField
                id={fid(`medications.${i}.frequency`)}
                label={label(`medications.${i}.frequency`)}
                registration={form.register(`medications.${i}.frequency`)}
                hint={t('rf.med.frequency.hint')}
                error={err(`medications.${i}.frequency`)}
              />
              <button
                type="button"
                className="btn btn-danger"
                aria-label={t('rf.med.remove', { n: i + 1 })}
                onClick={() => {
                  medications.remove(i);
                  focusById(fid('medications'));
                }}
              >
                {t('action.remove')}
              </button>
            </div>
          ))}
        </div>
        {medications.fields.length < MAX_MEDICATIONS ? (
          <button
            type="button"
            className="btn"
            id={fid('medications')}
            onClick={() => medications.append({ name: '', dose: '', frequency: '' })}
            data-testid="add-medication"
          >
            {t('rf.med.add')}
          </button>
        ) : null}
        <ErrorText id={errorId(fid('medications'))} message={err('medications')} />
      </fieldset>
    </fieldset>
  );
}
