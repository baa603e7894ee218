/**
 * The report's filters: communities and caregivers, each a list of checkboxes; none ticked means all
 * (ReportFilter null), so a new community is never left out by a stale choice.
 */
import { useI18n } from '../../i18n/I18nProvider';

export interface FilterOption {
  id: string;
  label: string;
}

function CheckList({ name, legend, options, chosen, onChange }: { name: string; legend: string; options: readonly FilterOption[]; chosen: ReadonlySet<string>; onChange(next: ReadonlySet<string>): void }) {
  const { t } = useI18n();
  const toggle = (id: string) => {
    const next = new Set(chosen);
    if (!next.delete(id)) next.add(id);
    onChange(next);
  };
  return (
    <fieldset className="report-filter" data-testid={`filter-${name}`}>
      <legend>
        {legend} <span className="small muted">({t('reports.filter.allHint')})</span>
      </legend>
      {options.length === 0 ? <p className="small muted">{t('reports.filter.none')}</p> : null}
      <div className="report-filter-options">
        {options.map((o) => (
          <label key={o.id} className="choice">
            <input type="checkbox" checked={chosen.has(o.id)} onChange={() => toggle(o.id)} data-testid={`filter-${name}-option`} data-id={o.id} />
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function Filters(props: {
  communities: readonly FilterOption[];
  caregivers: readonly FilterOption[];
  chosenCommunities: ReadonlySet<string>;
  chosenCaregivers: ReadonlySet<string>;
  onCommunities(next: ReadonlySet<string>): void;
  onCaregivers(next: ReadonlySet<string>): void;
}) {
  const { t } = useI18n();
  const any = props.chosenCommunities.size > 0 || props.chosenCaregivers.size > 0;
  return (
    <section className="card" aria-labelledby="report-filters-title" data-testid="report-filters">
      <h2 id="report-filters-title">{t('reports.filters')}</h2>
      <div className="report-filters">
        <CheckList name="communities" legend={t('reports.filter.communities')} options={props.communities} chosen={props.chosenCommunities} onChange={props.onCommunities} />
        <CheckList name="caregivers" legend={t('reports.filter.caregivers')} options={props.caregivers} chosen={props.chosenCaregivers} onChange={props.onCaregivers} />
      </div>
      {any ? (
        <button
          type="button"
          className="btn"
          onClick={() => {
            props.onCommunities(new Set());
            props.onCaregivers(new Set());
          }}
          data-testid="filter-clear"
        >
          {t('reports.filter.clear')}
        </button>
      ) : null}
    </section>
  );
}
