import { ADL_MAX_TOTAL, type AdlGroup } from '../../../shared/adl';
import { useI18n } from '../../i18n/I18nProvider';
import { chartBands, chartPoints, DEFAULT_BOX, yFor } from './chart';

export interface AdlTrendChartProps {
  history: readonly { assessedOn: string; total: number }[];
}

const BAND_FILL: Record<AdlGroup, string> = {
  social: 'var(--social)',
  homebound: 'var(--homebound)',
  bedbound: 'var(--bedbound)',
};
const Y_TICKS = [0, 5, 10, 15, ADL_MAX_TOTAL];

/** ADL totals over time as a small line chart; each point names its date and score in a <title>. */
export function AdlTrendChart({ history }: AdlTrendChartProps) {
  const { t, date } = useI18n();
  const box = DEFAULT_BOX;
  const points = chartPoints(history, box);
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return null;
  const label = t('adl.chart.label', { n: points.length, from: date(first.assessedOn), to: date(last.assessedOn), total: last.total });
  const plotRight = box.width - box.padRight;

  return (
    <svg
      role="img"
      aria-label={label}
      viewBox={`0 0 ${box.width} ${box.height}`}
      width="100%"
      style={{ maxWidth: box.width, display: 'block' }}
      data-testid="adl-chart"
    >
      {chartBands(box).map((b) => (
        <g key={b.group}>
          <rect x={box.padLeft} y={b.y} width={plotRight - box.padLeft} height={b.height} fill={BAND_FILL[b.group]} opacity={0.1} />
          <text x={plotRight - 4} y={b.y + 12} textAnchor="end" fontSize="10" fill={BAND_FILL[b.group]}>
            {t(`adl.group.${b.group}`)}
          </text>
        </g>
      ))}
      {Y_TICKS.map((v) => (
        <g key={v}>
          <line x1={box.padLeft} x2={plotRight} y1={yFor(v, box)} y2={yFor(v, box)} stroke="var(--line)" strokeWidth={0.5} />
          <text x={box.padLeft - 6} y={yFor(v, box) + 4} textAnchor="end" fontSize="10" fill="var(--muted)">
            {v}
          </text>
        </g>
      ))}
      {points.length > 1 ? (
        <polyline points={points.map((p) => `${p.x},${p.y}`).join(' ')} fill="none" stroke="var(--primary)" strokeWidth={2} />
      ) : null}
      {points.map((p, i) => (
        <circle key={`${p.assessedOn}-${i}`} cx={p.x} cy={p.y} r={4} fill="var(--primary)">
          <title>{t('adl.chart.point', { date: date(p.assessedOn), total: p.total, group: t(`adl.group.${p.group}`) })}</title>
        </circle>
      ))}
      <text x={box.padLeft} y={box.height - 8} fontSize="10" fill="var(--muted)">
        {date(first.assessedOn, 'short')}
      </text>
      {points.length > 1 ? (
        <text x={plotRight} y={box.height - 8} textAnchor="end" fontSize="10" fill="var(--muted)">
          {date(last.assessedOn, 'short')}
        </text>
      ) : null}
    </svg>
  );
}
