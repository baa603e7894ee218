import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useI18n } from '../../../i18n/I18nProvider';
import { hintId } from '../../../ui/form/errors';
import '../../../ui/form/form.css';
import { addressQuery } from './formLogic';
import { areaText, searchAreas, type AreaPick } from './addressSearch';

export interface AddressPickerProps {
  id: string;
  label: string;
  hint: string;
  onPick(area: AreaPick): void;
}

type Status = { kind: 'idle' } | { kind: 'loading' } | { kind: 'error' } | { kind: 'results'; count: number } | { kind: 'picked'; text: string };

const DEBOUNCE_MS = 150;

/**
 * Search-as-you-type for sub-district or postal code (ARIA 1.2 combobox with a listbox). Keyboard: arrows
 * move, Enter picks, Escape closes (or clears when already closed). Picking fills the four area fields; they
 * stay editable, so a place missing from the data can still be typed.
 */
export function AddressPicker({ id, label, hint, onPick }: AddressPickerProps) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<AreaPick[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const searchSeq = useRef(0);
  const listId = `${id}-list`;
  const statusId = `${id}-status`;
  const optionId = (i: number) => `${id}-option-${i}`;

  useEffect(() => () => clearTimeout(timer.current), []);

  const runSearch = (value: string) => {
    clearTimeout(timer.current);
    const q = addressQuery(value);
    const seq = ++searchSeq.current;
    if (!q) {
      setResults([]);
      setOpen(false);
      setActive(-1);
      setStatus({ kind: 'idle' });
      return;
    }
    timer.current = setTimeout(() => {
      setStatus({ kind: 'loading' });
      searchAreas(q).then(
        (rows) => {
          if (seq !== searchSeq.current) return; // a newer keystroke won
          setResults(rows);
          setOpen(rows.length > 0);
          setActive(rows.length > 0 ? 0 : -1);
          setStatus({ kind: 'results', count: rows.length });
        },
        () => {
          if (seq !== searchSeq.current) return;
          setResults([]);
          setOpen(false);
          setStatus({ kind: 'error' });
        },
      );
    }, DEBOUNCE_MS);
  };

  const pick = (area: AreaPick) => {
    onPick(area);
    searchSeq.current++;
    setQuery('');
    setResults([]);
    setOpen(false);
    setActive(-1);
    setStatus({ kind: 'picked', text: areaText(area) });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const n = results.length;
    switch (e.key) {
      case 'ArrowDown':
        if (n === 0) return;
        e.preventDefault();
        if (!open) {
          setOpen(true);
          setActive((a) => (a < 0 ? 0 : a));
        } else setActive((a) => (a + 1) % n);
        return;
      case 'ArrowUp':
        if (n === 0) return;
        e.preventDefault();
        if (!open) setOpen(true);
        setActive((a) => (a <= 0 ? n - 1 : a - 1));
        return;
      case 'Enter': {
        // Enter here never submits the form: it either picks or does nothing.
        e.preventDefault();
        const area = open && active >= 0 ? results[active] : undefined;
        if (area) pick(area);
        return;
      }
      case 'Escape':
        if (open) {
          e.preventDefault();
          setOpen(false);
        } else if (query !== '') {
          e.preventDefault();
          runSearch('');
          setQuery('');
        }
        return;
      default:
        return;
    }
  };

  const statusText = (() => {
    switch (status.kind) {
      case 'idle':
        return '';
      case 'loading':
        return t('rf.addressSearch.loading');
      case 'error':
        return t('rf.addressSearch.error');
      case 'results':
        return status.count === 0 ? t('rf.addressSearch.none') : t('rf.addressSearch.count', { n: status.count });
      case 'picked':
        return t('rf.addressSearch.picked', { place: status.text });
    }
  })();

  return (
    <div className="field combobox">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="search"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open && active >= 0 ? optionId(active) : undefined}
        aria-describedby={`${hintId(id)} ${statusId}`}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          runSearch(e.target.value);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
        onFocus={() => {
          if (results.length > 0) setOpen(true);
        }}
        data-testid="address-search"
      />
      <ul id={listId} role="listbox" aria-label={t('rf.addressSearch.list')} className="combobox-list" hidden={!open}>
        {results.map((area, i) => (
          <li
            key={`${area.subDistrict}|${area.district}|${area.province}|${area.postalCode}`}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            // mousedown would blur the input (and close the list) before the click lands
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => pick(area)}
            data-testid="address-option"
          >
            {areaText(area)}
          </li>
        ))}
      </ul>
      <span className="field-hint" id={hintId(id)}>
        {hint}
      </span>
      <span className="field-hint" id={statusId} role="status" data-testid="address-search-status">
        {statusText}
      </span>
    </div>
  );
}
