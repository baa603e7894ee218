import { adlTrend } from '../../../shared/adl';
import { useI18n } from '../../i18n/I18nProvider';
import { AdlGroupBadge } from './AdlGroupBadge';
import { useAssessments } from './queries';
import { lazyPart } from '../../app/lazy';
import { ColumnHeads } from '../../ui/ColumnHeads';

// The chart fills in after the history's rows (its own chunk).
const AdlTrendChart = lazyPart(() => import('./AdlTrendChart').then((m) => m.AdlTrendChart), { inline: true }).Component;

export interface AdlHistoryProps {
  residentId: string;
}

/** A resident's ADL assessments, newest first, with the change since the previous one and a trend chart. */
export function AdlHistory({ residentId }: AdlHistoryProps) {
  const { t, date } = useI18n();
  const list = useAssessments(residentId);

  if (list === undefined) return <p className="muted">{t('app.loading')}</p>;
  if (list.length === 0) {
    return (
      <p className="muted" data-testid="adl-history" data-count={0}>
        {t('adl.history.empty')}
      </p>
    );
  }
  // listAssessments is newest first; adlTrend wants recording order so a same-day reassessment counts as later.
  const chronological = [...list].reverse();
  const trend = adlTrend(chronological);
  const trendText =
    trend.direction === 'improved'
      ? t('adl.trend.improved', { delta: trend.delta })
      : trend.direction === 'declined'
        ? t('adl.trend.declined', { delta: Math.abs(trend.delta) })
        : trend.direction === 'same'
          ? t('adl.trend.same')
          : null;

  return (
    <div className="stack" data-testid="adl-history" data-count={list.length}>
      {trendText ? (
        <p
          className={trend.significant ? 'alert alert-warning' : 'muted'}
          data-testid="adl-trend"
          data-direction={trend.direction}
          data-delta={trend.delta}
          data-significant={trend.significant}
        >
          {trendText}
          {trend.groupChanged ? ` · ${t('adl.trend.groupChanged')}` : ''}
          {trend.significant ? (
            <>
              {' · '}
              <strong>{t('adl.trend.significant')}</strong>
            </>
          ) : null}
        </p>
      ) : null}
      <AdlTrendChart history={chronological} />
      <table className="data">
        <caption className="sr-only">{t('adl.history.caption')}</caption>
        <ColumnHeads labels={[t('adl.col.date'), t('adl.col.total'), t('adl.col.group'), t('adl.col.tai'), t('adl.col.reason')]} />
        <tbody>
          {list.map((a) => (
            <tr key={a.id} data-testid="adl-history-row">
              <td>{date(a.assessedOn)}</td>
              <td>{t('adl.totalOf20', { total: a.total })}</td>
              <td>
                <AdlGroupBadge group={a.group} />
              </td>
              <td data-testid="adl-history-tai">{a.taiGroup ?? '–'}</td>
              <td>{t(`adl.reason.${a.reason}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
