import { describe, expect, it } from 'vitest';
import { createUuidV7Generator, isUuidV7, uuidv7, uuidv7Time, type RandomFill } from './ids';

const fixed =
  (bytes: number[]): RandomFill =>
  (target) => {
    target.set(bytes.slice(0, target.length));
    return target;
  };

describe('uuidv7', () => {
  it('matches the RFC 9562 Appendix A.6 example for the same time and random bits', () => {
    const random = fixed([0, 0, 0, 0, 0, 0, 0x0c, 0xc3, 0x18, 0xc4, 0xdc, 0x0c, 0x0c, 0x07, 0x39, 0x8f]);
    expect(uuidv7(0x017f22e279b0, random)).toBe('017f22e2-79b0-7cc3-98c4-dc0c0c07398f');
  });

  it('sets version 7 and variant 10 whatever the random bytes are', () => {
    expect(uuidv7(0, fixed(new Array<number>(16).fill(0xff)))).toBe('00000000-0000-7fff-bfff-ffffffffffff');
    expect(uuidv7(0, fixed(new Array<number>(16).fill(0)))).toBe('00000000-0000-7000-8000-000000000000');
    for (let i = 0; i < 200; i++) {
      const id = uuidv7();
      expect(isUuidV7(id), id).toBe(true);
      expect(id[14]).toBe('7');
      expect('89ab').toContain(id[19]);
    }
  });

  it('encodes the time so that ids sort by it', () => {
    const t = Date.UTC(2025, 8, 30, 16, 59, 59, 999);
    expect(uuidv7Time(uuidv7(t))).toBe(t);
    const times = [0, 1, 255, 256, 65535, 65536, 2 ** 32, t, t + 1, 2 ** 48 - 1];
    const ids = times.map((ms) => uuidv7(ms));
    expect([...ids].sort()).toEqual(ids);
    expect(ids.map(uuidv7Time)).toEqual(times);
  });

  it('rejects times it cannot encode', () => {
    expect(() => uuidv7(-1)).toThrow(RangeError);
    expect(() => uuidv7(2 ** 48)).toThrow(RangeError);
    expect(() => uuidv7(1.5)).toThrow(RangeError);
  });
});

describe('createUuidV7Generator', () => {
  it('is strictly increasing within one millisecond, past the 12-bit counter', () => {
    const gen = createUuidV7Generator();
    const ids = Array.from({ length: 6000 }, () => gen(1_700_000_000_000));
    expect(ids.slice(1).every((id, i) => id > (ids[i] ?? ''))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    // 6000 ids do not fit one counter: the generator borrowed later milliseconds, never earlier ones.
    expect(uuidv7Time(ids.at(-1) ?? '')).toBeGreaterThan(1_700_000_000_000);
  });

  it('stays increasing when the wall clock steps back', () => {
    const gen = createUuidV7Generator();
    const a = gen(2_000_000);
    const b = gen(1_000_000);
    const c = gen(2_000_000);
    expect(a < b && b < c).toBe(true);
    expect(uuidv7Time(b)).toBe(2_000_000);
  });

  it('uses the new time once the clock moves forward', () => {
    const gen = createUuidV7Generator();
    gen(5_000);
    expect(uuidv7Time(gen(9_000))).toBe(9_000);
  });
});
