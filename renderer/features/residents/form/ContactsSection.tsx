import { useFieldArray } from 'react-hook-form';
import { RELATIONSHIPS } from '../../../../shared/resident';
import { useI18n } from '../../../i18n/I18nProvider';
import { SelectField } from '../../../ui/form/SelectField';
import { TextField } from '../../../ui/form/TextField';
import { ErrorText } from '../../../ui/form/ErrorText';
import { errorId } from '../../../ui/form/errors';
import type { FormKit } from './kit';

export interface ContactsSectionProps {
  kit: FormKit;
}

// The schema's caps; the add button hides at the cap so the user never meets an array-length error.
const MAX_PHONES = 5;
const MAX_CONTACTS = 10;

/** After removing a row its button is gone; focus goes back to the list's add button. */
function focusById(id: string) {
  requestAnimationFrame(() => document.getElementById(id)?.focus());
}

export function ContactsSection({ kit }: ContactsSectionProps) {
  const { t } = useI18n();
  const { form, fid, label, err } = kit;
  const phones = useFieldArray({ control: form.control, name: 'phones' });
  const contacts = useFieldArray({ control: form.control, name: 'contacts' });
  const relationshipOptions = RELATIONSHIPS.map((r) => ({ value: r, label: t(`rel.${r}`) }));

  return (
    <fieldset className="card">
      <legend>{t('rf.section.contacts')}</legend>
      <fieldset>
        <legend>{label('phones')}</legend>
        {phones.fields.length === 0 ? <p className="muted">{t('rf.phones.empty')}</p> : null}
        <div className="stack">
          {phones.fields.map((row, i) => (
            <div key={row.id} className="row repeat-row">
              <TextField
                id={fid(`phones.${i}.number`)}
                label={label(`phones.${i}.number`)}
                registration={form.register(`phones.${i}.number`)}
                error={err(`phones.${i}.number`)}
                inputProps={{ type: 'tel', inputMode: 'tel' }}
              />
              <TextField
                id={fid(`phones.${i}.label`)}
                label={label(`phones.${i}.label`)}
                registration={form.register(`phones.${i}.label`)}
                hint={t('rf.phone.label.hint')}
                error={err(`phones.${i}.label`)}
              />
              <button
                type="button"
                className="btn btn-danger"
                aria-label={t('rf.phone.remove', { n: i + 1 })}
                onClick={() => {
                  phones.remove(i);
                  focusById(fid('phones'));
                }}
              >
                {t('action.remove')}
              </button>
            </div>
          ))}
        </div>
        {phones.fields.length < MAX_PHONES ? (
          <button type="button" className="btn" id={fid('phones')} onClick={() => phones.append({ number: '', label: '' })} data-testid="add-phone">
            {t('rf.phone.add')}
          </button>
        ) : null}
        <ErrorText id={errorId(fid('phones'))} message={err('phones')} />
      </fieldset>

      <fieldset>
        <legend>{label('contacts')}</legend>
        {contacts.fields.length === 0 ? <p className="muted">{t('rf.contacts.empty')}</p> : null}
        <div className="stack">
          {contacts.fields.map((row, i) => (
            <div key={row.id} className="repeat-row">
              <div className="grid">
                <TextField
                  id={fid(`contacts.${i}.name`)}
                  label={label(`contacts.${i}.name`)}
                  registration={form.register(`contacts.${i}.name`)}
                  error={err(`contacts.${i}.name`)}
                />
                <SelectField
                  id={fid(`contacts.${i}.relationship`)}
                  label={label(`contacts.${i}.relationship`)}
                  registration={form.register(`contacts.${i}.relationship`)}
                  options={relationshipOptions}
                  emptyLabel={t('rf.contact.relationship.choose')}
                  error={err(`contacts.${i}.relationship`)}
                />
                <TextField
                  id={fid(`contacts.${i}.phone`)}
                  label={label(`contacts.${i}.phone`)}
                  registration={form.register(`contacts.${i}.phone`)}
                  error={err(`contacts.${i}.phone`)}
                  inputProps={{ type: 'tel', inputMode: 'tel' }}
                />
              </div>
              <div className="row">
                <label className="choice" htmlFor={fid(`contacts.${i}.isCaregiver`)}>
                  <input type="checkbox" id={fid(`contacts.${i}.isCaregiver`)} {...form.register(`contacts.${i}.isCaregiver`)} />
                  <span>{label(`contacts.${i}.isCaregiver`)}</span>
                </label>
                <button
                  type="button"
                  className="btn btn-danger"
                  aria-label={t('rf.contact.remove', { n: i + 1 })}
                  onClick={() => {
                    contacts.remove(i);
                    focusById(fid('contacts'));
                  }}
                >
                  {t('action.remove')}
                </button>
              </div>
            </div>
          ))}
        </div>
        {contacts.fields.length < MAX_CONTACTS ? (
          <button
            type="button"
            className="btn"
            id={fid('contacts')}
            onClick={() => contacts.append({ name: '', relationship: '', phone: '', isCaregiver: false })}
            data-testid="add-contact"
          >
            {t('rf.contact.add')}
          </button>
        ) : null}
        <ErrorText id={errorId(fid('contacts'))} message={err('contacts')} />
      </fieldset>
    </fieldset>
  );
}
