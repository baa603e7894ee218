import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { base64UrlDecode, base64UrlEncode, decodeCursor, encodeCursor, planPull, utf8Decode, utf8Encode, type Cursor } from './cursor';
import { SyncError } from './protocol';

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof SyncError ? e.code : 'not a SyncError: ' + String(e);
  }
  return undefined;
}

/** Reference encoders (Node's), only in the test: shared code must not rely on them. */
const nodeUtf8 = (s: string) => [...new TextEncoder().encode(s)];

describe('UTF-8 and base64url', () => {
  it('encode UTF-8 like TextEncoder, lone surrogates included', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => {
      expect(utf8Encode(s)).toEqual(nodeUtf8(s));
    }));
    expect(utf8Encode('ชุมชน\u{1F600}')).toEqual(nodeUtf8('ชุมชน\u{1F600}'));
    expect(utf8Encode('\ud800x')).toEqual(nodeUtf8('\ud800x'));
  });

  it('decode UTF-8 back, and refuse malformed sequences', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => {
      expect(utf8Decode(utf8Encode(s))).toBe(s);
    }));
    for (const bad of [[0x80], [0xc0, 0x80], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe0, 0xa4], [0xff]]) {
      expect(utf8Decode(bad)).toBeNull();
    }
  });

  it('base64url gives the RFC 4648 test vectors (url alphabet, no padding) and round-trips', () => {
    const vectors: [string, string][] = [['', ''], ['f', 'Zg'], ['fo', 'Zm8'], ['foo', 'Zm9v'], ['foob', 'Zm9vYg'], ['fooba', 'Zm9vYmE'], ['foobar', 'Zm9vYmFy']];
    for (const [plain, encoded] of vectors) expect(base64UrlEncode(utf8Encode(plain))).toBe(encoded);
    expect(base64UrlEncode([0xfb, 0xff, 0xbf])).toBe('-_-_');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const s = base64UrlEncode([...bytes]);
        expect(s).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(s.length).toBe(Math.ceil((bytes.length * 4) / 3));
        expect(base64UrlDecode(s)).toEqual([...bytes]);
      }),
    );
  });

  it('base64url refuses other alphabets, padding, impossible lengths and non-canonical tails', () => {
    for (const bad of ['a', 'ab+c', 'ab/c', 'YQ==', 'YR', 'YWJ', 'Y WI']) expect(base64UrlDecode(bad)).toBeNull();
  });
});

describe('cursor', () => {
  const cursor: Cursor = { v: 1, seq: 1234, buckets: ['c:c-01', 'c:c-02', 'm:main'], backfill: { buckets: ['c:c-02'], seq: 0, until: 1200 } };

  it('round-trips', () => {
    const s = encodeCursor(cursor);
    expect(s).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(s)).toEqual(cursor);
  });

  it('empty string = bootstrap', () => {
    expect(decodeCursor('')).toBeNull();
  });

  it('turns every kind of garbage into invalid_argument', () => {
    const enc = (s: string) => base64UrlEncode(utf8Encode(s));
    const garbage = [
      '!!!',
      'a',
      base64UrlEncode([0xff, 0xfe]),
      enc('not json'),
      enc('[]'),
      enc('{"v":2,"seq":1,"buckets":[]}'),
      enc('{"v":1,"seq":-1,"buckets":[]}'),
      enc('{"v":1,"seq":1,"buckets":["c:b","c:a"]}'),
      enc('{"v":1,"seq":1,"buckets":[],"extra":1}'),
      enc('{"v":1,"seq":1,"buckets":["x:y"]}'),
      enc('{"v":1,"seq":1,"buckets":[],"backfill":{"buckets":["c:a"],"seq":5,"until":4}}'),
      'A'.repeat(20_000),
    ];
    for (const g of garbage) expect(codeOf(() => decodeCursor(g))).toBe('invalid_argument');
    fc.assert(fc.property(fc.string(), (s) => {
      const code = codeOf(() => decodeCursor(s));
      expect(code === undefined || code === 'invalid_argument').toBe(true);
    }));
  });

  it('refuses to encode a malformed cursor', () => {
    expect(() => encodeCursor({ v: 1, seq: 1, buckets: ['c:b', 'c:a'] })).toThrow();
  });
});

describe('planPull', () => {
  it('bootstraps every bucket from 0 without backfill', () => {
    expect(planPull(null, ['m:main', 'c:c-01'])).toEqual({ cursor: { v: 1, seq: 0, buckets: ['c:c-01', 'm:main'] }, evictBuckets: [] });
  });

  it('keeps an unchanged cursor', () => {
    const c: Cursor = { v: 1, seq: 50, buckets: ['c:c-01'] };
    expect(planPull(c, ['c:c-01'])).toEqual({ cursor: c, evictBuckets: [] });
  });

  it('evicts lost buckets and back-fills added ones up to the cursor', () => {
    const c: Cursor = { v: 1, seq: 50, buckets: ['c:c-01', 'c:c-02'] };
    expect(planPull(c, ['c:c-02', 'c:c-03'])).toEqual({
      cursor: { v: 1, seq: 50, buckets: ['c:c-02', 'c:c-03'], backfill: { buckets: ['c:c-03'], seq: 0, until: 50 } },
      evictBuckets: ['c:c-01'],
    });
  });

  it('restarts a running backfill for the union when another bucket is added, and drops lost ones from it', () => {
    const c: Cursor = { v: 1, seq: 80, buckets: ['c:c-01', 'c:c-02', 'c:c-03'], backfill: { buckets: ['c:c-02', 'c:c-03'], seq: 20, until: 50 } };
    expect(planPull(c, ['c:c-01', 'c:c-02', 'c:c-04']).cursor.backfill).toEqual({ buckets: ['c:c-02', 'c:c-04'], seq: 0, until: 80 });
    expect(planPull(c, ['c:c-01', 'c:c-02']).cursor.backfill).toEqual({ buckets: ['c:c-02'], seq: 20, until: 50 });
    expect(planPull(c, ['c:c-01']).cursor.backfill).toBeUndefined();
  });
});
