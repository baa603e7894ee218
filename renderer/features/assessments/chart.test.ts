import { describe, expect, it } from 'vitest';
import { chartBands, chartPoints, DEFAULT_BOX, yFor } from './chart';

describe('ADL chart geometry', () => {
  it('maps 0 to the bottom and 20 to the top of the plot area', () => {
    expect(yFor(20)).toBe(DEFAULT_BOX.padTop);
    expect(yFor(0)).toBe(DEFAULT_BOX.height - DEFAULT_BOX.padBottom);
  });
  it('spaces points by date, not by index, and sorts them', () => {
    const pts = chartPoints([
      { assessedOn: '2025-01-01', total: 10 },
      { assessedOn: '2024-01-01', total: 12 },
      { assessedOn: '2024-01-02', total: 11 },
    ]);
    expect(pts.map((p) => p.assessedOn)).toEqual(['2024-01-01', '2024-01-02', '2025-01-01']);
    const left = DEFAULT_BOX.padLeft;
    const right = DEFAULT_BOX.width - DEFAULT_BOX.padRight;
    expect(pts[0]?.x).toBe(left);
    expect(pts[2]?.x).toBe(right);
    // one day out of 366 sits near the left edge
    expect((pts[1]?.x ?? 0) - left).toBeLessThan(2);
    expect(pts.map((p) => p.group)).toEqual(['social', 'homebound', 'homebound']);
  });
  it('centres a single point', () => {
    const [p] = chartPoints([{ assessedOn: '2024-05-05', total: 4 }]);
    expect(p?.x).toBe(DEFAULT_BOX.padLeft + (DEFAULT_BOX.width - DEFAULT_BOX.padLeft - DEFAULT_BOX.padRight) / 2);
    expect(p?.group).toBe('bedbound');
    expect(chartPoints([])).toEqual([]);
  });
  it('spreads same-day assessments in recording order instead of stacking them', () => {
    const pts = chartPoints([
      { assessedOn: '2024-05-05', total: 4 },
      { assessedOn: '2024-05-05', total: 9 },
    ]);
    expect(pts.map((p) => p.total)).toEqual([4, 9]);
    expect(pts[0]?.x).toBe(DEFAULT_BOX.padLeft);
    expect(pts[1]?.x).toBe(DEFAULT_BOX.width - DEFAULT_BOX.padRight);
  });
  it('draws bands from the grouping rule: 12–20, 5–11, 0–4, touching and covering the plot', () => {
    const bands = chartBands();
    expect(bands.map((b) => [b.group, b.min, b.max])).toEqual([
      ['social', 12, 20],
      ['homebound', 5, 11],
      ['bedbound', 0, 4],
    ]);
    const [social, home, bed] = bands;
    expect(social?.y).toBe(yFor(20));
    expect((social?.y ?? 0) + (social?.height ?? 0)).toBeCloseTo(home?.y ?? -1);
    expect((home?.y ?? 0) + (home?.height ?? 0)).toBeCloseTo(bed?.y ?? -1);
    expect((bed?.y ?? 0) + (bed?.height ?? 0)).toBe(yFor(0));
  });
});
