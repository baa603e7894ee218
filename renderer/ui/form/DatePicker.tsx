/**
 * The calendar popup of DateField: a modal dialog with a month grid, following the WAI-ARIA date picker dialog
 * pattern. Month names and the year in the UI's era (BE in Thai), weeks from Sunday, today marked
 * (aria-current), days outside min/max disabled. Keys (calendarMove in shared/dates/calendar.ts): arrows by a
 * day or a week, PageUp/PageDown by a month (Shift: a year), Home/End to the week's ends, Enter or Space
 * chooses, Escape closes; Tab stays inside the dialog. The owner puts focus back where it belongs on close.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { addMonths, calendarMove, clampDate, isCalendarKey, monthBounds, monthGrid } from '../../../shared/dates/calendar';
import { ENGLISH_WEEKDAYS, ENGLISH_WEEKDAYS_SHORT, THAI_WEEKDAYS, THAI_WEEKDAYS_SHORT, formatDate } from '../../../shared/dates/thaiDate';
import { useI18n } from '../../i18n/I18nProvider';

export interface DatePickerProps {
  /** DOM id prefix of the dialog's parts. */
  id: string;
  /** The field's label, naming the dialog. */
  label: string;
  /** The chosen date (ISO), if the field holds one. */
  selected: string | null;
  today: string;
  min?: string | undefined;
  max?: string | undefined;
  testId?: string | undefined;
  onSelect(iso: string): void;
  /** Escape, the close button or a click outside; `returnFocus` is false for a click elsewhere. */
  onClose(returnFocus: boolean): void;
}

const inRange = (d: string, min?: string, max?: string): boolean => (min === undefined || d >= min) && (max === undefined || d <= max);

export function DatePicker({ id, label, selected, today, min, max, testId, onSelect, onClose }: DatePickerProps) {
  const { t, locale } = useI18n();
  const [focused, setFocused] = useState(() => clampDate(selected ?? today, min, max));
  // Focus follows the focused day only while the grid has the focus (not after a click on a month button).
  const [gridFocus, setGridFocus] = useState(true);
  const dialog = useRef<HTMLDivElement>(null);
  const headingId = `${id}-calendar-heading`;

  useEffect(() => {
    if (gridFocus) dialog.current?.querySelector<HTMLElement>(`td[data-date="${focused}"]`)?.focus();
  }, [focused, gridFocus]);

  useEffect(() => {
    const outside = (e: MouseEvent) => {
      const el = e.target as Node | null;
      if (el && dialog.current && !dialog.current.contains(el) && !(el instanceof Element && el.closest(`[data-date-field="${id}"]`))) onClose(false);
    };
    document.addEventListener('mousedown', outside);
    return () => document.removeEventListener('mousedown', outside);
  }, [id, onClose]);

  const { first, last } = monthBounds(focused);
  const weekdays = locale === 'th' ? THAI_WEEKDAYS : ENGLISH_WEEKDAYS;
  const weekdaysShort = locale === 'th' ? THAI_WEEKDAYS_SHORT : ENGLISH_WEEKDAYS_SHORT;

  const choose = (d: string) => {
    if (inRange(d, min, max)) onSelect(d);
  };
  const moveMonth = (months: number) => {
    setGridFocus(false);
    setFocused((d) => clampDate(addMonths(d, months), min, max));
  };

  const onGridKey = (e: KeyboardEvent) => {
    const key = e.key;
    const shift = e.shiftKey;
    if (isCalendarKey(key)) {
      e.preventDefault();
      setGridFocus(true);
      setFocused((d) => calendarMove(d, key, { shift, min, max }));
    } else if (key === 'Enter' || key === ' ') {
      e.preventDefault();
      choose(focused);
    }
  };

  const onDialogKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onClose(true);
    } else if (e.key === 'Tab' && dialog.current) {
      const stops = [...dialog.current.querySelectorAll<HTMLElement>('button:not([disabled]), [tabindex="0"]')];
      const at = stops.indexOf(document.activeElement as HTMLElement);
      const next = stops[(at + (e.shiftKey ? -1 : 1) + stops.length) % stops.length];
      if (next) {
        e.preventDefault();
        if (next.tagName === 'TD') setGridFocus(true);
        next.focus();
      }
    }
  };

  return (
    <div ref={dialog} className="date-picker" role="dialog" aria-modal="true" aria-label={t('dateField.dialog', { label })} onKeyDown={onDialogKey} data-testid={testId}>
      <div className="date-picker-header">
        <button type="button" className="btn" onClick={() => moveMonth(-1)} disabled={min !== undefined && first <= min} aria-label={t('dateField.prevMonth')} data-testid="date-picker-prev">
          ‹
        </button>
        <h2 id={headingId} className="date-picker-title" aria-live="polite" data-testid="date-picker-month">
          {formatDate(focused.slice(0, 7), locale)}
        </h2>
        <button type="button" className="btn" onClick={() => moveMonth(1)} disabled={max !== undefined && last >= max} aria-label={t('dateField.nextMonth')} data-testid="date-picker-next">
          ›
        </button>
      </div>
      <table role="grid" aria-labelledby={headingId} onKeyDown={onGridKey} className="date-picker-grid">
        <thead>
          <tr>
            {weekdaysShort.map((short, i) => (
              <th key={short} scope="col" abbr={weekdays[i]}>
                {short}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {monthGrid(focused).map((week, w) => (
            <tr key={week.find((d) => d !== null) ?? w}>
              {week.map((d, i) =>
                d === null ? (
                  <td key={`blank-${i}`} />
                ) : (
                  <td
                    key={d}
                    data-date={d}
                    tabIndex={d === focused ? 0 : -1}
                    aria-selected={d === selected ? true : undefined}
                    aria-current={d === today ? 'date' : undefined}
                    aria-disabled={inRange(d, min, max) ? undefined : true}
                    aria-label={formatDate(d, locale)}
                    onClick={() => choose(d)}
                    onFocus={() => setGridFocus(true)}
                  >
                    {Number(d.slice(8, 10))}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="date-picker-keys muted small">{t('dateField.keys')}</p>
      <div className="date-picker-footer">
        <button type="button" className="btn" onClick={() => onClose(true)} data-testid="date-picker-close">
          {t('action.close')}
        </button>
      </div>
    </div>
  );
}
