/**
 * The records behind one figure: residents (name, community, ADL group at the period's end), visits (date,
 * resident, community, caregiver, outcome, minutes) or fund-approved care plans (resident, approval date),
 * from the facts the page already read. Every resident links to the profile.
 */
import { useEffect, useRef } from 'react';
import { adlAsOf } from '../../../shared/reports/definitions';
import type { ResidentFact, VisitFact } from '../../../shared/reports/facts';
import { residentFullName } from '../../../shared/resident';
import { routeHref } from '../../app/router';
import { shortId } from '../../app/userNames';
import { useI18n } from '../../i18n/I18nProvider';
import type { Drill } from './FigureTable';

export interface DrillSource {
  to: string;
  residents: ReadonlyMap<string, ResidentFact>;
  visits: ReadonlyMap<string, VisitFact>;
  /** Plan id → its resident. */
  planResident: ReadonlyMap<string, ResidentFact>;
  communityName(id: string): string;
  userName(id: string): string;
}

function ResidentLink({ id, r }: { id: string; r: ResidentFact | undefined }) {
  const { t } = useI18n();
  return (
    <a href={routeHref({ name: 'resident', id })} data-testid="drill-resident-link" data-resident={id}>
      {r ? residentFullName(r) : `${t('reports.drill.unknownResident')} (${shortId(id)})`}
    </a>
  );
}

export function DrillDown({ drill, source, onClose }: { drill: Drill; source: DrillSource; onClose(): void }) {
  const { t, date } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [drill]);
  return (
    <section className="card report-drill" aria-labelledby="report-drill-title" data-testid="report-drill" data-kind={drill.kind} data-count={drill.ids.length}>
      <div className="row">
        <h2 id="report-drill-title" tabIndex={-1} ref={heading}>
          {t('reports.drill.title', { column: drill.column, row: drill.row })}
        </h2>
        <span className="muted">{t('reports.drill.count', { n: drill.ids.length })}</span>
        <button type="button" className="btn" onClick={onClose} data-testid="drill-close">
          {t('action.close')}
        </button>
      </div>
      {drill.ids.length === 0 ? (
        <p className="muted">{t('reports.drill.empty')}</p>
      ) : (
        <div className="report-table-wrap">
          <table className="report-table">
            {drill.kind === 'visit' ? (
              <>
                <thead>
                  <tr>
                    <th scope="col">{t('reports.drill.date')}</th>
                    <th scope="col">{t('reports.drill.resident')}</th>
                    <th scope="col">{t('reports.drill.community')}</th>
                    <th scope="col">{t('reports.drill.caregiver')}</th>
                    <th scope="col">{t('reports.drill.outcome')}</th>
                    <th scope="col" className="num">
                      {t('reports.drill.minutes')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {drill.ids.map((id) => {
                    const v = source.visits.get(id);
                    if (!v) return null;
                    const r = source.residents.get(v.residentId);
                    return (
                      <tr key={id} data-testid="drill-row" data-visit={id}>
                        <td>{date(v.date, 'short')}</td>
                        <th scope="row">
                          <ResidentLink id={v.residentId} r={r} />
                        </th>
                        <td>{source.communityName(r?.communityId ?? '')}</td>
                        <td>{source.userName(v.caregiverId)}</td>
                        <td>{t(v.outcome === 'done' ? 'reports.outcome.done' : 'reports.outcome.missed')}</td>
                        <td className="num">{v.minutes}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </>
            ) : (
              <>
                <thead>
                  <tr>
                    <th scope="col">{t('reports.drill.resident')}</th>
                    <th scope="col">{t('reports.drill.community')}</th>
                    <th scope="col">{t(drill.kind === 'plan' ? 'reports.drill.fundApproved' : 'reports.drill.adl')}</th>
                  </tr>
                </thead>
                <tbody>
                  {drill.ids.map((id) => {
                    const r = drill.kind === 'plan' ? source.planResident.get(id) : source.residents.get(id);
                    const rid = r?.id ?? id;
                    const adl = r ? adlAsOf(r, source.to) : null;
                    const plan = drill.kind === 'plan' ? r?.plans.find((p) => p.id === id) : undefined;
                    return (
                      <tr key={id} data-testid="drill-row" data-resident={rid}>
                        <th scope="row">
                          <ResidentLink id={rid} r={r} />
                        </th>
                        <td>{source.communityName(r?.communityId ?? '')}</td>
                        <td>
                          {drill.kind === 'plan'
                            ? plan?.fundApprovedOn
                              ? date(plan.fundApprovedOn, 'short')
                              : ''
                            : adl
                              ? `${t(`adl.group.${adl.group}`)} (${adl.total})`
                              : t('adl.group.none')}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </>
            )}
          </table>
        </div>
      )}
    </section>
  );
}
