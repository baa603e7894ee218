import type { InputHTMLAttributes, ReactNode } from 'react';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { Field } from './Field';
import { describedBy } from './errors';

export interface TextFieldProps {
  id: string;
  label: string;
  registration: UseFormRegisterReturn;
  error?: string | undefined;
  hint?: ReactNode;
  className?: string;
  /** Extra attributes for the input (type, inputMode, autoComplete, onBlur...). */
  inputProps?: Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'name' | 'onChange' | 'ref'>;
  testId?: string;
  after?: ReactNode;
}

export function TextField({ id, label, registration, error, hint, className, inputProps, testId, after }: TextFieldProps) {
  return (
    <Field id={id} label={label} error={error} hint={hint} className={className} after={after}>
      <input
        id={id}
        type="text"
        autoComplete="off"
        {...inputProps}
        {...registration}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, { hint: Boolean(hint), error: Boolean(error) })}
        data-testid={testId}
      />
    </Field>
  );
}
