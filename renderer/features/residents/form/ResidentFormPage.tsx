/**
 * Add or edit a resident (docs/domain.md §2). Nothing typed is ever lost: a failed save keeps every value (the
 * form is never reset on error), and an unsaved copy lives in sessionStorage per route until the record is
 * saved or the user cancels, so even a reload restores it.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useMemo, useRef, useState, type BaseSyntheticEvent, type ChangeEvent, type FocusEvent } from 'react';
import { useForm, useWatch, type FieldErrors } from 'react-hook-form';
import { todayBangkok } from '../../../../shared/dates/thaiDate';
import { formatThaiId, validateThaiId } from '../../../../shared/ids/thaiId';
import { formatThaiPhone, validateThaiPhone } from '../../../../shared/phone';
import type { Community } from '../../../../shared/reference/communities';
import {
  emptyResidentForm,
  residentFormSchema,
  residentFullName,
  residentToForm,
  type Resident,
  type ResidentFormValues,
  type ResidentProfile,
} from '../../../../shared/resident';
import { cleanMultiline, cleanText } from '../../../../shared/text/normalise';
import { communitiesOf } from '../../../../shared/sync/scope';
import { navigate, routeHref } from '../../../app/router';
import { useStore } from '../../../app/StoreProvider';
import { useActor } from '../../../app/useActor';
import { isStoreError } from '../../../db/errors';
import { checkDuplicates, createResident, findByNationalId, updateResident } from '../../../db/residents';
import { useI18n } from '../../../i18n/I18nProvider';
import { useSync } from '../../sync';
import { ErrorSummary, focusFieldSoon } from '../../../ui/form/ErrorSummary';
import { fieldDomId, firstErrorId, flattenErrors, labelledError, showErrors, type FlatError } from '../../../ui/form/errors';
import { AddressSection } from './AddressSection';
import { BirthSection } from './BirthSection';
import { ContactsSection } from './ContactsSection';
import { clearDraft, draftKey, readDraft, sessionDraftStorage, writeDraft } from './draft';
import { fieldLabel } from './fieldLabels';
import { FIELD_ORDER as RESIDENT_FIELD_ORDER, convertBirthYear, fieldErrorText } from './formLogic';
import { HealthSection } from './HealthSection';
import { IdSection } from './IdSection';
import type { FormKit, ResidentFormApi } from './kit';
import { setTextValue } from './kit';
import { LivingSection } from './LivingSection';
import { NameSection } from './NameSection';
import { useCommunities, useResidentToEdit } from '../queries';
import { errorText } from '../../../i18n/errorText';
import { FormFailure, SubmitButton } from '../../../ui/form/FormActions';

export interface ResidentFormPageProps {
  /** Absent: add a new resident. */
  residentId?: string;
}

export function ResidentFormPage({ residentId }: ResidentFormPageProps) {
  const { t } = useI18n();
  const loaded = useResidentToEdit(residentId);
  const all = useCommunities();
  // A signed-in caregiver registers residents in her own communities only (the server refuses any other); a
  // resident's current community stays offered.
  const { session } = useSync();
  const sessionUser = session?.user ?? null;
  const currentCommunity = loaded?.resident?.communityId;
  const communities = useMemo(
    () => {
      if (all === undefined || sessionUser === null) return all;
      const mine = new Set(communitiesOf(sessionUser, all).map((c) => c.id));
      return all.filter((c) => c.id === currentCommunity || mine.has(c.id));
    },
    [all, sessionUser, currentCommunity],
  );

  if (loaded === undefined || communities === undefined) {
    return (
      <p className="empty" role="status">
        {t('app.loading')}
      </p>
    );
  }
  if (residentId && (!loaded.resident || loaded.resident.deletedAt !== null)) {
    return <p className="empty">{t('rf.notFound')}</p>;
  }
  // Mounted once per route: later live updates of the record must not overwrite what is being typed.
  return <ResidentForm residentId={residentId} resident={loaded.resident} communities={communities} />;
}

interface ResidentFormProps {
  residentId?: string;
  resident: Resident | null;
  communities: readonly Community[];
}

const PHONE_FIELD = /^(phones\.\d+\.number|contacts\.\d+\.phone)$/;
const TEXT_INPUT_TYPES = new Set(['text', 'search', 'tel', 'email', 'url']);

function ResidentForm({ residentId, resident, communities }: ResidentFormProps) {
  const { t, tCode, era, date } = useI18n();
  const store = useStore();
  const actor = useActor();
  const today = useMemo(() => todayBangkok(), []);
  const storage = useMemo(() => sessionDraftStorage(), []);
  const key = draftKey(routeHref(residentId ? { name: 'residentEdit', id: residentId } : { name: 'residentNew' }));

  const [start] = useState(() => {
    const baseline = resident ? residentToForm(resident, era) : emptyResidentForm();
    const draft = readDraft(storage, key, era);
    return { baseline, draft };
  });
  const [restored, setRestored] = useState(start.draft !== null);

  const resolver = useMemo(
    () => zodResolver<ResidentFormValues, unknown, ResidentProfile>(residentFormSchema({ era, today })),
    [era, today],
  );
  const form: ResidentFormApi = useForm<ResidentFormValues, unknown, ResidentProfile>({
    resolver,
    defaultValues: start.baseline,
    mode: 'onBlur',
    reValidateMode: 'onChange',
    shouldFocusError: false, // we focus in layout order, after the summary renders
  });
  const { errors, isSubmitting, isSubmitted, isDirty } = form.formState;

  const [duplicateOf, setDuplicateOf] = useState<Resident | null>(null);
  const [nameMatches, setNameMatches] = useState<Resident[]>([]);
  const confirmedMatches = useRef(new Set<string>());
  const [showSummary, setShowSummary] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const finished = useRef(false);
  const warningRef = useRef<HTMLDivElement>(null);

  // A restored draft goes in as values over the record's defaults, so isDirty (and the cancel prompt) holds.
  useEffect(() => {
    if (start.draft) form.reset(start.draft, { keepDefaultValues: true });
  }, [form, start.draft]);

  // Keep the unsaved copy in step with the form; a form back to its saved state leaves no copy.
  useEffect(
    () =>
      form.subscribe({
        formState: { values: true, isDirty: true },
        callback: ({ values, isDirty: dirty }) => {
          if (finished.current) return;
          if (dirty) writeDraft(storage, key, values, era);
          else clearDraft(storage, key);
        },
      }),
    [form, storage, key, era],
  );

  // The birth year is typed in the UI's era: when the language switches, convert it so it keeps its meaning.
  const shownEra = useRef(era);
  useEffect(() => {
    const from = shownEra.current;
    if (from === era) return;
    shownEra.current = era;
    const state = form.getFieldState('birthYear');
    const typed = form.getValues('birthYear');
    const saved = form.formState.defaultValues?.birthYear ?? '';
    form.resetField('birthYear', { defaultValue: convertBirthYear(saved, from, era), keepError: true });
    if (state.isDirty) form.setValue('birthYear', convertBirthYear(typed, from, era), { shouldDirty: true });
    if (state.error) void form.trigger('birthYear');
  }, [era, form]);

  const typedAt = (path: string): string => {
    const v: unknown = form.getValues(path as 'firstName');
    return typeof v === 'string' ? v : '';
  };

  const fid = (path: string) => fieldDomId('rf', path);
  const label = (path: string) => fieldLabel(path, t);
  const flatErrorText = (e: FlatError): string =>
    e.message === 'resident.duplicateId' && duplicateOf
      ? labelledError(label(e.path), tCode(e.message, { name: residentFullName(duplicateOf) }))
      : fieldErrorText(label(e.path), e.message, typedAt(e.path), tCode);

  const idMode = useWatch({ control: form.control, name: 'idMode' });
  const flat = flattenErrors(errors);
  if (duplicateOf && idMode === 'thai' && !flat.some((e) => e.path === 'nationalId')) {
    flat.push({ path: 'nationalId', message: 'resident.duplicateId' });
  }
  const shown = showErrors(flat, { order: RESIDENT_FIELD_ORDER, text: flatErrorText, domId: fid });
  const summary = shown.summary;

  const kit: FormKit = { form, fid, label, err: (path) => shown.byPath.get(path) };

  /** After a failed save: show the summary and focus the first invalid field. */
  const revealErrors = (firstId: string | undefined) => {
    setShowSummary(true);
    // The summary renders from form state a moment later; focus once it is on screen.
    focusFieldSoon(firstId);
  };
  const onInvalid = (invalid: FieldErrors<ResidentFormValues>) => revealErrors(firstErrorId(invalid, RESIDENT_FIELD_ORDER, fid));

  const save = async (profile: ResidentProfile) => {
    setFailure(null);
    const dup = await checkDuplicates(store.db, profile, residentId);
    if (dup.sameId) {
      setDuplicateOf(dup.sameId);
      revealErrors(fid('nationalId'));
      return;
    }
    setDuplicateOf(null);
    // Editing without touching name or birth date: the user already decided about look-alikes when adding.
    const sameIdentity =
      resident !== null &&
      resident.firstName === profile.firstName &&
      resident.lastName === profile.lastName &&
      resident.birthDate.value === profile.birthDate.value;
    if (!sameIdentity && dup.sameNameAndBirth.some((r) => !confirmedMatches.current.has(r.id))) {
      setNameMatches(dup.sameNameAndBirth);
      requestAnimationFrame(() => warningRef.current?.focus());
      return;
    }
    setNameMatches([]);
    try {
      const saved = residentId ? await updateResident(store.db, residentId, profile, actor.writeCtx) : await createResident(store.db, profile, actor.writeCtx);
      finished.current = true;
      clearDraft(storage, key);
      navigate({ name: 'resident', id: saved.id });
    } catch (err) {
      // Another save (or a sync) took this ID between our check and the write.
      const existingId = isStoreError(err, 'resident.duplicateId') ? err.details?.existingId : undefined;
      const existing = typeof existingId === 'string' ? await store.db.residents.get(existingId) : undefined;
      if (existing) {
        setDuplicateOf(existing);
        revealErrors(fid('nationalId'));
        return;
      }
      setFailure(errorText(err, t));
    }
  };

  // Built per event, not during render: save reads refs (confirmed matches, finished flag).
  const submit = (e?: BaseSyntheticEvent) => form.handleSubmit(save, onInvalid)(e);

  const saveAnyway = () => {
    for (const r of nameMatches) confirmedMatches.current.add(r.id);
    void submit();
  };

  const cancel = () => {
    if (isDirty && !window.confirm(t('rf.cancelConfirm'))) return;
    finished.current = true;
    clearDraft(storage, key);
    navigate(residentId ? { name: 'resident', id: residentId } : { name: 'register' });
  };

  const discardDraft = () => {
    clearDraft(storage, key);
    form.reset(start.baseline);
    setRestored(false);
    setDuplicateOf(null);
    setNameMatches([]);
    setShowSummary(false);
  };

  /** Paste clean-up: zero-width characters and stray spaces disappear visibly when a text field is left. */
  const onBlurCapture = (e: FocusEvent<HTMLFormElement>) => {
    const el = e.target;
    const isText = el instanceof HTMLTextAreaElement || (el instanceof HTMLInputElement && TEXT_INPUT_TYPES.has(el.type));
    if (!isText || el.name === '') return;
    const raw = el.value;
    let cleaned = el instanceof HTMLTextAreaElement ? cleanMultiline(raw) : cleanText(raw);
    if (el.name === 'nationalId') cleaned = formatThaiId(cleaned);
    if (PHONE_FIELD.test(el.name)) {
      const phone = validateThaiPhone(cleaned);
      if (phone.ok) cleaned = formatThaiPhone(phone.phone);
    }
    if (cleaned !== raw) setTextValue(form, el.name, cleaned);
    if (el.name === 'nationalId') void checkIdOnBlur(cleaned);
  };

  const checkIdOnBlur = async (value: string) => {
    const id = validateThaiId(value);
    if (!id.ok) return;
    const hit = await findByNationalId(store.db, id.id);
    setDuplicateOf(hit && hit.id !== residentId ? hit : null);
  };

  /** Once a field shows an error, re-check it as the user types, so the message goes away when fixed. */
  const onChange = (e: ChangeEvent<HTMLFormElement>) => {
    const name = (e.target as { name?: unknown }).name;
    if (typeof name !== 'string' || name === '') return;
    if (name === 'nationalId') setDuplicateOf(null);
    if (!isSubmitted && shown.byPath.has(name)) void form.trigger(name as 'firstName');
  };

  const title = resident ? t('rf.title.edit', { name: residentFullName(resident) }) : t('rf.title.new');

  return (
    <form
      noValidate
      // Not kept by the browser (form history, session restore): the records are sealed at rest (docs/security.md §3).
      autoComplete="off"
      onSubmit={(e) => void submit(e)}
      onBlurCapture={onBlurCapture}
      onChange={onChange}
      data-testid="resident-form"
      aria-labelledby="rf-title"
    >
      <div className="page-header">
        <h1 id="rf-title">{title}</h1>
      </div>
      <p className="muted">{t('rf.intro')}</p>
      {restored ? (
        <div className="alert alert-warning row" role="status" data-testid="draft-restored">
          <span>{t('rf.restored')}</span>
          <button type="button" className="btn" onClick={discardDraft}>
            {t('rf.discardDraft')}
          </button>
        </div>
      ) : null}
      {showSummary ? (
        <ErrorSummary items={summary} />
      ) : null}

      <NameSection kit={kit} />
      <IdSection kit={kit} duplicateOf={idMode === 'thai' ? duplicateOf : null} />
      <BirthSection kit={kit} today={today} />
      <AddressSection kit={kit} communities={communities} />
      <ContactsSection kit={kit} />
      <HealthSection kit={kit} />
      <LivingSection kit={kit} />

      {nameMatches.length > 0 ? (
        <div className="alert alert-warning" role="alert" tabIndex={-1} ref={warningRef} data-testid="duplicate-warning">
          <p>
            <strong>{t('rf.dup.title')}</strong>
          </p>
          <p>{t('rf.dup.body')}</p>
          <ul>
            {nameMatches.map((r) => (
              <li key={r.id}>
                <a href={routeHref({ name: 'resident', id: r.id })}>{t('rf.dup.item', { name: residentFullName(r), birth: date(r.birthDate) })}</a>
              </li>
            ))}
          </ul>
          <button type="button" className="btn" onClick={saveAnyway} disabled={isSubmitting} data-testid="save-anyway">
            {t('rf.saveAnyway')}
          </button>
        </div>
      ) : null}
      <FormFailure>{failure && t('v.saveFailed', { detail: failure })}</FormFailure>
      <div className="row form-actions">
        <SubmitButton busy={isSubmitting} label={t('action.save')} testId="save-resident" />
        <button type="button" className="btn" onClick={cancel} data-testid="cancel-resident">
          {t('action.cancel')}
        </button>
      </div>
    </form>
  );
}
