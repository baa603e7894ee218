/**
 * The end of a form: why the last save failed (if it did) and the primary button, which says it is saving
 * while a save runs. Every form shows these the same way, so a user learns them once.
 */
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/I18nProvider';

export interface FormFailureProps {
  /** The message (already through errorText); nothing is rendered without one. */
  children?: ReactNode;
  testId?: string;
  /** A stable code for tests and support, when the failure has one. */
  code?: string | undefined;
}

/** A failed save, announced (role=alert). */
export function FormFailure({ children, testId = 'save-failed', code }: FormFailureProps) {
  if (children === undefined || children === null || children === false || children === '') return null;
  return (
    <p className="alert alert-error" role="alert" data-testid={testId} data-code={code}>
      {children}
    </p>
  );
}

export interface SubmitButtonProps {
  busy: boolean;
  label: string;
  testId: string;
  /** Extra reasons to refuse a click (offline, no permission). */
  disabled?: boolean;
  primary?: boolean;
  /** What the busy button says instead of "saving…". */
  busyLabel?: string;
}

export function SubmitButton({ busy, label, testId, disabled, primary = true, busyLabel }: SubmitButtonProps) {
  const { t } = useI18n();
  return (
    <button type="submit" className={primary ? 'btn btn-primary' : 'btn'} disabled={busy || disabled === true} data-testid={testId}>
      {busy ? (busyLabel ?? t('action.saving')) : label}
    </button>
  );
}
