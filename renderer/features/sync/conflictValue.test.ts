import { describe, expect, it } from 'vitest';
import { conflictValueText } from './conflictValue';

describe('conflictValueText', () => {
  it('reads lists of phones and contacts as words, not JSON', () => {
    expect(conflictValueText(['081-234-5678', '02-111-2222'])).toBe('081-234-5678; 02-111-2222');
    expect(conflictValueText([{ name: 'สมชาย ใจดี', relation: 'บุตร', phone: '0812345678' }, { name: 'มานี', relation: '', phone: null }])).toBe(
      'สมชาย ใจดี บุตร 0812345678; มานี',
    );
  });

  it('keeps plain values and drops empty parts', () => {
    expect(conflictValueText('  แม่ศรี ')).toBe('แม่ศรี');
    expect(conflictValueText(72)).toBe('72');
    expect(conflictValueText(false)).toBe('false');
    expect(conflictValueText([null, '', []])).toBe('');
    expect(conflictValueText(null)).toBe('');
  });
});
