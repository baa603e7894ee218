/**
 * Geometry of the timeline's vital-sign trend charts, apart from the SVG so it can be tested in node. It
 * builds on assessments/chart.ts (the box and the ADL chart's maths): time runs along x in proportion to the
 * instants, y is linear over a "nice" domain that always contains the readings and the normal range, so a
 * shaded band is never cut off unexpectedly and a reading is never drawn outside the plot.
 *
 * Invariant: every series is chronological (oldest first) and holds only readings of visits that were done;
 * a glucose meter's 'LO'/'HI' is drawn at the edge of the accept range and keeps its reading as `meter`.
 */
import type { ChartBox } from '../assessments';
import type { Visit } from '../../../shared/visit';
import { VITAL_SPECS, type GlucoseMeterReading, type VitalKey, type VitalRange } from '../../../shared/vitals';

/** The small charts of the timeline: the ADL chart's box, scaled down. */
export const TREND_BOX: ChartBox = { width: 360, height: 150, padLeft: 36, padRight: 10, padTop: 8, padBottom: 22 };

export interface SeriesPoint {
  /** Visit id, so a point can be traced back to its visit. */
  id: string;
  at: string; // ISO instant
  value: number;
  meter?: GlucoseMeterReading;
}

export interface Domain {
  min: number;
  max: number;
}

function ms(iso: string): number {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : 0;
}

/**
 * x of each instant (same order as given). A single point sits in the middle; several at one instant are
 * spread in the given order rather than stacked (as chart.ts does for same-day assessments).
 */
export function timeXs(ats: readonly string[], box: ChartBox = TREND_BOX): number[] {
  const times = ats.map(ms);
  const t0 = Math.min(...times);
  const span = Math.max(...times) - t0;
  const innerW = box.width - box.padLeft - box.padRight;
  return times.map((t, i) =>
    span > 0 ? box.padLeft + (innerW * (t - t0)) / span : times.length === 1 ? box.padLeft + innerW / 2 : box.padLeft + (innerW * i) / (times.length - 1),
  );
}

/** 1, 2 or 5 × 10^k: the smallest at or above `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const k = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * k >= raw * (1 - 1e-9)) return m * k;
  return 10 * k;
}

/**
 * A domain holding every value and anchor (e.g. the normal-range limits), at least `minSpan` wide, widened
 * to whole steps of a nice size (about `ticks` intervals), and kept inside [floor, ceil] when given.
 */
export function valueDomain(values: readonly number[], anchors: readonly number[] = [], opts: { minSpan?: number; ticks?: number; floor?: number; ceil?: number } = {}): Domain & { step: number } {
  const all = [...values, ...anchors].filter((v) => Number.isFinite(v));
  let lo = all.length > 0 ? Math.min(...all) : 0;
  let hi = all.length > 0 ? Math.max(...all) : 1;
  const minSpan = opts.minSpan ?? 1;
  if (hi - lo < minSpan) {
    const mid = (hi + lo) / 2;
    lo = mid - minSpan / 2;
    hi = mid + minSpan / 2;
  }
  const step = niceStep((hi - lo) / (opts.ticks ?? 4));
  let min = Math.floor(lo / step) * step;
  let max = Math.ceil(hi / step) * step;
  if (opts.floor !== undefined && min < opts.floor) min = opts.floor;
  if (opts.ceil !== undefined && max > opts.ceil) max = opts.ceil;
  if (max <= min) max = min + step;
  return { min, max, step };
}

/** Tick values: the multiples of `step` inside the domain. */
export function ticks(domain: Domain, step: number): number[] {
  const out: number[] = [];
  const first = Math.ceil(domain.min / step - 1e-9);
  for (let i = first; i * step <= domain.max + 1e-9; i++) out.push(Math.round(i * step * 1e6) / 1e6);
  return out;
}

/** y of a value: the domain's max at the top of the plot, its min at the bottom. */
export function yScale(domain: Domain, box: ChartBox = TREND_BOX): (v: number) => number {
  const inner = box.height - box.padTop - box.padBottom;
  const span = domain.max - domain.min;
  return (v) => box.padTop + inner * (1 - (v - domain.min) / span);
}

/** The normal range of a vital as plain numbers (null: no limit on that side). */
export function normalLimits(range: Pick<VitalRange, 'low' | 'high'>): { low: number | null; high: number | null } {
  return { low: range.low?.value ?? null, high: range.high?.value ?? null };
}

/** The shaded band of [low, high] clipped to the domain; an open side runs to the edge. Null when empty. */
export function bandRect(domain: Domain, limits: { low: number | null; high: number | null }, box: ChartBox = TREND_BOX): { y: number; height: number } | null {
  if (limits.low === null && limits.high === null) return null;
  const lo = Math.max(domain.min, limits.low ?? domain.min);
  const hi = Math.min(domain.max, limits.high ?? domain.max);
  if (hi <= lo) return null;
  const y = yScale(domain, box);
  return { y: y(hi), height: y(lo) - y(hi) };
}

/** Readings of one vital, oldest first (visits that were done and have the reading). */
export function vitalSeries(visits: readonly Visit[], key: VitalKey): SeriesPoint[] {
  const out: SeriesPoint[] = [];
  const spec = VITAL_SPECS[key];
  for (const v of visits) {
    if (v.outcome !== 'done' || v.deletedAt !== null) continue;
    const value = v.vitals[key];
    if (value === null) continue;
    if (value === 'LO') out.push({ id: v.id, at: v.startedAt, value: spec.min, meter: 'LO' });
    else if (value === 'HI') out.push({ id: v.id, at: v.startedAt, value: spec.max, meter: 'HI' });
    else out.push({ id: v.id, at: v.startedAt, value });
  }
  return out.sort((a, b) => ms(a.at) - ms(b.at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Cuts `values` into consecutive pieces of the given lengths (e.g. one shared axis back into its series). */
export function splitBy<T>(values: readonly T[], lengths: readonly number[]): T[][] {
  const out: T[][] = [];
  let start = 0;
  for (const n of lengths) {
    out.push(values.slice(start, start + n));
    start += n;
  }
  return out;
}

/** SVG polyline points attribute. */
export function polyline(xs: readonly number[], ys: readonly number[]): string {
  return xs.map((x, i) => `${round2(x)},${round2(ys[i] ?? 0)}`).join(' ');
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
