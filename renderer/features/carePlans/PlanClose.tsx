/**
 * Closing a plan, with a reason (renderer/db/carePlans.ts closeCarePlan checks who may and from which
 * status). The reason stays as typed when closing fails.
 */
import { useState } from 'react';
import type { CarePlan } from '../../../shared/carePlan';
import { useStore } from '../../app/StoreProvider';
import { useActor } from '../../app/useActor';
import { closeCarePlan } from '../../db/carePlans';
import { errorText } from '../../i18n/errorText';
import { useI18n } from '../../i18n/I18nProvider';
import { describedBy } from '../../ui/form/errors';
import { Field } from '../../ui/form/Field';

export function PlanClose({ plan }: { plan: CarePlan }) {
  const { t } = useI18n();
  const { db } = useStore();
  const actor = useActor();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const close = async () => {
    setBusy(true);
    setFailure(null);
    try {
      await closeCarePlan(db, plan.id, reason, actor.writeCtx);
      setOpen(false);
    } catch (err) {
      setFailure(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  if (!open) {
    return (
      <div>
        <button type="button" className="btn btn-danger" onClick={() => setOpen(true)} aria-expanded={false} data-testid="close-plan">
          {t('plans.close')}
        </button>
      </div>
    );
  }
  return (
    <div className="stack" data-testid="close-plan-form">
      <Field id="plan-close-reason" label={t('plans.closeReason')} error={failure ?? undefined}>
        <input
          id="plan-close-reason"
          type="text"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          aria-invalid={failure ? true : undefined}
          aria-describedby={describedBy('plan-close-reason', { error: Boolean(failure) })}
          data-testid="close-reason"
        />
      </Field>
      <div className="plan-actions">
        <button type="button" className="btn btn-danger" disabled={busy} onClick={() => void close()} data-testid="close-plan-confirm">
          {t('plans.closeConfirm')}
        </button>
        <button type="button" className="btn" onClick={() => setOpen(false)}>
          {t('action.cancel')}
        </button>
      </div>
    </div>
  );
}
