import { describe, expect, it } from 'vitest';
import { rangeOf, windowRows } from './useRowWindow';

const indexes = (rows: { index: number }[]) => rows.map((r) => r.index);

describe('useRowWindow', () => {
  it('takes the rows the view crosses, a row cut by either edge included', () => {
    expect(rangeOf(0, 104, 52)).toEqual([0, 1]);
    expect(rangeOf(0, 105, 52)).toEqual([0, 2]);
    expect(rangeOf(51, 52, 52)).toEqual([0, 1]);
    expect(rangeOf(52, 52, 52)).toEqual([1, 1]);
  });

  it('draws no rows while the view has no height', () => {
    expect(rangeOf(0, 0, 52)).toBeNull();
    expect(windowRows(null, 100, 52, 3)).toEqual([]);
  });

  it('adds the overscan on each side, within the list', () => {
    expect(indexes(windowRows([5, 8], 100, 52, 3))).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(indexes(windowRows([0, 2], 4, 52, 3))).toEqual([0, 1, 2, 3]);
    expect(windowRows([1, 1], 10, 60, 0)).toEqual([{ index: 1, start: 60, end: 120 }]);
  });

  it('keeps the last rows when the list got shorter than the scroll position', () => {
    expect(indexes(windowRows([50, 60], 10, 52, 2))).toEqual([7, 8, 9]);
    expect(windowRows([0, 5], 0, 52, 2)).toEqual([]);
  });
});
