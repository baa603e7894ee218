import { describe, expect, it } from 'vitest';
import { yFor } from '../assessments';
import { DEFAULT_VITAL_SETTINGS } from '../../../shared/vitals';
import { visitRow } from './testRows';
import { bandRect, niceStep, normalLimits, polyline, splitBy, ticks, timeXs, TREND_BOX, valueDomain, vitalSeries, yScale } from './trendMath';

const B = TREND_BOX;
const left = B.padLeft;
const right = B.width - B.padRight;

describe('time axis', () => {
  it('places instants in proportion to time, first at the left, last at the right', () => {
    const xs = timeXs(['2025-01-01T00:00:00Z', '2025-01-01T06:00:00Z', '2025-01-02T00:00:00Z']);
    expect(xs[0]).toBe(left);
    expect(xs[2]).toBe(right);
    expect(xs[1]).toBeCloseTo(left + (right - left) / 4);
  });
  it('centres one point and spreads several at the same instant', () => {
    expect(timeXs(['2025-01-01T00:00:00Z'])).toEqual([left + (right - left) / 2]);
    expect(timeXs(['2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z'])).toEqual([left, right]);
  });
});

describe('value axis', () => {
  it('picks 1-2-5 steps', () => {
    expect([0.3, 1, 1.5, 3, 7, 12, 40, 160].map(niceStep)).toEqual([0.5, 1, 2, 5, 10, 20, 50, 200]);
  });
  it('holds every value and the normal range, on whole steps', () => {
    const d = valueDomain([118, 152, 171], [90, 140]);
    expect(d.min).toBeLessThanOrEqual(90);
    expect(d.max).toBeGreaterThanOrEqual(171);
    expect(d.min % d.step).toBe(0);
    expect(d.max % d.step).toBe(0);
    expect(ticks(d, d.step)[0]).toBe(d.min);
    expect(ticks(d, d.step).at(-1)).toBe(d.max);
  });
  it('widens a flat series to the minimum span and respects floor and ceiling', () => {
    const flat = valueDomain([55, 55], [], { minSpan: 4 });
    expect(flat.max - flat.min).toBeGreaterThanOrEqual(4);
    expect(flat.min).toBeLessThanOrEqual(53);
    const clipped = valueDomain([5, 590], [], { floor: 20, ceil: 600 });
    expect(clipped.min).toBe(20);
    expect(clipped.max).toBe(600);
  });
  it('maps the domain onto the plot like the ADL chart does for 0–20', () => {
    const y = yScale({ min: 0, max: 20 });
    for (const v of [0, 7, 12, 20]) expect(y(v)).toBeCloseTo(yFor(v, B));
  });
});

describe('normal band', () => {
  it('shades low..high, open sides to the edge, clipped to the domain', () => {
    const d = { min: 60, max: 200 };
    const y = yScale(d);
    const sys = bandRect(d, normalLimits(DEFAULT_VITAL_SETTINGS.ranges.systolic));
    expect(sys).toEqual({ y: y(140), height: y(90) - y(140) });
    const dia = bandRect(d, normalLimits(DEFAULT_VITAL_SETTINGS.ranges.diastolic)); // no low: down to the axis
    expect(dia).toEqual({ y: y(90), height: y(60) - y(90) });
    expect(bandRect({ min: 150, max: 200 }, { low: 90, high: 140 })).toBeNull();
    expect(bandRect(d, { low: null, high: null })).toBeNull();
  });
});

describe('vitalSeries', () => {
  it('keeps done visits with the reading, oldest first; meter LO/HI at the accept-range edges', () => {
    const visits = [
      visitRow('c', '2025-03-03T02:00:00.000Z', { vitals: { glucose: 'HI' } }),
      visitRow('a', '2025-03-01T02:00:00.000Z', { vitals: { glucose: 110 } }),
      visitRow('m', '2025-03-02T02:00:00.000Z', { outcome: 'missed', missedReason: 'not_home', vitals: { glucose: 90 } }),
      visitRow('b', '2025-03-02T05:00:00.000Z', { vitals: { glucose: 'LO' } }),
      visitRow('n', '2025-03-04T02:00:00.000Z'),
    ];
    expect(vitalSeries(visits, 'glucose')).toEqual([
      { id: 'a', at: '2025-03-01T02:00:00.000Z', value: 110 },
      { id: 'b', at: '2025-03-02T05:00:00.000Z', value: 20, meter: 'LO' },
      { id: 'c', at: '2025-03-03T02:00:00.000Z', value: 600, meter: 'HI' },
    ]);
  });
  it('splits a shared axis back into its series', () => {
    expect(splitBy([1, 2, 3, 4, 5], [2, 0, 3])).toEqual([[1, 2], [], [3, 4, 5]]);
  });
  it('formats polyline points', () => {
    expect(polyline([1, 2.005], [3.3333, 4])).toBe('1,3.33 2.01,4');
  });
});
