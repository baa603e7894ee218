/**
 * An unplanned visit: pick a resident of the device (a caregiver's device holds only her communities'
 * residents, docs/domain.md §1) by name, nickname or phone, and open the normal new-visit form for her.
 */
import { useMemo, useState } from 'react';
import { residentFullName } from '../../../../shared/resident';
import { compareThai, matchesQuery, searchKey } from '../../../../shared/text/normalise';
import { routeHref } from '../../../app/router';
import { useI18n } from '../../../i18n/I18nProvider';
import { usePickableResidents } from './queries';

const SHOWN = 20;

export function UnplannedPicker({ onClose }: { onClose(): void }) {
  const { t } = useI18n();
  const rows = usePickableResidents(true);
  const [query, setQuery] = useState('');
  const entries = useMemo(
    () =>
      (rows ?? [])
        .map((r) => {
          const name = `${residentFullName(r)}${r.nickname ? ` (${r.nickname})` : ''}`;
          return { id: r.id, name, key: searchKey(`${r.firstName} ${r.lastName} ${r.nickname} ${r.phones}`, { loose: true }) };
        })
        .sort((a, b) => compareThai(a.name, b.name)),
    [rows],
  );
  const matching = entries.filter((e) => matchesQuery(e.key, query, { loose: true }));
  return (
    <section className="card today-unplanned" aria-labelledby="today-unplanned-title" data-testid="today-unplanned-picker">
      <h2 id="today-unplanned-title">{t('today.unplanned.title')}</h2>
      <label className="field">
        <span className="field-label">{t('today.unplanned.search')}</span>
        <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} aria-describedby="today-unplanned-hint" data-testid="today-unplanned-search" />
      </label>
      <p id="today-unplanned-hint" className="muted small">
        {t('today.unplanned.hint')}
      </p>
      {rows === undefined ? null : matching.length === 0 ? (
        <p className="muted">{t('today.unplanned.none')}</p>
      ) : (
        <ul className="today-pick-list">
          {matching.slice(0, SHOWN).map((e) => (
            <li key={e.id}>
              <a href={routeHref({ name: 'visitNew', residentId: e.id })} aria-label={t('today.unplanned.pick', { name: e.name })} data-testid="today-unplanned-resident" data-resident-id={e.id}>
                {e.name}
              </a>
            </li>
          ))}
        </ul>
      )}
      {matching.length > SHOWN ? <p className="muted small">{t('today.unplanned.more', { shown: SHOWN, total: matching.length })}</p> : null}
      <button type="button" className="btn" onClick={onClose}>
        {t('action.close')}
      </button>
    </section>
  );
}
