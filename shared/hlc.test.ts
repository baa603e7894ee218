import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  compareHlc,
  createHlcClock,
  formatHlc,
  HLC_MAX_MILLIS,
  HlcError,
  hlcNodeFromClientId,
  maxHlc,
  parseHlc,
  type HlcState,
} from './hlc';

const NODE = '0123456789abcdef';
const OTHER = 'fedcba9876543210';
const T0 = Date.parse('2025-01-31T08:15:02.123Z');

const nodeArb = fc.stringMatching(/^[0-9a-f]{16}$/);
const stateArb: fc.Arbitrary<HlcState> = fc.record({
  millis: fc.integer({ min: 0, max: HLC_MAX_MILLIS }),
  counter: fc.integer({ min: 0, max: 0xffff }),
  node: nodeArb,
});
const tupleCompare = (a: HlcState, b: HlcState): number =>
  a.millis !== b.millis ? Math.sign(a.millis - b.millis) : a.counter !== b.counter ? Math.sign(a.counter - b.counter) : a.node < b.node ? -1 : a.node > b.node ? 1 : 0;

function errorCode(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof HlcError ? e.code : 'not an HlcError';
  }
  return undefined;
}

describe('format and parse', () => {
  it('uses the string form of docs/sync-protocol.md §12', () => {
    expect(formatHlc({ millis: T0, counter: 10, node: NODE })).toBe('2025-01-31T08:15:02.123Z-000A-0123456789abcdef');
    expect(parseHlc('2025-01-31T08:15:02.123Z-000A-0123456789abcdef')).toEqual({ millis: T0, counter: 10, node: NODE });
  });
  it('round-trips', () => {
    fc.assert(
      fc.property(stateArb, (s) => {
        expect(parseHlc(formatHlc(s))).toEqual(s);
      }),
    );
  });
  it('string order equals (millis, counter, node) order', () => {
    fc.assert(
      fc.property(stateArb, stateArb, (a, b) => compareHlc(formatHlc(a), formatHlc(b)) === tupleCompare(a, b)),
    );
    // counters and millis that differ by a hex digit boundary, the classic bug with unpadded numbers
    expect(compareHlc(formatHlc({ millis: T0, counter: 9, node: NODE }), formatHlc({ millis: T0, counter: 10, node: NODE }))).toBe(-1);
    expect(compareHlc(formatHlc({ millis: T0, counter: 0xffff, node: NODE }), formatHlc({ millis: T0 + 1, counter: 0, node: NODE }))).toBe(-1);
  });
  it('rejects malformed stamps', () => {
    for (const bad of [
      '',
      '2025-01-31T08:15:02.123Z-000a-0123456789abcdef', // lower-case counter
      '2025-01-31T08:15:02.123Z-000A-0123456789ABCDEF', // upper-case node
      '2025-01-31T08:15:02Z-000A-0123456789abcdef', // no ms
      '2025-02-30T08:15:02.123Z-000A-0123456789abcdef', // impossible date
      '2025-01-31T08:15:02.123Z-00A-0123456789abcdef',
      '2025-01-31T08:15:02.123Z-000A-0123456789abcde',
    ]) {
      expect(errorCode(() => parseHlc(bad))).toBe('hlc.malformed');
    }
  });
  it('refuses out-of-range states', () => {
    expect(errorCode(() => formatHlc({ millis: -1, counter: 0, node: NODE }))).toBe('hlc.malformed');
    expect(errorCode(() => formatHlc({ millis: HLC_MAX_MILLIS + 1, counter: 0, node: NODE }))).toBe('hlc.malformed');
    expect(errorCode(() => formatHlc({ millis: T0, counter: 0x10000, node: NODE }))).toBe('hlc.overflow');
    expect(errorCode(() => formatHlc({ millis: T0, counter: 0, node: 'xyz' }))).toBe('hlc.malformed');
  });
  it('maxHlc and compareHlc', () => {
    const a = formatHlc({ millis: T0, counter: 1, node: NODE });
    const b = formatHlc({ millis: T0, counter: 1, node: OTHER });
    expect(maxHlc(a, b)).toBe(b);
    expect(maxHlc(b, a)).toBe(b);
    expect(compareHlc(a, a)).toBe(0);
    expect(compareHlc(b, a)).toBe(1);
  });
  it('derives a node id from a UUID', () => {
    expect(hlcNodeFromClientId('0190A6E0-7B3C-7DEF-8123-456789ABCDEF')).toBe('8123456789abcdef');
    expect(errorCode(() => hlcNodeFromClientId('short'))).toBe('hlc.malformed');
  });
});

describe('createHlcClock', () => {
  it('tick uses the wall clock when it moves forward, the counter otherwise', () => {
    let t = T0;
    const clock = createHlcClock(NODE, () => t);
    expect(clock.tick()).toBe('2025-01-31T08:15:02.123Z-0000-0123456789abcdef');
    expect(clock.tick()).toBe('2025-01-31T08:15:02.123Z-0001-0123456789abcdef');
    t -= 60_000; // clock set back
    expect(clock.tick()).toBe('2025-01-31T08:15:02.123Z-0002-0123456789abcdef');
    t = T0 + 1;
    expect(clock.tick()).toBe('2025-01-31T08:15:02.124Z-0000-0123456789abcdef');
    expect(clock.state()).toEqual({ millis: T0 + 1, counter: 0, node: NODE });
  });

  it('tick is strictly monotonic whatever the wall clock does', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -10_000, max: 10_000 }), { minLength: 1, maxLength: 200 }), (steps) => {
        let t = T0;
        const clock = createHlcClock(NODE, () => t);
        let prev = '';
        for (const step of steps) {
          t += step;
          const h = clock.tick();
          if (!(h > prev)) return false;
          prev = h;
        }
        return true;
      }),
    );
  });

  it('receive returns a stamp above the remote and every earlier local stamp', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('tick' as const), step: fc.integer({ min: -5_000, max: 5_000 }) }),
      fc.record({
        kind: fc.constant('receive' as const),
        step: fc.integer({ min: -5_000, max: 5_000 }),
        offset: fc.integer({ min: -600_000, max: 300_000 }),
        counter: fc.integer({ min: 0, max: 0xff00 }),
        node: nodeArb,
      }),
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 100 }), (ops) => {
        let t = T0;
        const clock = createHlcClock(NODE, () => t);
        let prev = '';
        for (const o of ops) {
          t += o.step;
          if (o.kind === 'tick') {
            const h = clock.tick();
            if (!(h > prev)) return false;
            prev = h;
          } else {
            const remote = formatHlc({ millis: t + o.offset, counter: o.counter, node: o.node });
            const h = clock.receive(remote);
            if (!(h > prev && h > remote)) return false;
            if (parseHlc(h).node !== NODE) return false;
            prev = h;
          }
        }
        return true;
      }),
    );
  });

  it('receive adopts a remote stamp ahead of ours (within the drift limit)', () => {
    const clock = createHlcClock(NODE, () => T0);
    clock.tick();
    const remote = formatHlc({ millis: T0 + 60_000, counter: 7, node: OTHER });
    expect(clock.receive(remote)).toBe(formatHlc({ millis: T0 + 60_000, counter: 8, node: NODE }));
    expect(clock.tick()).toBe(formatHlc({ millis: T0 + 60_000, counter: 9, node: NODE }));
  });

  it('receive with equal millis takes the larger counter + 1', () => {
    const clock = createHlcClock(NODE, () => T0 - 10, { millis: T0, counter: 3, node: NODE });
    expect(clock.receive(formatHlc({ millis: T0, counter: 5, node: OTHER }))).toBe(formatHlc({ millis: T0, counter: 6, node: NODE }));
    expect(clock.receive(formatHlc({ millis: T0, counter: 1, node: OTHER }))).toBe(formatHlc({ millis: T0, counter: 7, node: NODE }));
  });

  it('refuses a remote stamp more than maxDriftMs ahead and stays unchanged', () => {
    const clock = createHlcClock(NODE, () => T0);
    const before = clock.tick();
    const limit = formatHlc({ millis: T0 + 5 * 60_000, counter: 0, node: OTHER });
    const beyond = formatHlc({ millis: T0 + 5 * 60_000 + 1, counter: 0, node: OTHER });
    expect(errorCode(() => clock.receive(beyond))).toBe('hlc.drift');
    expect(clock.tick() > before).toBe(true);
    expect(clock.state().millis).toBe(T0);
    expect(clock.receive(limit) > limit).toBe(true);

    const strict = createHlcClock(NODE, () => T0, undefined, { maxDriftMs: 1000 });
    expect(errorCode(() => strict.receive(formatHlc({ millis: T0 + 1001, counter: 0, node: OTHER })))).toBe('hlc.drift');
  });

  it('throws on counter overflow without corrupting its state', () => {
    let t = T0;
    const clock = createHlcClock(NODE, () => t, { millis: T0, counter: 0xfffe, node: NODE });
    expect(clock.tick()).toBe(formatHlc({ millis: T0, counter: 0xffff, node: NODE }));
    expect(errorCode(() => clock.tick())).toBe('hlc.overflow');
    expect(clock.state()).toEqual({ millis: T0, counter: 0xffff, node: NODE });
    t = T0 + 1;
    expect(clock.tick()).toBe(formatHlc({ millis: T0 + 1, counter: 0, node: NODE }));
    const c2 = createHlcClock(NODE, () => T0);
    expect(errorCode(() => c2.receive(formatHlc({ millis: T0, counter: 0xffff, node: OTHER })))).toBe('hlc.overflow');
  });

  it('resumes from a persisted state after a restart with a clock set back', () => {
    const first = createHlcClock(NODE, () => T0);
    const last = first.tick();
    const second = createHlcClock(NODE, () => T0 - 3_600_000, first.state());
    expect(second.tick() > last).toBe(true);
  });

  it('rejects a malformed node and malformed remote stamps', () => {
    expect(errorCode(() => createHlcClock('ABC', () => T0))).toBe('hlc.malformed');
    expect(errorCode(() => createHlcClock(NODE, () => T0).receive('garbage'))).toBe('hlc.malformed');
  });
});
