import './form.css';

export interface ErrorSummaryItem {
  /** DOM id of the control to focus. */
  id: string;
  /** The full message, naming the field. */
  text: string;
}

export interface ErrorSummaryProps {
  title: string;
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

/**
 * The list shown above a form after a failed save. Each entry is a button (not an href: the app routes by
 * the URL hash) that focuses its field.
 */
export function ErrorSummary({ title, items, testId = 'error-summary' }: ErrorSummaryProps) {
  if (items.length === 0) return null;
  return (
    <div className="alert alert-error" role="alert" data-testid={testId}>
      <p className="error-summary-title">{title}</p>
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
