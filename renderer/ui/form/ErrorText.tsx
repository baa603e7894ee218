export interface ErrorTextProps {
  id: string;
  /** The full message, already naming the field; nothing is rendered without one. */
  message?: string | undefined;
}

/** The error under a field. Its id is what the input's aria-describedby points at. */
export function ErrorText({ id, message }: ErrorTextProps) {
  if (!message) return null;
  return (
    <span className="field-error" id={id} data-testid="field-error">
      {message}
    </span>
  );
}
