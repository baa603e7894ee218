import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactHlc, expandHlc, HLC_DEFAULT_KEY } from '../../shared/envelope';
import { toChange, type ServerRow } from '../../shared/sync/merge';
import { changeJson, packMeta, unpackMeta } from './meta';

const field = fc.oneof(fc.stringMatching(/^[a-z][A-Za-z0-9]{0,10}$/), fc.constant('$deleted'));
const hlc = fc.constantFrom('2025-03-03T02:10:00.000Z-0000-a1a1a1a1a1a1a1a1', '2025-03-03T03:45:00.000Z-0001-b2b2b2b2b2b2b2b2', '2025-03-04T00:00:00.000Z-0000-0000000000000000');
const author = fc.record({ userId: fc.constantFrom('u1', 'u2', 'server'), clientId: fc.constantFrom('a1a1a1a1a1a1a1a1', 'b2b2b2b2b2b2b2b2'), deviceId: fc.constantFrom('d1', 'd2') });

describe('records.meta packing', () => {
  it('round-trips the per-field maps exactly, including fields missing from some maps', () => {
    fc.assert(
      fc.property(fc.dictionary(field, hlc), fc.dictionary(field, fc.nat()), fc.dictionary(field, author), (h, s, a) => {
        const row = { hlc: h, fieldSeq: s, fieldBy: a };
        const back = unpackMeta(packMeta({ ...row, data: {} }), {});
        expect(back).toEqual(row);
      }),
    );
  });

  it('round-trips a row whose data fields share one write (named once, `t`) and those that differ', () => {
    const field5 = fc.constantFrom('a', 'b', 'c', 'd', 'e');
    fc.assert(
      fc.property(
        fc.uniqueArray(field5, { minLength: 1 }),
        fc.dictionary(field5, hlc),
        fc.dictionary(field5, fc.nat({ max: 3 })),
        fc.dictionary(field5, author),
        fc.option(fc.tuple(hlc, fc.nat(), author), { nil: undefined }),
        (keys, someStamps, someSeqs, someAuthors, tombstone) => {
          const data = Object.fromEntries(keys.map((k) => [k, 1]));
          const base = { h: '2025-03-04T00:00:00.000Z-0000-0000000000000000', seq: 7, by: { userId: 'u1', clientId: 'a1a1a1a1a1a1a1a1', deviceId: 'd1' } };
          const row = {
            data,
            hlc: Object.fromEntries(keys.map((k) => [k, someStamps[k] ?? base.h])) as Record<string, string>,
            fieldSeq: Object.fromEntries(keys.map((k) => [k, someSeqs[k] ?? base.seq])) as Record<string, number>,
            fieldBy: Object.fromEntries(keys.map((k) => [k, someAuthors[k] ?? base.by])) as ServerRow['fieldBy'],
          };
          if (tombstone) {
            row.hlc.$deleted = tombstone[0];
            row.fieldSeq.$deleted = tombstone[1];
            row.fieldBy.$deleted = tombstone[2];
          }
          const text = packMeta(row);
          expect(unpackMeta(text, data)).toEqual({ hlc: row.hlc, fieldSeq: row.fieldSeq, fieldBy: row.fieldBy });
          const packed = JSON.parse(text) as { d?: number; t?: unknown; f: Record<string, unknown> };
          expect(packed.d).toBe(1);
          // Fields written together are not listed one by one.
          if (keys.length >= 2 && Object.keys(someStamps).length + Object.keys(someSeqs).length + Object.keys(someAuthors).length === 0) {
            expect(packed.t).toBeDefined();
            expect(Object.keys(packed.f).filter((k) => k !== '$deleted')).toEqual([]);
          }
        },
      ),
    );
  });

  it('stores each distinct HLC and author once', () => {
    const fields = Array.from({ length: 30 }, (_, i) => `f${i}`);
    const a = { userId: 'u1', clientId: 'a1a1a1a1a1a1a1a1', deviceId: 'd1' };
    const row = {
      data: Object.fromEntries(fields.map((f) => [f, 1])),
      hlc: Object.fromEntries(fields.map((f) => [f, '2025-03-03T02:10:00.000Z-0000-a1a1a1a1a1a1a1a1'])),
      fieldSeq: Object.fromEntries(fields.map((f) => [f, 7])),
      fieldBy: Object.fromEntries(fields.map((f) => [f, a])),
    };
    const packed = JSON.parse(packMeta(row)) as { h: string[]; a: unknown[] };
    expect(packed.h).toHaveLength(1);
    expect(packed.a).toHaveLength(1);
  });

  it('marks a row whose stamped fields are exactly its data fields (d: 1), and no other', () => {
    const H = '2025-03-03T02:10:00.000Z-0000-a1a1a1a1a1a1a1a1';
    const d = (data: Record<string, unknown>, hlcMap: Record<string, string>): unknown => (JSON.parse(packMeta({ data, hlc: hlcMap, fieldSeq: {}, fieldBy: {} })) as { d?: number }).d;
    expect(d({ a: 1, b: null }, { a: H, b: H })).toBe(1);
    expect(d({ a: 1 }, { a: H, $deleted: H })).toBe(1); // the tombstone is not a data field
    expect(d({}, {})).toBe(1);
    expect(d({ a: 1, b: 2 }, { a: H })).toBeUndefined(); // b has no stamp
    expect(d({ a: 1 }, { a: H, gone: H })).toBeUndefined(); // a stamp without data
  });
});

describe('changeJson', () => {
  it('equals toChange of the stored row (data and meta round-tripped), without parsing data', () => {
    const row = fc.record({
      type: fc.constantFrom('resident', 'adl_assessment', 'conflict'),
      id: fc.uuid({ version: 7 }),
      bucket: fc.constantFrom('c:c-01', 'm:main'),
      seq: fc.integer({ min: 1, max: 1_000_000 }),
      data: fc.dictionary(fc.stringMatching(/^[a-z][A-Za-z]{0,6}$/), fc.jsonValue({ maxDepth: 3 })),
      hlc: fc.dictionary(field, hlc),
      fieldBy: fc.dictionary(field, author),
      deletedAt: fc.option(hlc, { nil: null }),
      createdAt: fc.constant('2025-03-03T02:10:00.000Z'),
      createdBy: fc.constantFrom('u1', 'u2'),
    });
    fc.assert(
      fc.property(row, (r) => {
        const server: ServerRow = { ...r, fieldSeq: {}, deletedSeq: r.deletedAt === null ? null : 3 };
        const json = changeJson({
          type: r.type, id: r.id, bucket: r.bucket, resident_id: null, seq: r.seq, data: JSON.stringify(r.data), meta: packMeta(server),
          deleted_at: server.deletedAt, deleted_seq: server.deletedSeq, created_at: r.createdAt, created_by: r.createdBy,
        });
        const stored: ServerRow = { ...server, ...unpackMeta(packMeta(server), server.data) };
        expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(toChange(stored))));
      }),
    );
  });

  it('sends a compact HLC map only for a row marked exact, and the data expands it back to the full map', () => {
    const fields = fc.uniqueArray(fc.stringMatching(/^[a-z][A-Za-z]{0,6}$/), { maxLength: 8 });
    fc.assert(
      fc.property(fields, fc.array(hlc, { minLength: 8, maxLength: 8 }), fc.option(hlc, { nil: null }), fc.boolean(), fc.array(author, { minLength: 8, maxLength: 8 }), (keys, stamps, deletedAt, stray, authors) => {
        const data = Object.fromEntries(keys.map((k, i) => [k, i]));
        const stamped: Record<string, string> = Object.fromEntries(keys.map((k, i) => [k, stamps[i] ?? '']));
        if (deletedAt !== null) stamped.$deleted = deletedAt;
        if (stray) stamped.notInData = stamps[0] ?? ''; // a stamp the data lacks: not exact, sent in full
        const server: ServerRow = {
          type: 'resident', id: '0195f3a2-7c4e-7a10-9b2c-3d4e5f607182', bucket: 'c:c-01', seq: 9, data, hlc: stamped, fieldSeq: {},
          // Authors follow the stamps (one write, one author), as the merge makes them.
          fieldBy: Object.fromEntries(Object.keys(stamped).map((k) => [k, authors[(stamps as string[]).indexOf(stamped[k] ?? '')] ?? authors[0]])) as ServerRow['fieldBy'],
          deletedAt, deletedSeq: deletedAt === null ? null : 9, createdAt: '2025-03-03T02:10:00.000Z', createdBy: 'u1',
        };
        const raw = {
          type: server.type, id: server.id, bucket: server.bucket, resident_id: null, seq: server.seq, data: JSON.stringify(data), meta: packMeta(server),
          deleted_at: deletedAt, deleted_seq: server.deletedSeq, created_at: server.createdAt, created_by: server.createdBy,
        };
        const full = JSON.parse(changeJson(raw)) as { hlc: Record<string, string> };
        const compact = JSON.parse(changeJson(raw, { compactHlc: true })) as { hlc: Record<string, string> };
        expect(full.hlc).toEqual(stamped);
        expect(full).toEqual(JSON.parse(JSON.stringify(toChange({ ...server, ...unpackMeta(raw.meta, data) }))));
        expect(expandHlc(compact.hlc, data)).toEqual(stamped);
        // As short as compactHlc makes it (a tie between two stamps may be broken the other way).
        if (stray) expect(compact.hlc).toEqual(stamped);
        else expect(Object.keys(compact.hlc)).toHaveLength(Object.keys(compactHlc(stamped, data)).length);
        // Two or more fields sharing a stamp are sent as one.
        if (!stray && keys.length >= 2 && new Set(Object.values(stamped)).size < keys.length) expect(compact.hlc[HLC_DEFAULT_KEY]).toBeDefined();
      }),
    );
  });
});
