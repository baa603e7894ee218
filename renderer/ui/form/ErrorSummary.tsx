import './form.css';
import { useI18n } from '../../i18n/I18nProvider';
import type { SummaryItem } from './errors';

export type ErrorSummaryItem = SummaryItem;

export interface ErrorSummaryProps {
  /** Defaults to "the form has one error" / "the form has N errors". */
  title?: string;
  items: readonly ErrorSummaryItem[];
  testId?: string;
}

/** Moves focus to a field and brings it into view; used by the summary's links and after a failed submit. */
export function focusField(id: string): void {
  const el = document.getElementById(id);
  if (!el) return;
  el.focus();
  el.scrollIntoView({ block: 'center' });
}

/** Focuses a field once React has rendered what a failed submit changed (its error text, the summary). */
export function focusFieldSoon(id: string | undefined): void {
  if (id !== undefined) requestAnimationFrame(() => focusField(id));
}

/**
 * The list shown above a form after a failed save. Each entry is a button (not an href: the app routes by
 * the URL hash) that focuses its field.
 */
export function ErrorSummary({ title, items, testId = 'error-summary' }: ErrorSummaryProps) {
  const { t } = useI18n();
  if (items.length === 0) return null;
  return (
    <div className="alert alert-error" role="alert" data-testid={testId}>
      <p className="error-summary-title">{title ?? (items.length === 1 ? t('v.formHasOneError') : t('v.formHasErrors', { n: items.length }))}</p>
      <ul>
        {items.map((item) => (
          <li key={item.id + item.text}>
            <button type="button" className="link-button" onClick={() => focusField(item.id)}>
              {item.text}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
