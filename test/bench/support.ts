import type { Browser } from 'playwright-core';

/**
 * Statistics for benchmark samples. `percentile` interpolates linearly between the two nearest ranks
 * (the numpy/Excel PERCENTILE.INC definition), so p0 is the minimum, p100 the maximum and p50 the median.
 */

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('percentile of no values');
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile p must be in [0, 100], got ${p}`);
  if (values.some((v) => !Number.isFinite(v))) throw new RangeError('percentile of a non-finite value');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo] ?? 0;
  const b = sorted[hi] ?? 0;
  return a + (b - a) * (rank - lo);
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Rounds for printing (benchmarks print one decimal). */
export function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** One line of benchmark output (printed alone on stdout as JSON). */
export interface BenchLine {
  bench: string;
  value: number;
  unit: 'ms' | 'ops/s' | 'MB' | 'KB' | 'ratio';
  target?: number;
  /** Context printed with the figure: sample count, other percentiles, what was measured. */
  [extra: string]: string | number | boolean | undefined;
}

export interface BrowserBenchContext {
  browser: Browser;
  /** http://127.0.0.1:port/ serving dist/renderer with the app's CSP. */
  baseUrl: string;
  /** Prints one result line to stdout. */
  log(line: BenchLine): void;
}

export interface BrowserBench {
  name: string;
  run(ctx: BrowserBenchContext): Promise<void>;
}

/** A benchmark that runs in Node alone (no renderer build, no browser): run.ts runs these first. */
export interface NodeBench {
  name: string;
  run(ctx: { log(line: BenchLine): void }): Promise<void>;
}
