import { describe, expect, it } from 'vitest';
import { RECORD_SCHEMA_VERSION } from '../envelope';
import type { Change, Mutation } from './protocol';
import {
  assertContiguous,
  checkSchemaVersion,
  DOWNCASTERS,
  downcastChange,
  SchemaChainError,
  SUPPORTED_SCHEMA_VERSIONS,
  UPCASTERS,
  upcastMutation,
  type Downcaster,
  type Upcaster,
} from './upcast';

const mutation: Mutation = {
  mid: 1,
  type: 'resident',
  id: '0195f3a2-7c4e-7a10-9b2c-3d4e5f607182',
  op: 'patch',
  fields: { phone: '0812345678' },
  hlc: '2025-03-03T02:00:00.000Z-0000-aaaaaaaaaaaaaaaa',
  baseSeq: 3,
};

describe('schema version window', () => {
  it('accepts the versions this build writes', () => {
    expect(SUPPORTED_SCHEMA_VERSIONS).toEqual({ min: 1, max: 1 });
    expect(checkSchemaVersion(RECORD_SCHEMA_VERSION)).toBe('ok');
  });

  it('says too old below the window and too new above it', () => {
    expect(checkSchemaVersion(0)).toBe('schema_too_old');
    expect(checkSchemaVersion(2)).toBe('schema_too_new');
    expect(checkSchemaVersion(1.5)).toBe('schema_too_old');
    expect(checkSchemaVersion(3, { min: 2, max: 4 })).toBe('ok');
    expect(checkSchemaVersion(1, { min: 2, max: 4 })).toBe('schema_too_old');
  });

  it('ships contiguous (empty) chains', () => {
    expect(UPCASTERS).toEqual([]);
    expect(DOWNCASTERS).toEqual([]);
    expect(() => assertContiguous(UPCASTERS)).not.toThrow();
  });
});

describe('upcasters', () => {
  // A fake v0: residents had one `phone` string; v1 has `phones: [{ number, label }]`.
  const v0to1: Upcaster = {
    from: 0,
    mutation: (m) => {
      if (m.type !== 'resident' || !('phone' in m.fields)) return m;
      const { phone, ...rest } = m.fields;
      return { ...m, fields: { ...rest, phones: typeof phone === 'string' && phone !== '' ? [{ number: phone, label: '' }] : [] } };
    },
  };
  const v1to2: Upcaster = { from: 1, mutation: (m) => ({ ...m, fields: { ...m.fields, touchedBy: 'v2' } }) };

  it('runs each step from the client version up to the target, in order', () => {
    expect(upcastMutation(mutation, 0, 1, [v0to1]).fields).toEqual({ phones: [{ number: '0812345678', label: '' }] });
    expect(upcastMutation(mutation, 0, 2, [v0to1, v1to2]).fields).toEqual({ phones: [{ number: '0812345678', label: '' }], touchedBy: 'v2' });
    expect(upcastMutation(mutation, 1, 1, [v0to1])).toBe(mutation);
  });

  it('leaves the input untouched (steps are pure)', () => {
    const copy = structuredClone(mutation);
    upcastMutation(mutation, 0, 1, [v0to1]);
    expect(mutation).toEqual(copy);
  });

  it('throws rather than translating part of the way', () => {
    expect(() => upcastMutation(mutation, 0, 2, [v0to1])).toThrow(SchemaChainError);
    expect(() => upcastMutation(mutation, 2, 1, [v0to1])).toThrow(SchemaChainError);
    expect(() => assertContiguous([v0to1, { ...v1to2, from: 2 }])).toThrow(SchemaChainError);
  });
});

describe('downcasters', () => {
  const change: Change = {
    type: 'resident',
    id: mutation.id,
    bucket: 'c:c-01',
    seq: 9,
    deleted: false,
    data: { firstName: 'สมศรี', lineId: 'somsri' },
    hlc: { firstName: mutation.hlc, lineId: mutation.hlc },
    createdAt: '2025-03-03T02:00:00.000Z',
    createdBy: 'u',
    updatedAt: '2025-03-03T02:00:00.000Z',
    updatedBy: 'u',
    deviceId: 'd',
  };
  // A fake v2 added `lineId`; a v1 client must not see it.
  const v2to1: Downcaster = {
    from: 2,
    change: (c) => {
      const { lineId: _d, ...data } = c.data;
      const { lineId: _h, ...hlc } = c.hlc;
      return { ...c, data, hlc };
    },
  };

  it('drops what the older client does not know', () => {
    const down = downcastChange(change, 2, 1, [v2to1]);
    expect(down.data).toEqual({ firstName: 'สมศรี' });
    expect(down.hlc).toEqual({ firstName: mutation.hlc });
    expect(() => downcastChange(change, 3, 1, [v2to1])).toThrow(SchemaChainError);
  });
});
