import type { UseFormRegisterReturn } from 'react-hook-form';

export interface CheckboxFieldProps {
  id: string;
  label: string;
  registration: UseFormRegisterReturn;
  value?: string;
  testId?: string;
}

/** One labelled checkbox (a boolean field, or one value of a checkbox list when `value` is given). */
export function CheckboxField({ id, label, registration, value, testId }: CheckboxFieldProps) {
  return (
    <label className="choice" htmlFor={id}>
      <input type="checkbox" id={id} value={value} {...registration} data-testid={testId} />
      <span>{label}</span>
    </label>
  );
}
