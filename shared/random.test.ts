import { describe, expect, it } from 'vitest';
import { mix, Rng } from './random';

describe('Rng', () => {
  it('is deterministic per seed, and different seeds give different streams', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(mix(42, 1));
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });
  it('draws integers inside their inclusive bounds, reaching both ends', () => {
    const r = new Rng(7);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) seen.add(r.int(1, 4));
    expect([...seen].sort()).toEqual([1, 2, 3, 4]);
    expect(() => r.pick([])).toThrow(RangeError);
  });
});
