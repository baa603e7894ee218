import type { ReactNode } from 'react';
import type { ChartBox } from '../assessments';
import { bandRect, polyline, splitBy, ticks, timeXs, TREND_BOX, yScale, type Domain, type SeriesPoint } from './trendMath';

export interface TrendSeries {
  key: string;
  colour: string;
  /** Named in a legend when the chart has more than one series. */
  name?: string;
  points: readonly SeriesPoint[];
  /** Normal range of this series, shaded in its colour (omitted: nothing shaded). */
  limits?: { low: number | null; high: number | null };
  /** A point's hover text (<title>). */
  pointTitle(p: SeriesPoint): string;
  /** Drawn larger and in the warning colour. */
  abnormal?(p: SeriesPoint): boolean;
}

export interface TrendChartProps {
  testId: string;
  title: string;
  /** Number of readings (data-points); a chart needs 2. */
  count: number;
  /** Shown instead of the chart when there are fewer than 2 readings. */
  fewText: string;
  /** The svg's accessible name: what the chart says in one sentence. */
  label: string;
  /** Below the chart, e.g. "the shaded band is the normal range". */
  note?: string;
  series: readonly TrendSeries[];
  domain: Domain & { step: number };
  /** First and last date under the x axis. */
  fromText: string;
  toText: string;
  /** Extra shapes drawn under the lines (e.g. the ADL group bands). */
  background?: ReactNode;
  box?: ChartBox;
}

/**
 * Markers beyond this many readings are drawn only for abnormal ones: 500 visits would otherwise put
 * 500 circles with titles per chart into the page, and the line already shows the trend.
 */
const MAX_MARKERS = 100;

/** A small line chart of readings over time, with each series' normal range shaded. */
export function TrendChart(props: TrendChartProps) {
  const box = props.box ?? TREND_BOX;
  if (props.count < 2) {
    return (
      <figure className="trend" data-testid={props.testId} data-points={props.count}>
        <figcaption>{props.title}</figcaption>
        <p className="muted small">{props.fewText}</p>
      </figure>
    );
  }
  const y = yScale(props.domain, box);
  const plotRight = box.width - box.padRight;
  const allAts = props.series.flatMap((s) => s.points.map((p) => p.at));
  // x positions per series, from one time axis shared by all series.
  const xsBySeries = splitBy(
    timeXs(allAts, box),
    props.series.map((s) => s.points.length),
  );
  const placed = props.series.map((s, i) => ({ s, xs: xsBySeries[i] ?? [], ys: s.points.map((p) => y(p.value)) }));

  return (
    <figure className="trend" data-testid={props.testId} data-points={props.count}>
      <figcaption>
        {props.title}
        {props.series.length > 1 ? (
          <span className="trend-legend">
            {props.series.map((s) => (
              <span key={s.key} style={{ color: s.colour }}>
                ━ {s.name ?? s.key}
              </span>
            ))}
          </span>
        ) : null}
      </figcaption>
      <svg role="img" aria-label={props.label} viewBox={`0 0 ${box.width} ${box.height}`} width="100%" style={{ maxWidth: box.width, display: 'block' }}>
        {props.background}
        {props.series.map((s) => {
          const band = s.limits ? bandRect(props.domain, s.limits, box) : null;
          return band ? <rect key={`band-${s.key}`} className="trend-band" x={box.padLeft} y={band.y} width={plotRight - box.padLeft} height={band.height} fill={s.colour} opacity={0.12} /> : null;
        })}
        {ticks(props.domain, props.domain.step).map((v) => (
          <g key={v}>
            <line x1={box.padLeft} x2={plotRight} y1={y(v)} y2={y(v)} stroke="var(--line)" strokeWidth={0.5} />
            <text x={box.padLeft - 4} y={y(v) + 3} textAnchor="end" fontSize="9" fill="var(--muted)">
              {v}
            </text>
          </g>
        ))}
        {placed.map(({ s, xs: sx, ys }) => (
          <g key={s.key} data-series={s.key} data-points={s.points.length}>
            <polyline points={polyline(sx, ys)} fill="none" stroke={s.colour} strokeWidth={1.5} />
            {s.points.map((p, i) => {
              const bad = s.abnormal?.(p) ?? false;
              if (s.points.length > MAX_MARKERS && !bad) return null;
              return (
                <circle key={p.id} cx={sx[i]} cy={ys[i]} r={bad ? 3.5 : 2.5} fill={bad ? 'var(--danger)' : s.colour} data-abnormal={bad || undefined}>
                  <title>{s.pointTitle(p)}</title>
                </circle>
              );
            })}
          </g>
        ))}
        <text x={box.padLeft} y={box.height - 6} fontSize="9" fill="var(--muted)">
          {props.fromText}
        </text>
        <text x={plotRight} y={box.height - 6} textAnchor="end" fontSize="9" fill="var(--muted)">
          {props.toText}
        </text>
      </svg>
      {props.note ? <p className="muted small trend-note">{props.note}</p> : null}
    </figure>
  );
}
