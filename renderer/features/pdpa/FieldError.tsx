import { useI18n } from '../../i18n/I18nProvider';
import { labelledError } from '../../ui/form/errors';

/** A field's error under it, naming the field (docs/architecture.md "Conventions" 12); nothing without one. */
export function FieldError({ message, label, id }: { message: string | undefined; label: string; id: string }) {
  const { tCode } = useI18n();
  if (!message) return null;
  return (
    <span className="field-error" id={id}>
      {labelledError(label, tCode(message))}
    </span>
  );
}
