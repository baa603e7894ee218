/**
 * A caregiver's availability form: working days, hours, weekly cap, skills and an optional base. Saved as her
 * one availability record (id = her user id, docs/sync-protocol.md §8 "Weekly rounds"): created the first
 * time, afterwards patched with only the fields that changed. A refused save keeps every input; a success
 * resets the form to exactly what was stored.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useMemo, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { ENGLISH_WEEKDAYS, THAI_WEEKDAYS } from '../../../shared/dates/thaiDate';
import { defaultAvailability, minuteText, parseHhmm } from '../../../shared/rounds/availability';
import type { AvailabilityData } from '../../../shared/rounds/recordsSchema';
import { SKILLS } from '../../../shared/rounds/skills';
import { useStore } from '../../app/StoreProvider';
import { useActor } from '../../app/useActor';
import type { AvailabilityRecord } from '../../db/syncRows';
import { createRecord, patchRecord } from '../../db/repository';
import { errorText } from '../../i18n/errorText';
import { useI18n } from '../../i18n/I18nProvider';
import { ErrorSummary, focusFieldSoon } from '../../ui/form/ErrorSummary';
import { ErrorText } from '../../ui/form/ErrorText';
import { errorId, firstErrorId, flattenErrors, showErrors } from '../../ui/form/errors';
import { FormFailure, SubmitButton } from '../../ui/form/FormActions';
import { TextField } from '../../ui/form/TextField';
import { AVAILABILITY_FIELD_ORDER, AVAILABILITY_LABELS, availabilityFormSchema, availabilityToForm, type AvailabilityFormInput } from './forms';
import { fieldErrorText, Notice } from './kit';
import { changedFields } from './staff';

const domId = (path: string) => `avail-${path}`;
/** Sunday first, as Thai calendars. */
const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6] as const;

function dataOf(r: AvailabilityRecord): AvailabilityData {
  return { userId: r.userId, skills: r.skills, workingDays: r.workingDays, startMinute: r.startMinute, endMinute: r.endMinute, weeklyVisitCap: r.weeklyVisitCap, base: r.base };
}

export function AvailabilityForm({ userId, stored }: { userId: string; stored: AvailabilityRecord | null }) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const { db } = useStore();
  const actor = useActor();
  const initial = useMemo(() => availabilityToForm(stored ? dataOf(stored) : defaultAvailability(userId)), [stored, userId]);
  const keptSkills = stored?.skills;
  const resolver = useMemo(() => zodResolver(availabilityFormSchema(userId, keptSkills ?? [])), [userId, keptSkills]);
  const form = useForm<AvailabilityFormInput, unknown, AvailabilityData>({ resolver, defaultValues: initial, mode: 'onSubmit', reValidateMode: 'onChange', shouldFocusError: false });
  const [showSummary, setShowSummary] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const startText = useWatch({ control: form.control, name: 'start' }) ?? '';
  const startParam = (() => {
    const m = parseHhmm(startText);
    return m === null ? startText : minuteText(m);
  })();
  const shown = showErrors(flattenErrors(form.formState.errors), {
    order: AVAILABILITY_FIELD_ORDER,
    text: (e) => fieldErrorText(t(AVAILABILITY_LABELS[e.path as keyof typeof AVAILABILITY_LABELS] ?? 'staff.field.workingDays'), e.message, i18n, { start: startParam }),
    domId,
  });
  const err = (path: string) => shown.byPath.get(path);

  const submit = form.handleSubmit(
    async (data) => {
      setFailure(null);
      setNotice(null);
      setShowSummary(false);
      try {
        let saved: AvailabilityRecord;
        if (stored) {
          const { userId: _same, ...changes } = changedFields(dataOf(stored), data);
          void _same;
          if (Object.keys(changes).length === 0) {
            setNotice(t('staff.unchanged'));
            return;
          }
          saved = await patchRecord(db, 'availability', userId, changes, actor.writeCtx);
        } else {
          saved = await createRecord(db, 'availability', data, actor.writeCtx, { id: userId });
        }
        form.reset(availabilityToForm(dataOf(saved)));
        setNotice(t('staff.saved'));
      } catch (e) {
        setFailure(t('staff.saveFailed', { detail: errorText(e, t) }));
      }
    },
    (invalid) => {
      setShowSummary(true);
      focusFieldSoon(firstErrorId(invalid, AVAILABILITY_FIELD_ORDER, domId));
    },
  );

  const weekdayNames = locale === 'th' ? THAI_WEEKDAYS : ENGLISH_WEEKDAYS;
  return (
    <form noValidate className="card stack" onSubmit={(e) => void submit(e)} data-testid="availability-form" data-set={stored !== null}>
      {stored === null ? (
        <p className="alert alert-warning" data-testid="availability-not-set">
          {t('staff.edit.notSetHint')}
        </p>
      ) : null}
      {showSummary ? <ErrorSummary items={shown.summary} testId="availability-errors" /> : null}
      <fieldset aria-describedby={err('workingDays') ? errorId(domId('workingDays')) : undefined}>
        <legend>{t('staff.field.workingDays')}</legend>
        <div className="staff-choices">
          {WEEKDAYS.map((d) => (
            <label key={d} className="choice" htmlFor={d === 0 ? domId('workingDays') : domId(`workingDays-${d}`)}>
              <input type="checkbox" id={d === 0 ? domId('workingDays') : domId(`workingDays-${d}`)} value={String(d)} {...form.register('workingDays')} aria-invalid={err('workingDays') ? true : undefined} data-testid={`availability-day-${d}`} />
              <span>{weekdayNames[d]}</span>
            </label>
          ))}
        </div>
        <ErrorText id={errorId(domId('workingDays'))} message={err('workingDays')} block />
      </fieldset>
      <div className="staff-times">
        <TextField id={domId('start')} label={t('staff.field.start')} hint={t('staff.field.timeHint')} registration={form.register('start')} error={err('start')} inputProps={{ inputMode: 'numeric', size: 6 }} testId="availability-start" />
        <TextField id={domId('end')} label={t('staff.field.end')} hint={t('staff.field.timeHint')} registration={form.register('end')} error={err('end')} inputProps={{ inputMode: 'numeric', size: 6 }} testId="availability-end" />
        <TextField id={domId('cap')} label={t('staff.field.cap')} registration={form.register('cap')} error={err('cap')} inputProps={{ inputMode: 'numeric', size: 4 }} testId="availability-cap" />
      </div>
      <fieldset aria-describedby={err('skills') ? errorId(domId('skills')) : undefined}>
        <legend>{t('staff.field.skills')}</legend>
        <div className="staff-choices">
          {SKILLS.map((s, i) => (
            <label key={s.code} className="choice" htmlFor={i === 0 ? domId('skills') : domId(`skills-${s.code}`)}>
              <input type="checkbox" id={i === 0 ? domId('skills') : domId(`skills-${s.code}`)} value={s.code} {...form.register('skills')} data-testid={`availability-skill-${s.code}`} />
              <span>{locale === 'th' ? s.th : s.en}</span>
            </label>
          ))}
        </div>
        <ErrorText id={errorId(domId('skills'))} message={err('skills')} block />
      </fieldset>
      <fieldset>
        <legend>{t('staff.field.base')}</legend>
        <p className="field-hint">{t('staff.field.baseHint')}</p>
        <div className="staff-times">
          <TextField id={domId('lat')} label={t('staff.field.lat')} registration={form.register('lat')} error={err('lat')} inputProps={{ inputMode: 'decimal', size: 10 }} testId="availability-lat" />
          <TextField id={domId('lng')} label={t('staff.field.lng')} registration={form.register('lng')} error={err('lng')} inputProps={{ inputMode: 'decimal', size: 10 }} testId="availability-lng" />
        </div>
      </fieldset>
      <FormFailure testId="availability-failed">{failure}</FormFailure>
      <Notice text={notice} testId="availability-notice" />
      <div className="row">
        <SubmitButton busy={form.formState.isSubmitting} label={t('staff.save')} testId="availability-save" />
      </div>
    </form>
  );
}
