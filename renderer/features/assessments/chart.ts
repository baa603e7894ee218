/**
 * Geometry of the ADL trend chart, kept apart from the SVG so it can be tested in node. Time runs along x in
 * proportion to the dates (a gap of a year looks like one); y is the 0–20 total. The shaded group bands come
 * from shared adlGroup, so the chart can never disagree with the grouping rule.
 */
import { ADL_GROUP_ORDER, ADL_MAX_TOTAL, adlGroup, type AdlGroup } from '../../../shared/adl';

export interface ChartBox {
  width: number;
  height: number;
  padLeft: number;
  padRight: number;
  padTop: number;
  padBottom: number;
}

export const DEFAULT_BOX: ChartBox = { width: 520, height: 200, padLeft: 32, padRight: 16, padTop: 10, padBottom: 28 };

export interface ChartPoint {
  x: number;
  y: number;
  total: number;
  assessedOn: string;
  group: AdlGroup;
}

export interface ChartBand {
  group: AdlGroup;
  /** Lowest and highest total in the group. */
  min: number;
  max: number;
  /** SVG rectangle, half a point beyond each end so neighbouring bands meet. */
  y: number;
  height: number;
}

function dayNumber(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;
}

export function yFor(total: number, box: ChartBox = DEFAULT_BOX): number {
  const inner = box.height - box.padTop - box.padBottom;
  return box.padTop + inner * (1 - total / ADL_MAX_TOTAL);
}

/** Points sorted by date (ties keep input order); a single point sits in the middle. */
export function chartPoints(history: readonly { assessedOn: string; total: number }[], box: ChartBox = DEFAULT_BOX): ChartPoint[] {
  const sorted = [...history].sort((a, b) => (a.assessedOn < b.assessedOn ? -1 : a.assessedOn > b.assessedOn ? 1 : 0));
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (!first || !last) return [];
  const d0 = dayNumber(first.assessedOn);
  const span = dayNumber(last.assessedOn) - d0;
  const innerW = box.width - box.padLeft - box.padRight;
  // All on one day (a same-day reassessment): spread them in recording order rather than stack them.
  const xFor = (h: { assessedOn: string }, i: number): number =>
    span > 0
      ? box.padLeft + (innerW * (dayNumber(h.assessedOn) - d0)) / span
      : sorted.length === 1
        ? box.padLeft + innerW / 2
        : box.padLeft + (innerW * i) / (sorted.length - 1);
  return sorted.map((h, i) => ({
    x: xFor(h, i),
    y: yFor(h.total, box),
    total: h.total,
    assessedOn: h.assessedOn,
    group: adlGroup(h.total),
  }));
}

/** One band per group, from the totals adlGroup puts in it. */
export function chartBands(box: ChartBox = DEFAULT_BOX): ChartBand[] {
  const bands: ChartBand[] = [];
  for (const group of ADL_GROUP_ORDER) {
    const totals = Array.from({ length: ADL_MAX_TOTAL + 1 }, (_, i) => i).filter((v) => adlGroup(v) === group);
    const min = Math.min(...totals);
    const max = Math.max(...totals);
    const top = yFor(Math.min(ADL_MAX_TOTAL, max + 0.5), box);
    const bottom = yFor(Math.max(0, min - 0.5), box);
    bands.push({ group, min, max, y: top, height: bottom - top });
  }
  return bands;
}
