export interface ErrorTextProps {
  id: string;
  /** The full message, already naming the field; nothing is rendered without one. */
  message?: string | undefined;
  /** Test id; forms whose page models find errors by path pass their own. */
  testId?: string;
  /** On its own line (a section's or a list item's error), not under an input. */
  block?: boolean;
}

/** The error under a field. Its id is what the input's aria-describedby points at. */
export function ErrorText({ id, message, testId = 'field-error', block }: ErrorTextProps) {
  if (!message) return null;
  return (
    <span className={block ? 'field-error field-error-block' : 'field-error'} id={id} data-testid={testId}>
      {message}
    </span>
  );
}
