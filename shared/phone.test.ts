import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatThaiPhone, normaliseThaiPhone, validateThaiPhone } from './phone';

describe('normaliseThaiPhone', () => {
  it('pitfall 9: international, dashed and Thai-digit forms normalise alike', () => {
    for (const s of ['+66 81 234 5678', '081-234-5678', '๐๘๑๒๓๔๕๖๗๘', '66812345678', '+66 (0)81-234-5678', '0066 81 234 5678', '(081) 234.5678', '081\u200b2345678']) {
      expect(normaliseThaiPhone(s)).toBe('0812345678');
    }
  });
  it('converts landlines too and keeps stray characters', () => {
    expect(normaliseThaiPhone('+66 2 123 4567')).toBe('021234567');
    expect(normaliseThaiPhone('081-234-5678 ext 2')).toBe('0812345678ext2');
  });
});

describe('validateThaiPhone', () => {
  it('accepts mobiles 06/08/09 with 10 digits', () => {
    expect(validateThaiPhone('+66 81 234 5678')).toEqual({ ok: true, phone: '0812345678', kind: 'mobile' });
    expect(validateThaiPhone('061-234-5678')).toEqual({ ok: true, phone: '0612345678', kind: 'mobile' });
    expect(validateThaiPhone('091 234 5678')).toEqual({ ok: true, phone: '0912345678', kind: 'mobile' });
  });
  it('accepts 9-digit landlines', () => {
    expect(validateThaiPhone('02-123-4567')).toEqual({ ok: true, phone: '021234567', kind: 'landline' });
    expect(validateThaiPhone('053 123 456')).toEqual({ ok: true, phone: '053123456', kind: 'landline' });
    expect(validateThaiPhone('075-123-456')).toEqual({ ok: true, phone: '075123456', kind: 'landline' });
  });
  it('pitfall 9: 11 digits rejected', () => {
    expect(validateThaiPhone('08123456789')).toEqual({ ok: false, code: 'phone.length' });
    expect(validateThaiPhone('+66 81 234 56789')).toEqual({ ok: false, code: 'phone.length' });
  });
  it('rejects wrong lengths for the prefix', () => {
    expect(validateThaiPhone('081234567')).toEqual({ ok: false, code: 'phone.length' }); // mobile with 9
    expect(validateThaiPhone('0212345678')).toEqual({ ok: false, code: 'phone.length' }); // landline with 10
    expect(validateThaiPhone('061234567')).toEqual({ ok: false, code: 'phone.length' }); // 06 is mobile only
    expect(validateThaiPhone('')).toEqual({ ok: false, code: 'phone.length' });
  });
  it('rejects bad prefixes (e.g. Excel dropped the leading zero)', () => {
    expect(validateThaiPhone('812345678')).toEqual({ ok: false, code: 'phone.prefix' });
    expect(validateThaiPhone('0112345678')).toEqual({ ok: false, code: 'phone.prefix' });
    expect(validateThaiPhone('1669')).toEqual({ ok: false, code: 'phone.prefix' });
  });
  it('rejects letters', () => {
    expect(validateThaiPhone('081-234-567O')).toEqual({ ok: false, code: 'phone.chars' });
    expect(validateThaiPhone('+1 555 1234')).toEqual({ ok: false, code: 'phone.chars' });
  });
  it('any valid mobile survives formatting and the +66 form', () => {
    fc.assert(
      fc.property(fc.constantFrom('6', '8', '9'), fc.stringMatching(/^\d{8}$/), (p, rest) => {
        const phone = `0${p}${rest}`;
        const intl = `+66 ${p}${rest.slice(0, 3)} ${rest.slice(3)}`;
        const r = validateThaiPhone(intl);
        return r.ok && r.phone === phone && validateThaiPhone(formatThaiPhone(phone)).ok && normaliseThaiPhone(formatThaiPhone(phone)) === phone;
      }),
    );
  });
});

describe('formatThaiPhone', () => {
  it('formats mobiles, Bangkok-area and other landlines', () => {
    expect(formatThaiPhone('0812345678')).toBe('081-234-5678');
    expect(formatThaiPhone('+66812345678')).toBe('081-234-5678');
    expect(formatThaiPhone('021234567')).toBe('02-123-4567');
    expect(formatThaiPhone('053123456')).toBe('053-123-456');
  });
  it('returns invalid input unchanged', () => {
    expect(formatThaiPhone('08123456789')).toBe('08123456789');
    expect(formatThaiPhone('abc')).toBe('abc');
  });
});
