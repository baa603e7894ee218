/**
 * The resident's consent on the profile (docs/domain.md §8): per purpose whether consent stands, the history,
 * and for caregivers and care managers a form to record a consent and a button to withdraw one. Writes go
 * through the repository (synced as `consent` records); the status is shared/consent.ts consentStatus.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { FieldError } from './FieldError';
import { useMemo, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { CONSENT_PURPOSES, CURRENT_NOTICE_VERSION, consentFormSchema, consentFromForm, consentStatus, type ConsentFormOutput, type ConsentFormValues } from '../../../shared/consent';
import { todayBangkok } from '../../../shared/dates/thaiDate';
import { canRecordConsent } from '../../../shared/permissions';
import { createRecord, patchRecord } from '../../db/repository';
import { useStore } from '../../app/StoreProvider';
import { useActor } from '../../app/useActor';
import { useUserNames } from '../../app/userNames';
import { errorText } from '../../i18n/errorText';
import { useI18n } from '../../i18n/I18nProvider';
import { DateField } from '../../ui/form/DateField';
import { labelledError } from '../../ui/form/errors';
import { useConsents } from './queries';

export interface ConsentPanelProps {
  residentId: string;
}

export function ConsentPanel({ residentId }: ConsentPanelProps) {
  const { t, date } = useI18n();
  const { db } = useStore();
  const actor = useActor();
  const names = useUserNames();
  const consents = useConsents(residentId);
  const [adding, setAdding] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const status = useMemo(() => consentStatus(consents ?? []), [consents]);
  const writer = canRecordConsent({ role: actor.role });
  if (consents === undefined) return null;

  const withdraw = async (id: string) => {
    if (!globalThis.confirm(t('pdpa.consent.withdrawConfirm'))) return;
    setFailure(null);
    try {
      await patchRecord(db, 'consents', id, { withdrawnOn: todayBangkok(), withdrawnBy: actor.userId }, actor.writeCtx);
    } catch (err) {
      setFailure(errorText(err, t));
    }
  };

  return (
    <section className="card" data-testid="consent-panel" aria-labelledby="consent-title">
      <h2 id="consent-title">{t('pdpa.consent.title')}</h2>
      <ul className="plain" data-testid="consent-status">
        {CONSENT_PURPOSES.map((p) => {
          const s = status[p];
          return (
            <li key={p} data-purpose={p} data-state={s.state}>
              <strong>{t(`pdpa.consent.purpose.${p}`)}</strong>:{' '}
              {s.state === 'none' ? t('pdpa.consent.state.none') : t(`pdpa.consent.state.${s.state}`, { date: date(s.on) })}
            </li>
          );
        })}
      </ul>
      {failure ? (
        <p className="alert alert-error" role="alert">
          {t('pdpa.consent.saveFailed', { detail: failure })}
        </p>
      ) : null}
      {consents.length > 0 ? (
        <details>
          <summary>{t('pdpa.consent.history')}</summary>
          <ul className="plain" data-testid="consent-history">
            {consents.map((c) => (
              <li key={c.id}>
                {t('pdpa.consent.entry', {
                  date: date(c.givenOn),
                  who: c.givenBy === 'self' ? t('pdpa.consent.givenBy.self') : `${c.representativeName} (${c.relationship})`,
                  purposes: c.purposes.map((p) => t(`pdpa.consent.purpose.${p}`)).join(', '),
                  by: names.label(c.recordedBy),
                })}
                {c.withdrawnOn !== null ? ` · ${t('pdpa.consent.withdrawnEntry', { date: date(c.withdrawnOn), by: names.label(c.withdrawnBy ?? '') })}` : null}
                {c.withdrawnOn === null && writer ? (
                  <button type="button" className="btn btn-small" onClick={() => void withdraw(c.id)} data-testid="consent-withdraw">
                    {t('pdpa.consent.withdraw')}
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {writer && !adding ? (
        <button type="button" className="btn" onClick={() => setAdding(true)} data-testid="consent-add">
          {t('pdpa.consent.record')}
        </button>
      ) : null}
      {writer && adding ? <ConsentForm residentId={residentId} onDone={() => setAdding(false)} /> : null}
    </section>
  );
}

function ConsentForm({ residentId, onDone }: { residentId: string; onDone(): void }) {
  const { t, tCode } = useI18n();
  const { db } = useStore();
  const actor = useActor();
  const today = useMemo(() => todayBangkok(), []);
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<ConsentFormValues, unknown, ConsentFormOutput>({
    resolver: zodResolver(consentFormSchema({ today })),
    defaultValues: { givenBy: 'self', representativeName: '', relationship: '', purposes: { care: true, share_health_service: false, photos: false }, givenOn: today },
    mode: 'onBlur',
  });
  const { errors, isSubmitting } = form.formState;
  const representative = useWatch({ control: form.control, name: 'givenBy' }) === 'representative';

  const submit = form.handleSubmit(async (values) => {
    setFailure(null);
    try {
      await createRecord(db, 'consents', consentFromForm(values, residentId, actor.userId), actor.writeCtx);
      onDone();
    } catch (err) {
      setFailure(errorText(err, t));
    }
  });

  return (
    <form onSubmit={(e) => void submit(e)} data-testid="consent-form" noValidate>
      {failure ? (
        <p className="alert alert-error" role="alert">
          {t('pdpa.consent.saveFailed', { detail: failure })}
        </p>
      ) : null}
      <div className="grid">
        <fieldset>
          <legend>{t('pdpa.consent.givenBy')}</legend>
          <label className="choice">
            <input type="radio" value="self" {...form.register('givenBy')} /> {t('pdpa.consent.givenBy.self')}
          </label>
          <label className="choice">
            <input type="radio" value="representative" {...form.register('givenBy')} data-testid="consent-representative" /> {t('pdpa.consent.givenBy.representative')}
          </label>
        </fieldset>
        {representative ? (
          <>
            <div className="field">
              <label htmlFor="consent-rep-name">{t('pdpa.consent.representativeName')}</label>
              <input id="consent-rep-name" aria-invalid={errors.representativeName ? true : undefined} {...form.register('representativeName')} />
              <FieldError message={errors.representativeName?.message} label={t('pdpa.consent.representativeName')} id="consent-rep-name-error" />
            </div>
            <div className="field">
              <label htmlFor="consent-relationship">{t('pdpa.consent.relationship')}</label>
              <input id="consent-relationship" aria-invalid={errors.relationship ? true : undefined} {...form.register('relationship')} />
              <FieldError message={errors.relationship?.message} label={t('pdpa.consent.relationship')} id="consent-relationship-error" />
            </div>
          </>
        ) : null}
        <fieldset data-testid="consent-purposes">
          <legend>{t('pdpa.consent.purposes')}</legend>
          {CONSENT_PURPOSES.map((p) => (
            <label key={p} className="choice">
              <input type="checkbox" {...form.register(`purposes.${p}`)} data-testid={`consent-purpose-${p}`} /> {t(`pdpa.consent.purpose.${p}`)}
            </label>
          ))}
          <FieldError message={errors.purposes?.message ?? errors.purposes?.root?.message} label={t('pdpa.consent.purposes')} id="consent-purposes-error" />
        </fieldset>
        <DateField
          control={form.control}
          name="givenOn"
          id="consent-date"
          testId="consent-date"
          label={t('pdpa.consent.givenOn')}
          error={errors.givenOn?.message ? labelledError(t('pdpa.consent.givenOn'), tCode(errors.givenOn.message)) : undefined}
          errorDomId="consent-givenOn-error"
          max={today}
        />
      </div>
      <p className="muted small">{t('pdpa.consent.notice', { version: CURRENT_NOTICE_VERSION })}</p>
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={isSubmitting} data-testid="consent-save">
          {t('pdpa.consent.save')}
        </button>
        <button type="button" className="btn" onClick={onDone}>
          {t('action.cancel')}
        </button>
      </div>
    </form>
  );
}
