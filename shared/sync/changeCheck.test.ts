/**
 * changeCheck.ts against the zod schemas it stands in for (protocol.ts Change, CompactChange, BootstrapChunk
 * and CompactBootstrapLine's chunk): random valid rows and lines, and random corruptions of each field, are
 * accepted or refused alike, and what is accepted deep-equals zod's parse.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HLC_DEFAULT_KEY } from '../envelope';
import { checkChunkLine, isChange, isHlcString } from './changeCheck';
import { hasForbiddenKey, isHlc, JSON_LIMITS, TOMBSTONE_FIELD } from './formats';
import { BOOTSTRAP_CHUNK_MAX, BootstrapLine, Change, CompactBootstrapLine, CompactChange, MAX_CURSOR_LENGTH, parseBootstrapLine, parseBootstrapQuery } from './protocol';

/** The reference: zod's verdict, with the keys the protocol refuses anywhere (formats.ts hasForbiddenKey). */
function reference(schema: { safeParse(x: unknown): { success: boolean; data?: unknown } }, x: unknown): { ok: boolean; data?: unknown } {
  const r = schema.safeParse(x);
  return r.success && !hasForbiddenKey(x) ? { ok: true, data: r.data } : { ok: false };
}

/** One valid row, the base of the hand-picked cases. */
const good = {
  type: 'resident',
  id: '0195f3a2-7c4e-7a10-9b2c-3d4e5f607182',
  bucket: 'c:c-06',
  seq: 1203,
  deleted: false,
  data: { firstName: 'สมศรี', phones: [{ number: '0898765432' }] },
  hlc: { firstName: '2025-03-01T04:00:00.000Z-0000-c3c3c3c3c3c3c3c3', phones: '2025-03-01T04:00:00.000Z-0000-c3c3c3c3c3c3c3c3' },
  createdAt: '2025-03-01T04:00:00.000Z',
  createdBy: 'u-1',
  updatedAt: '2025-03-01T04:00:00.000Z',
  updatedBy: 'u-1',
  deviceId: 'd-1',
};

const hex = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: n, maxLength: n });
const pad = (n: number, w: number) => String(n).padStart(w, '0');
/** Instants, valid or not (month 13, day 31 of a short month, 24:00, fractions of any length). */
const instant = fc
  .tuple(fc.integer({ min: 1999, max: 2401 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 31 }), fc.integer({ min: 0, max: 24 }), fc.integer({ min: 0, max: 60 }), fc.option(fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 0, maxLength: 10 })))
  .map(([y, mo, d, h, mi, frac]) => `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(mi % 61, 2)}${frac === null ? '' : `.${frac}`}Z`);
const goodInstant = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
const hlc = fc.tuple(goodInstant, hex(4), hex(16)).map(([t, c, n]) => `${t}-${c.toUpperCase()}-${n}`);
const fieldName = fc.oneof(fc.constantFrom('firstName', 'phones', 'startedAt', 'vitals', 'note', 'a'), fc.stringMatching(/^[a-z][A-Za-z0-9]{0,8}$/));
const uuid = fc.uuid({ version: [1, 4, 7] });
const bucket = fc.oneof(fc.constantFrom('c:c-06', 'm:abc', 'w:*'), uuid.map((u) => `u:${u}`));
const text = (min: number, max: number) => fc.string({ minLength: min, maxLength: max });
const json = fc.jsonValue({ maxDepth: 3 });

const change = (compact: boolean) =>
  fc
    .record(
      {
        type: text(1, 40),
        id: uuid,
        bucket,
        seq: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        deleted: fc.boolean(),
        data: fc.dictionary(fieldName, json, { maxKeys: 6 }),
        stamp: hlc,
        other: hlc,
        fieldSeq: fc.option(fc.dictionary(fieldName, fc.integer({ min: 0, max: 1e6 }), { maxKeys: 3 })),
        createdAt: goodInstant,
        createdBy: text(1, 64),
        updatedAt: goodInstant,
        updatedBy: text(1, 64),
        deviceId: text(1, 64),
        star: fc.boolean(),
      },
      { noNullPrototype: true },
    )
    .map(({ stamp, other, fieldSeq, star, ...c }) => {
      const keys = Object.keys(c.data);
      const hlcMap: Record<string, string> = {};
      if (compact && star) hlcMap[HLC_DEFAULT_KEY] = stamp;
      keys.forEach((k, i) => {
        if (!(compact && star && i % 2 === 0)) hlcMap[k] = i % 3 === 0 ? other : stamp;
      });
      if (c.deleted) hlcMap[TOMBSTONE_FIELD] = other;
      return fieldSeq === null ? { ...c, hlc: hlcMap } : { ...c, hlc: hlcMap, fieldSeq };
    });

/** Values a corrupted field may take: any JSON, and near misses of the formats. */
const junk = fc.oneof(
  json,
  instant,
  hlc.map((h) => h.slice(0, -1)),
  hlc.map((h) => h.replace('T', ' ')),
  uuid.map((u) => u.toUpperCase()),
  fc.constantFrom('', 'x'.repeat(41), 'x'.repeat(65), -1, 0, 1.5, 2 ** 53, null, true, [], {}, { constructor: 1 }, { $deleted: 'x' }, { '*': '2025-03-01T04:00:00.000Z-0000-c3c3c3c3c3c3c3c3' }),
  fc.constantFrom({ a: 'x'.repeat(JSON_LIMITS.maxStringLength + 1) }, { a: new Array(JSON_LIMITS.maxArrayLength + 1).fill(0) }, { a: [[[[[[[[[1]]]]]]]]] }, { a: { __proto__x: 1, b: { prototype: 1 } } }, { Bad: 1 }, { '': 1 }),
);

/** A change with one field replaced, removed, or an extra key added; or a nested value corrupted. */
function corrupt(c: Record<string, unknown>) {
  const keys = [...Object.keys(c), 'extra', '__proto__'];
  return fc.tuple(fc.constantFrom(...keys), junk, fc.constantFrom('replace', 'remove', 'nest')).map(([k, v, how]) => {
    const out: Record<string, unknown> = JSON.parse(JSON.stringify(c)) as Record<string, unknown>;
    if (how === 'remove') Reflect.deleteProperty(out, k);
    else if (how === 'nest' && Object.hasOwn(out, k) && typeof out[k] === 'object' && out[k] !== null && !Array.isArray(out[k])) {
      const inner = out[k] as Record<string, unknown>;
      const ik = Object.keys(inner)[0] ?? 'fresh';
      inner[ik] = v;
    } else Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    // Through JSON, as the stream delivers it (a `__proto__` key stays an own key of JSON.parse's object).
    return JSON.parse(JSON.stringify(out)) as unknown;
  });
}

const agree = (compact: boolean) => (x: unknown) => {
  const ref = reference(compact ? CompactChange : Change, x);
  expect(isChange(x, compact)).toBe(ref.ok);
};

describe('isChange equals the zod Change schema', () => {
  for (const compact of [false, true]) {
    it(`accepts random valid rows (compact ${String(compact)}), as zod does`, () => {
      fc.assert(
        fc.property(change(compact), (c) => {
          const x = JSON.parse(JSON.stringify(c)) as unknown;
          const ref = reference(compact ? CompactChange : Change, x);
          expect(isChange(x, compact)).toBe(ref.ok);
        }),
        { numRuns: 300 },
      );
    });
    it(`refuses and accepts random corruptions of each field alike (compact ${String(compact)})`, () => {
      fc.assert(fc.property(change(compact).chain(corrupt), agree(compact)), { numRuns: 3000 });
    });
  }

  it('agrees on hand-picked cases, including the ones zod lets through but the protocol refuses', () => {
    const cases: unknown[] = [
      good,
      { ...good, createdAt: '2024-02-29T00:00:00Z', updatedAt: '2024-02-29T23:59:59.123456789Z' },
      { ...good, createdAt: '2025-02-29T00:00:00Z' },
      { ...good, createdAt: '2025-04-31T00:00:00Z' },
      { ...good, updatedAt: '2025-03-01T24:00:00Z' },
      { ...good, hlc: { firstName: '' } },
      { ...good, hlc: { firstName: null } },
      { ...good, hlc: { firstName: '2025-02-30T04:00:00.000Z-0000-c3c3c3c3c3c3c3c3' } },
      { ...good, data: { constructor: 1 } },
      { ...good, fieldSeq: { Bad: 1 } },
      { ...good, fieldSeq: { $deleted: 1 } },
      { ...good, data: { note: 'x'.repeat(JSON_LIMITS.maxStringLength + 1) } },
    ];
    for (const c of cases) {
      const x = JSON.parse(JSON.stringify(c)) as unknown;
      expect(isChange(x, false), JSON.stringify(c)).toBe(reference(Change, x).ok);
    }
    // `__proto__` (an own key after JSON.parse): zod's records drop it silently; refused here.
    const proto = JSON.parse(`{"type":"resident","id":"${good.id}","bucket":"c:c-06","seq":1,"deleted":false,"data":{"__proto__":1},"hlc":{},"createdAt":"${good.createdAt}","createdBy":"u","updatedAt":"${good.createdAt}","updatedBy":"u","deviceId":"d"}`) as unknown;
    expect(Change.safeParse(proto).success).toBe(true);
    expect(isChange(proto, false)).toBe(false);
  });
});

describe('isHlcString equals formats.ts isHlc', () => {
  it('on stamps of any calendar date and time, valid or not', () => {
    const stamp = fc.tuple(instant, hex(4), hex(16), fc.boolean()).map(([t, c, n, upper]) => `${t.length === 24 ? t : `${t.slice(0, 19)}.000Z`}-${upper ? c.toUpperCase() : c}-${n}`);
    fc.assert(
      fc.property(fc.oneof(stamp, hlc, fc.string()), (s) => {
        expect(isHlcString(s)).toBe(isHlc(s));
      }),
      { numRuns: 20_000 },
    );
    for (const s of ['0000-02-29T00:00:00.000Z', '1900-02-29T00:00:00.000Z', '2000-02-29T23:59:59.999Z', '2100-02-29T00:00:00.000Z', '2024-12-31T24:00:00.000Z', '2024-00-10T00:00:00.000Z', '2024-06-31T00:00:00.000Z', '2024-06-30T00:60:00.000Z']) {
      const h = `${s}-0000-c3c3c3c3c3c3c3c3`;
      expect(isHlcString(h), h).toBe(isHlc(h));
    }
  });
});

describe('checkChunkLine equals the zod chunk schemas', () => {
  const line = (compact: boolean) =>
    fc.record({
      kind: fc.constant('chunk'),
      position: fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/),
      from: fc.option(fc.record({ type: text(1, 40), id: uuid })),
      to: fc.record({ type: text(1, 40), id: uuid }),
      remaining: fc.integer({ min: 0, max: 1e9 }),
      changes: fc.array(change(compact), { minLength: 1, maxLength: 3 }),
    });
  const chunkOf = (compact: boolean) => (x: unknown) => {
    const ref = reference(compact ? CompactBootstrapLine : BootstrapLine, x);
    const mine = checkChunkLine(x, compact);
    expect(mine !== null).toBe(ref.ok);
    if (ref.ok) expect(mine).toEqual(ref.data);
    expect(parseBootstrapLine(x, { compactHlc: compact })).toEqual(ref.ok ? ref.data : null);
  };

  for (const compact of [false, true]) {
    it(`accepts random valid lines and refuses their corruptions as zod does (compact ${String(compact)})`, () => {
      fc.assert(fc.property(line(compact).map((l) => JSON.parse(JSON.stringify(l)) as unknown), chunkOf(compact)), { numRuns: 300 });
      fc.assert(fc.property(line(compact).chain((l) => corrupt(l)), chunkOf(compact)), { numRuns: 2000 });
      // A corrupted row inside a valid line.
      fc.assert(
        fc.property(
          line(compact).chain((l) => corrupt(l.changes[0] as Record<string, unknown>).map((c) => ({ ...l, changes: [...l.changes, c] }))),
          (l) => chunkOf(compact)(JSON.parse(JSON.stringify(l)) as unknown),
        ),
        { numRuns: 2000 },
      );
    });
  }

  it('bounds the rows per chunk and the position as the schema does', () => {
    expect(MAX_CURSOR_LENGTH).toBe(12_000);
    expect(BOOTSTRAP_CHUNK_MAX).toBe(30_000);
  });
});

describe('the bootstrap’s per-row check against the Change schema, and parseBootstrapLine', () => {
  it('accepts what the Change schema accepts and refuses broken envelopes as it does', () => {
    const cases: unknown[] = [
      good,
      { ...good, deleted: true, hlc: { ...good.hlc, $deleted: '2025-03-02T04:00:00.000Z-0000-c3c3c3c3c3c3c3c3' } },
      { ...good, fieldSeq: { firstName: 3 } },
      { ...good, deleted: true },
      { ...good, extra: 1 },
      { ...good, id: 'not-a-uuid' },
      { ...good, bucket: 'x:1' },
      { ...good, seq: 0 },
      { ...good, seq: 1.5 },
      { ...good, hlc: { firstName: 'yesterday' } },
      { ...good, hlc: { 'Bad-key': good.hlc.firstName } },
      { ...good, data: { 'bad key': 1 } },
      { ...good, data: [] },
      { ...good, createdAt: '2025-03-01' },
      { ...good, deviceId: '' },
      null,
      'resident',
    ];
    for (const c of cases) expect(isChange(c, false), JSON.stringify(c)).toBe(Change.safeParse(c).success);
  });

  it('parses bootstrap lines: a chunk with a bad row is refused', () => {
    const chunk = { kind: 'chunk', position: 'abc', from: null, to: { type: 'resident', id: good.id }, remaining: 0, changes: [good] };
    expect(parseBootstrapLine(chunk)).toEqual(chunk);
    expect(parseBootstrapLine({ ...chunk, changes: [{ ...good, seq: -1 }] })).toBeNull();
    expect(parseBootstrapLine({ ...chunk, changes: [] })).toBeNull();
    expect(parseBootstrapLine({ kind: 'end', from: null, cursor: 'abc' })).toEqual({ kind: 'end', from: null, cursor: 'abc' });
    expect(parseBootstrapLine({ kind: 'head', at: -1, remaining: 0, serverTime: '2025-03-01T04:00:00.000Z' })).toBeNull();
  });

  it('takes a compact HLC map (`*`) only from a stream asked for with hlc=compact, its stamp still checked', () => {
    const compact = { ...good, hlc: { '*': good.hlc.firstName } };
    const chunk = { kind: 'chunk', position: 'abc', from: null, to: { type: 'resident', id: good.id }, remaining: 0, changes: [compact] };
    expect(parseBootstrapLine(chunk)).toBeNull();
    expect(parseBootstrapLine(chunk, { compactHlc: true })).toEqual(chunk);
    expect(parseBootstrapLine({ ...chunk, changes: [{ ...good, hlc: { '*': 'yesterday' } }] }, { compactHlc: true })).toBeNull();
    expect(parseBootstrapLine({ ...chunk, changes: [{ ...good, hlc: { '**': good.hlc.firstName } }] }, { compactHlc: true })).toBeNull();
    expect(parseBootstrapQuery({ schemaVersion: '1', hlc: 'compact' })).toMatchObject({ ok: true, value: { compactHlc: true } });
    expect(parseBootstrapQuery({ schemaVersion: '1' })).toMatchObject({ ok: true, value: { compactHlc: false } });
    expect(parseBootstrapQuery({ schemaVersion: '1', hlc: 'tiny' })).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
  });
});
