import { describe, expect, it } from 'vitest';
import { conflictValueText } from './conflictValue';

describe('conflictValueText', () => {
  it('reads lists of phones and contacts as words, not JSON', () => {
    expect(conflictValueText(['081-234-5678', '02-111-2222'])).toBe('081-234-5678; 02-111-2222');
    expect(conflictValueText([{ name: 'สมชาย ใจดี', relation: 'บุตร', phone: '0812345678' }, { name: 'มานี', relation: '', phone: null }])).toBe(
      'สมชาย ใจดี บุตร 081-234-5678; มานี',
    );
    expect(conflictValueText([{ number: '0812345678', label: 'มือถือ' }, { number: '021112222', label: '' }], 'phones')).toBe('081-234-5678 มือถือ; 02-111-2222');
    expect(conflictValueText(['0812345678'], 'phones')).toBe('081-234-5678');
    expect(conflictValueText('0812345678', 'phone')).toBe('081-234-5678');
    expect(conflictValueText('0812345678', 'nickname')).toBe('0812345678');
  });

  it('keeps plain values and drops empty parts', () => {
    expect(conflictValueText('  แม่ศรี ')).toBe('แม่ศรี');
    expect(conflictValueText(72)).toBe('72');
    expect(conflictValueText(false)).toBe('false');
    expect(conflictValueText([null, '', []])).toBe('');
    expect(conflictValueText(null)).toBe('');
  });
});
