/**
 * The LTC per-person service list on screen: citizen IDs masked (the export has them in full), a person
 * without one shown with the reason (never dropped), the amount claimable per person and in total.
 */
import { maskThaiId } from '../../../shared/ids/thaiId';
import type { ServiceRow } from '../../../shared/reports/definitions';
import { formatBaht } from '../../../shared/reports/present';
import { residentFullName } from '../../../shared/resident';
import { routeHref } from '../../app/router';
import { useI18n } from '../../i18n/I18nProvider';

export function ServiceList({ rows, totalSatang, communityName, userName }: { rows: readonly ServiceRow[]; totalSatang: number; communityName(id: string): string; userName(id: string | null): string }) {
  const { t, date } = useI18n();
  return (
    <section className="report-block" aria-labelledby="report-service-title" data-testid="report-service">
      <h2 id="report-service-title">{t('reports.service.title')}</h2>
      <p className="small muted">{t('reports.service.hint')}</p>
      {rows.length === 0 ? (
        <p className="muted" data-testid="report-service-empty">
          {t('reports.service.empty')}
        </p>
      ) : (
        <div className="report-table-wrap">
          <table className="report-table">
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t('reports.service.seq')}
                </th>
                <th scope="col">{t('reports.service.nationalId')}</th>
                <th scope="col">{t('reports.service.name')}</th>
                <th scope="col">{t('reports.service.community')}</th>
                <th scope="col">{t('reports.service.adl')}</th>
                <th scope="col">{t('reports.service.tai')}</th>
                <th scope="col">{t('reports.service.caregiver')}</th>
                <th scope="col">{t('reports.service.planRef')}</th>
                <th scope="col">{t('reports.service.fundApprovedOn')}</th>
                <th scope="col" className="num">
                  {t('reports.service.coveredDays')}
                </th>
                <th scope="col" className="num">
                  {t('reports.service.visits')}
                </th>
                <th scope="col" className="num">
                  {t('reports.service.amount')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={r.residentId} data-testid="service-row" data-resident={r.residentId} data-satang={r.amountSatang}>
                  <td className="num">{i + 1}</td>
                  <td data-testid="service-id">{r.nationalId !== null ? maskThaiId(r.nationalId) : t('reports.service.noId', { reason: r.noIdReason ?? '' })}</td>
                  <th scope="row">
                    <a href={routeHref({ name: 'resident', id: r.residentId })}>{residentFullName(r)}</a>
                  </th>
                  <td>{communityName(r.communityId)}</td>
                  <td>
                    {t(`adl.group.${r.adlGroup}`)} ({r.adlTotal})
                  </td>
                  <td>{r.tai ?? ''}</td>
                  <td>{r.caregiverId === null ? '' : userName(r.caregiverId)}</td>
                  <td>{r.planRef}</td>
                  <td>{date(r.fundApprovedOn, 'short')}</td>
                  <td className="num">{r.coveredDays}</td>
                  <td className="num">{r.visits}</td>
                  <td className="num">{formatBaht(r.amountSatang)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr data-testid="service-total" data-satang={totalSatang}>
                <th scope="row" colSpan={11}>
                  {t('reports.service.total')}
                </th>
                <td className="num">{formatBaht(totalSatang)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </section>
  );
}
