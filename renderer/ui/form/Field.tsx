import './form.css';
import type { ReactNode } from 'react';
import { ErrorText } from './ErrorText';
import { errorId, hintId } from './errors';

export interface FieldProps {
  /** The input's id; the label points at it. */
  id: string;
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  className?: string;
  children: ReactNode;
  /** Rendered after the error, e.g. a link to act on it. */
  after?: ReactNode;
  /** The error's DOM id and test id when the form names them by path rather than by input id. */
  errorDomId?: string;
  errorTestId?: string;
}

/** Label, control, hint and error in the order a screen reader and the tab key meet them. */
export function Field({ id, label, error, hint, className, children, after, errorDomId, errorTestId }: FieldProps) {
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint ? (
        <span className="field-hint" id={hintId(id)}>
          {hint}
        </span>
      ) : null}
      <ErrorText id={errorDomId ?? errorId(id)} message={error} testId={errorTestId} />
      {after}
    </div>
  );
}
