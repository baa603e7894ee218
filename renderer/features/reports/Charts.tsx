/**
 * The Reports page's charts as plain SVG (no chart library: the page's chunk stays small). Each is an image
 * named by its title, with a text alternative giving every value (the same figures are in the tables too).
 */
import { useId } from 'react';
import { useI18n } from '../../i18n/I18nProvider';

export interface BarCategory {
  label: string;
  values: readonly number[];
}

const COLOURS = ['#2f6f9f', '#d9822b', '#b83232', '#7a7f87', '#3c8d5a'] as const;

function Legend({ series }: { series: readonly string[] }) {
  if (series.length < 2) return null;
  return (
    <ul className="chart-legend" aria-hidden="true">
      {series.map((s, i) => (
        <li key={s}>
          <span className="chart-swatch" style={{ background: COLOURS[i % COLOURS.length] }} />
          {s}
        </li>
      ))}
    </ul>
  );
}

/** Horizontal bars, one per category, stacked by series. */
export function BarChart({ title, series, categories, testId }: { title: string; series: readonly string[]; categories: readonly BarCategory[]; testId: string }) {
  const { t } = useI18n();
  const id = useId();
  const max = Math.max(1, ...categories.map((c) => c.values.reduce((a, b) => a + b, 0)));
  const labelW = 150;
  const barW = 210;
  const rowH = 26;
  const height = Math.max(rowH, categories.length * rowH) + 8;
  const values = categories.map((c) => `${c.label}: ${series.length > 1 ? c.values.map((v, i) => `${series[i]} ${v}`).join(', ') : String(c.values[0] ?? 0)}`).join('; ');
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <Legend series={series} />
      <svg role="img" aria-labelledby={`${id}-title`} aria-describedby={`${id}-desc`} viewBox={`0 0 ${labelW + barW + 40} ${height}`} className="chart-svg">
        {categories.map((c, row) => {
          let x = labelW;
          const total = c.values.reduce((a, b) => a + b, 0);
          const y = 4 + row * rowH;
          return (
            <g key={c.label}>
              <text x={labelW - 6} y={y + rowH / 2 + 4} textAnchor="end" className="chart-label">
                {c.label.length > 18 ? `${c.label.slice(0, 17)}…` : c.label}
              </text>
              {c.values.map((v, i) => {
                const w = (v / max) * barW;
                const rect = <rect key={i} x={x} y={y + 3} width={w} height={rowH - 6} fill={COLOURS[i % COLOURS.length]} />;
                x += w;
                return rect;
              })}
              <text x={x + 4} y={y + rowH / 2 + 4} className="chart-label">
                {total}
              </text>
            </g>
          );
        })}
      </svg>
      <p id={`${id}-desc`} className="sr-only">
        {t('reports.chart.describe', { title, values })}
      </p>
    </figure>
  );
}

/** One line through the points, left to right, with the value at each point. */
export function LineChart({ title, points, testId }: { title: string; points: readonly { label: string; value: number }[]; testId: string }) {
  const { t } = useI18n();
  const id = useId();
  const w = 400;
  const h = 180;
  const padX = 30;
  const padY = 24;
  const max = Math.max(1, ...points.map((p) => p.value));
  const step = points.length > 1 ? (w - 2 * padX) / (points.length - 1) : 0;
  const xy = points.map((p, i) => ({ ...p, x: points.length > 1 ? padX + i * step : w / 2, y: h - padY - (p.value / max) * (h - 2 * padY) }));
  const values = points.map((p) => `${p.label}: ${p.value}`).join('; ');
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <svg role="img" aria-labelledby={`${id}-title`} aria-describedby={`${id}-desc`} viewBox={`0 0 ${w} ${h + 20}`} className="chart-svg">
        <line x1={padX} y1={h - padY} x2={w - padX} y2={h - padY} stroke="#7a7f87" />
        <polyline points={xy.map((p) => `${p.x},${p.y}`).join(' ')} fill="none" stroke={COLOURS[0]} strokeWidth={2} />
        {xy.map((p) => (
          <g key={p.label}>
            <circle cx={p.x} cy={p.y} r={3.5} fill={COLOURS[0]} />
            <text x={p.x} y={p.y - 8} textAnchor="middle" className="chart-label">
              {p.value}
            </text>
            {xy.indexOf(p) % Math.ceil(points.length / 4) === 0 ? (
              <text x={p.x} y={h + 4} textAnchor="middle" className="chart-label">
                {p.label}
              </text>
            ) : null}
          </g>
        ))}
      </svg>
      <p id={`${id}-desc`} className="sr-only">
        {t('reports.chart.describe', { title, values })}
      </p>
    </figure>
  );
}
