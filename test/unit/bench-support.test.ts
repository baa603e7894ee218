import { describe, expect, it } from 'vitest';
import { median, percentile, round1 } from '../bench/support';

describe('percentile', () => {
  it('interpolates between ranks like PERCENTILE.INC', () => {
    const v = [15, 20, 35, 40, 50];
    expect(percentile(v, 0)).toBe(15);
    expect(percentile(v, 100)).toBe(50);
    expect(percentile(v, 50)).toBe(35);
    expect(percentile(v, 40)).toBe(29); // rank 1.6 → 20 + 0.6 × 15
    expect(percentile(v, 95)).toBeCloseTo(48); // rank 3.8 → 40 + 0.8 × 10
  });

  it('does not depend on input order and does not mutate it', () => {
    const v = [9, 1, 5, 3, 7];
    const copy = [...v];
    expect(percentile(v, 25)).toBe(3);
    expect(v).toEqual(copy);
  });

  it('p95 of 1..100 is 95.05', () => {
    const v = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(v, 95)).toBeCloseTo(95.05, 10);
  });

  it('a single value is every percentile', () => {
    expect(percentile([42], 0)).toBe(42);
    expect(percentile([42], 95)).toBe(42);
  });

  it('rejects empty input, p outside [0, 100] and non-finite values', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1], -1)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
    expect(() => percentile([1, Number.NaN], 50)).toThrow(RangeError);
  });
});

describe('median', () => {
  it('odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('round1', () => {
  it('rounds to one decimal', () => {
    expect(round1(123.456)).toBe(123.5);
    expect(round1(0.04)).toBe(0);
  });
});
