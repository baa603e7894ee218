/**
 * A caregiver's leave (docs/domain.md §9: no visit is planned on it): the list, latest first, each removable
 * (a tombstone, synced like any delete), and a form to add one. The add form keeps its input when refused and
 * clears after a save.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { LEAVE_REASONS, type LeaveData } from '../../../shared/rounds/recordsSchema';
import { useStore } from '../../app/StoreProvider';
import { useActor } from '../../app/useActor';
import type { LeaveRecord } from '../../db/syncRows';
import { createRecord, deleteRecord } from '../../db/repository';
import { errorText } from '../../i18n/errorText';
import { useI18n } from '../../i18n/I18nProvider';
import { DateField } from '../../ui/form/DateField';
import { ErrorSummary, focusFieldSoon } from '../../ui/form/ErrorSummary';
import { firstErrorId, flattenErrors, showErrors } from '../../ui/form/errors';
import { FormFailure, SubmitButton } from '../../ui/form/FormActions';
import { SelectField } from '../../ui/form/SelectField';
import { TextField } from '../../ui/form/TextField';
import { emptyLeaveForm, LEAVE_FIELD_ORDER, LEAVE_LABELS, leaveFormSchema, type LeaveFormValues } from './forms';
import { fieldErrorText, leaveRange, Notice, REASON_KEYS } from './kit';
import { leaveOf } from './staff';

const domId = (path: string) => `leave-${path}`;

export function LeaveSection({ userId, leaves }: { userId: string; leaves: readonly LeaveRecord[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { db } = useStore();
  const actor = useActor();
  const [notice, setNotice] = useState<{ text: string; error?: boolean } | null>(null);
  const [formKey, setFormKey] = useState(0);
  const list = leaveOf(leaves, userId);

  const remove = async (l: LeaveRecord) => {
    setNotice(null);
    try {
      await deleteRecord(db, 'leaves', l.id, actor.writeCtx);
      setNotice({ text: t('staff.leave.removed') });
    } catch (err) {
      setNotice({ text: t('staff.leave.failed', { detail: errorText(err, t) }), error: true });
    }
  };

  return (
    <section className="card staff-section" aria-labelledby="leave-title" data-testid="leave-section">
      <h2 id="leave-title">{t('staff.leave.title')}</h2>
      <Notice text={notice?.text ?? null} error={notice?.error} testId="leave-notice" />
      {list.length === 0 ? (
        <p className="empty" data-testid="leave-none">
          {t('staff.leave.none')}
        </p>
      ) : (
        <ul className="stack staff-plain-list" data-testid="leave-list">
          {list.map((l) => (
            <li key={l.id} data-testid="leave-row" data-from={l.from} data-to={l.to}>
              <span>
                {leaveRange(l, i18n)} · {t(REASON_KEYS[l.reason])}
                {l.note ? ` · ${l.note}` : ''}
              </span>{' '}
              <button type="button" className="btn btn-danger" onClick={() => void remove(l)} aria-label={t('staff.leave.removeLabel', { range: leaveRange(l, i18n) })} data-testid="leave-remove">
                {t('staff.leave.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <h3>{t('staff.leave.add')}</h3>
      <LeaveForm
        key={formKey}
        userId={userId}
        onSave={async (data) => {
          setNotice(null);
          await createRecord(db, 'leaves', data, actor.writeCtx);
          setFormKey((k) => k + 1);
          setNotice({ text: t('staff.leave.added') });
        }}
      />
    </section>
  );
}

function LeaveForm({ userId, onSave }: { userId: string; onSave(data: LeaveData): Promise<void> }) {
  const i18n = useI18n();
  const { t } = i18n;
  const resolver = useMemo(() => zodResolver(leaveFormSchema(userId)), [userId]);
  const form = useForm<LeaveFormValues, unknown, LeaveData>({ resolver, defaultValues: emptyLeaveForm(), mode: 'onSubmit', reValidateMode: 'onChange', shouldFocusError: false });
  const [showSummary, setShowSummary] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const shown = showErrors(flattenErrors(form.formState.errors), {
    order: LEAVE_FIELD_ORDER,
    text: (e) => fieldErrorText(t(LEAVE_LABELS[e.path as keyof typeof LEAVE_LABELS] ?? 'staff.leave.from'), e.message, i18n),
    domId,
  });
  const submit = form.handleSubmit(
    async (data) => {
      setFailure(null);
      setShowSummary(false);
      try {
        await onSave(data);
      } catch (err) {
        setFailure(t('staff.leave.failed', { detail: errorText(err, t) }));
      }
    },
    (invalid) => {
      setShowSummary(true);
      focusFieldSoon(firstErrorId(invalid, LEAVE_FIELD_ORDER, domId));
    },
  );
  const reasons = LEAVE_REASONS.map((r) => ({ value: r, label: t(REASON_KEYS[r]) }));
  return (
    <form noValidate className="stack" onSubmit={(e) => void submit(e)} data-testid="leave-form">
      {showSummary ? <ErrorSummary items={shown.summary} testId="leave-errors" /> : null}
      <div className="grid grid-2">
        <DateField control={form.control} name="from" id={domId('from')} label={t('staff.leave.from')} error={shown.byPath.get('from')} testId="leave-from" />
        <DateField control={form.control} name="to" id={domId('to')} label={t('staff.leave.to')} error={shown.byPath.get('to')} testId="leave-to" />
        <SelectField id={domId('reason')} label={t('staff.leave.reason')} registration={form.register('reason')} options={reasons} emptyLabel={t('staff.leave.reasonChoose')} error={shown.byPath.get('reason')} testId="leave-reason" />
        <TextField id={domId('note')} label={t('staff.leave.note')} registration={form.register('note')} error={shown.byPath.get('note')} testId="leave-note" />
      </div>
      <FormFailure testId="leave-failed">{failure}</FormFailure>
      <div className="row">
        <SubmitButton busy={form.formState.isSubmitting} label={t('staff.leave.add')} testId="leave-save" />
      </div>
    </form>
  );
}
