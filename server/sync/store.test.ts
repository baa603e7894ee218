import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toChange, type ServerRow } from '../../shared/sync/merge';
import { changeJson, packMeta, unpackMeta } from './store';

const field = fc.oneof(fc.stringMatching(/^[a-z][A-Za-z0-9]{0,10}$/), fc.constant('$deleted'));
const hlc = fc.constantFrom('2025-03-03T02:10:00.000Z-0000-a1a1a1a1a1a1a1a1', '2025-03-03T03:45:00.000Z-0001-b2b2b2b2b2b2b2b2', '2025-03-04T00:00:00.000Z-0000-0000000000000000');
const author = fc.record({ userId: fc.constantFrom('u1', 'u2', 'server'), clientId: fc.constantFrom('a1a1a1a1a1a1a1a1', 'b2b2b2b2b2b2b2b2'), deviceId: fc.constantFrom('d1', 'd2') });

describe('records.meta packing', () => {
  it('round-trips the per-field maps exactly, including fields missing from some maps', () => {
    fc.assert(
      fc.property(fc.dictionary(field, hlc), fc.dictionary(field, fc.nat()), fc.dictionary(field, author), (h, s, a) => {
        const row = { hlc: h, fieldSeq: s, fieldBy: a };
        const back = unpackMeta(packMeta(row));
        expect(back).toEqual(row);
      }),
    );
  });

  it('stores each distinct HLC and author once', () => {
    const fields = Array.from({ length: 30 }, (_, i) => `f${i}`);
    const a = { userId: 'u1', clientId: 'a1a1a1a1a1a1a1a1', deviceId: 'd1' };
    const row = {
      hlc: Object.fromEntries(fields.map((f) => [f, '2025-03-03T02:10:00.000Z-0000-a1a1a1a1a1a1a1a1'])),
      fieldSeq: Object.fromEntries(fields.map((f) => [f, 7])),
      fieldBy: Object.fromEntries(fields.map((f) => [f, a])),
    };
    const packed = JSON.parse(packMeta(row)) as { h: string[]; a: unknown[] };
    expect(packed.h).toHaveLength(1);
    expect(packed.a).toHaveLength(1);
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
        const stored: ServerRow = { ...server, ...unpackMeta(packMeta(server)) };
        expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(toChange(stored))));
      }),
    );
  });
});
