import type { ReactNode } from 'react';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { ErrorText } from './ErrorText';
import { errorId, hintId } from './errors';

export interface Choice {
  value: string;
  label: string;
  /** Shown after the label in the option's own line, e.g. a score description. */
  detail?: ReactNode;
}

export interface ChoiceFieldProps {
  /** Prefix of the option ids (`${id}-${value}`); the first option's id is the group's focus target. */
  id: string;
  legend: ReactNode;
  registration: UseFormRegisterReturn;
  choices: readonly Choice[];
  error?: string | undefined;
  hint?: ReactNode;
  inline?: boolean;
  testId?: string;
}

/** A radio group: a fieldset whose legend names it, one labelled radio per choice. */
export function ChoiceField({ id, legend, registration, choices, error, hint, inline, testId }: ChoiceFieldProps) {
  const described = [hint ? hintId(id) : null, error ? errorId(id) : null].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset className="choice-group" aria-describedby={described} data-testid={testId}>
      <legend>{legend}</legend>
      {hint ? (
        <p className="field-hint" id={hintId(id)}>
          {hint}
        </p>
      ) : null}
      <div className={inline ? 'row' : 'stack'}>
        {choices.map((c, i) => (
          <label key={c.value} className="choice" htmlFor={i === 0 ? id : `${id}-${c.value}`}>
            <input
              type="radio"
              id={i === 0 ? id : `${id}-${c.value}`}
              value={c.value}
              {...registration}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorId(id) : undefined}
            />
            <span>
              {c.label}
              {c.detail ? <span className="choice-detail">{c.detail}</span> : null}
            </span>
          </label>
        ))}
      </div>
      <ErrorText id={errorId(id)} message={error} />
    </fieldset>
  );
}
