import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonEqual } from './json';

/** What the value becomes on the wire. */
const wire = (v: unknown): unknown => JSON.parse(JSON.stringify(v)) as unknown;

describe('jsonEqual', () => {
  it('treats a member holding undefined as absent, as JSON does (the case the two former copies disagreed on)', () => {
    expect(jsonEqual({ a: undefined }, {})).toBe(true);
    expect(jsonEqual({}, { a: undefined })).toBe(true);
    expect(jsonEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(jsonEqual({ nested: { x: undefined, y: [1] } }, { nested: { y: [1] } })).toBe(true);
    expect(jsonEqual({ a: undefined }, { a: null })).toBe(false);
    expect(jsonEqual({ a: undefined }, { b: 1 })).toBe(false);
  });

  it('treats an undefined array item as null, as JSON does', () => {
    expect(jsonEqual([undefined], [null])).toBe(true);
    expect(jsonEqual([undefined], [])).toBe(false);
  });

  it('ignores key order and compares by value', () => {
    expect(jsonEqual({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: '1' })).toBe(false);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual([], {})).toBe(false);
    expect(jsonEqual(null, {})).toBe(false);
    expect(jsonEqual(0, null)).toBe(false);
  });

  it('property: equal exactly when the wire forms are structurally equal', () => {
    const value = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom(null, undefined, true, 0, 1, 'a', ''),
        fc.array(tie('v'), { maxLength: 3 }),
        fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('v'), { maxKeys: 3 }),
      ),
    })).v;
    const asObject = fc.dictionary(fc.constantFrom('a', 'b', 'c'), value, { maxKeys: 3 });
    fc.assert(
      fc.property(asObject, asObject, (a, b) => {
        expect(jsonEqual(a, b)).toBe(JSON.stringify(sortKeys(wire(a))) === JSON.stringify(sortKeys(wire(b))));
        expect(jsonEqual(a, wire(a))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
}
