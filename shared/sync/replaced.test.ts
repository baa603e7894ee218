import { describe, expect, it } from 'vitest';
import { replacedFields } from './replaced';

describe('replacedFields', () => {
  it('names the fields whose value now is not what was sent, with both values', () => {
    const sent = { nickname: 'บัว', phones: [{ number: '0812345678', label: '' }], notes: 'x' };
    const now = { nickname: 'บัวขาว', phones: [{ number: '0812345678', label: '' }], notes: 'x', firstName: 'ทองสุข' };
    expect(replacedFields(sent, now)).toEqual([{ field: 'nickname', sent: 'บัว', now: 'บัวขาว' }]);
  });
  it('reports nothing when every sent value stands, or the record is gone from the device', () => {
    expect(replacedFields({ nickname: 'บัว' }, { nickname: 'บัว' })).toEqual([]);
    expect(replacedFields({ nickname: 'บัว' }, undefined)).toEqual([]);
  });
  it('treats a missing field as null', () => {
    expect(replacedFields({ notes: null }, {})).toEqual([]);
    expect(replacedFields({ notes: 'ก' }, {})).toEqual([{ field: 'notes', sent: 'ก', now: null }]);
  });
});
