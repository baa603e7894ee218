/**
 * Small pieces the staff pages share: the permission gate, community and leave wording, and the notice line.
 */
import type { ReactNode } from 'react';
import { canManageStaff } from '../../../shared/permissions';
import type { Community } from '../../../shared/reference/communities';
import type { LeaveData } from '../../../shared/rounds/recordsSchema';
import { useActor } from '../../app/useActor';
import { isMessageKey, type MessageKey } from '../../i18n/catalog';
import { labelledError } from '../../ui/form/errors';
import { useI18n, type I18n } from '../../i18n/I18nProvider';

/** Renders `children` only for who may keep staff and holidays (care managers, admins); others are told why. */
export function StaffGate({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const actor = useActor();
  if (!canManageStaff(actor)) {
    return (
      <p className="empty" data-testid="staff-not-allowed">
        {t('staff.notAllowed')}
      </p>
    );
  }
  return <>{children}</>;
}

export function communitiesText(ids: readonly string[], communities: readonly Community[], locale: I18n['locale']): string {
  return ids
    .map((id) => {
      const c = communities.find((x) => x.id === id);
      return c ? `${c.code} ${locale === 'th' ? c.nameTh : c.nameEn}` : id;
    })
    .join(', ');
}

export const REASON_KEYS: Record<LeaveData['reason'], MessageKey> = {
  sick: 'staff.reason.sick',
  vacation: 'staff.reason.vacation',
  training: 'staff.reason.training',
  personal: 'staff.reason.personal',
  other: 'staff.reason.other',
};

/** "1 มกราคม 2570 ถึง 3 มกราคม 2570", or the one date when the leave is one day. */
export function leaveRange(l: Pick<LeaveData, 'from' | 'to'>, i18n: Pick<I18n, 't' | 'date'>): string {
  return l.from === l.to ? i18n.date(l.from) : i18n.t('staff.leave.range', { from: i18n.date(l.from), to: i18n.date(l.to) });
}

/** The outcome of the last action, announced politely. */
export function Notice({ text, testId, error }: { text: string | null; testId: string; error?: boolean }) {
  if (text === null) return null;
  return (
    <p className={error ? 'alert alert-error' : 'alert alert-success'} role={error ? 'alert' : 'status'} data-testid={testId}>
      {text}
    </p>
  );
}

/** The full text of a form error: "<label>: <what to do>" (a `staff.err.*` key; anything else is generic). */
export function fieldErrorText(label: string, code: string, i18n: Pick<I18n, 't'>, params?: Record<string, string | number>): string {
  return labelledError(label, isMessageKey(code) ? i18n.t(code, params) : i18n.t('staff.err.invalid'));
}
