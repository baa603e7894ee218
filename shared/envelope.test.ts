import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactHlc, expandHlc, HLC_DEFAULT_KEY } from './envelope';

const H1 = '2025-03-01T04:00:00.000Z-0000-a1a1a1a1a1a1a1a1';
const H2 = '2025-03-02T04:00:00.000Z-0000-b2b2b2b2b2b2b2b2';

describe('compactHlc / expandHlc', () => {
  it('keeps one stamp for a record written by one mutation, and the tombstone named', () => {
    const data = { a: 1, b: 'x', c: null, voidReason: 'ซ้ำ' };
    const hlc = { a: H1, b: H1, c: H1, voidReason: H2, $deleted: H2 };
    const compact = compactHlc(hlc, data);
    expect(compact).toEqual({ [HLC_DEFAULT_KEY]: H1, voidReason: H2, $deleted: H2 });
    expect(expandHlc(compact, data)).toEqual(hlc);
  });

  it('leaves maps it cannot shorten exactly as they are', () => {
    expect(compactHlc({ a: H1 }, { a: 1, b: 2 })).toEqual({ a: H1 }); // b has no stamp
    expect(compactHlc({ a: H1, gone: H1 }, { a: 1 })).toEqual({ a: H1, gone: H1 }); // a stamp without data
    expect(compactHlc({ a: H1, b: H2 }, { a: 1, b: 2 })).toEqual({ a: H1, b: H2 }); // nothing shared
    expect(expandHlc({ a: H1, b: H2 }, { a: 1, b: 2 })).toEqual({ a: H1, b: H2 });
  });

  it('round-trips every map (property)', () => {
    const key = fc.constantFrom('a', 'b', 'c', 'd', 'e', '$deleted');
    const stamp = fc.constantFrom(H1, H2, '2025-03-03T04:00:00.000Z-0001-c3c3c3c3c3c3c3c3');
    fc.assert(
      fc.property(fc.dictionary(key, stamp), fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e')), (hlc, fields) => {
        const data = Object.fromEntries(fields.map((f) => [f, 0]));
        const compact = compactHlc(hlc, data);
        expect(expandHlc(compact, data)).toEqual(hlc);
        expect(Object.keys(compact).length).toBeLessThanOrEqual(Object.keys(hlc).length + 1);
      }),
    );
  });
});
