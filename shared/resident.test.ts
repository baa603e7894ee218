import { describe, expect, it } from 'vitest';
import { prefixSexMismatch } from './resident';

describe('prefix and sex', () => {
  it('warns on นาย with female and นาง/นางสาว/น.ส. with male', () => {
    expect(prefixSexMismatch('นาย', 'female')).toBe(true);
    expect(prefixSexMismatch('นาง', 'male')).toBe(true);
    expect(prefixSexMismatch('นางสาว', 'male')).toBe(true);
    expect(prefixSexMismatch(' น.ส. ', 'male')).toBe(true);
  });
  it('is silent when they agree, when sex is not chosen, and for other titles', () => {
    expect(prefixSexMismatch('นาย', 'male')).toBe(false);
    expect(prefixSexMismatch('นางสาว', 'female')).toBe(false);
    expect(prefixSexMismatch('นาย', '')).toBe(false);
    expect(prefixSexMismatch('พระ', 'male')).toBe(false);
    expect(prefixSexMismatch('ร.ต.อ.', 'female')).toBe(false);
  });
});
