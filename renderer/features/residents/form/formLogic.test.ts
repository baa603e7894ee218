import { describe, expect, it } from 'vitest';
import { translate } from '../../../i18n/catalog';
import { addressQuery, compareResidentPaths, convertBirthYear, errorParams, fieldErrorText, typedYear } from './formLogic';

/** tCode as the I18nProvider builds it: 'year.looksBuddhist' → 'v.year.looksBuddhist'. */
const tCodeIn = (locale: 'th' | 'en') => (code: string, params?: Record<string, unknown>) =>
  translate(locale, `v.${code}` as Parameters<typeof translate>[1], params as Record<string, string | number>);

describe('convertBirthYear (language switch keeps the year’s meaning)', () => {
  it('adds 543 going to Thai (BE) and subtracts it going to English (CE)', () => {
    expect(convertBirthYear('1947', 'CE', 'BE')).toBe('2490');
    expect(convertBirthYear('2490', 'BE', 'CE')).toBe('1947');
  });
  it('round-trips', () => {
    for (const y of ['1900', '1947', '2024']) expect(convertBirthYear(convertBirthYear(y, 'CE', 'BE'), 'BE', 'CE')).toBe(y);
  });
  it('reads Thai digits and spaces', () => {
    expect(convertBirthYear(' ๒๔๙๐ ', 'BE', 'CE')).toBe('1947');
  });
  it('leaves a year that already reads as the target era (a BE year typed into the CE field, then switched to Thai)', () => {
    expect(convertBirthYear('2490', 'CE', 'BE')).toBe('2490');
    expect(convertBirthYear('1947', 'BE', 'CE')).toBe('1947');
  });
  it('leaves anything that is not a 4-digit year exactly as typed, and does nothing without a switch', () => {
    for (const v of ['', '19', '19x7', '12345']) expect(convertBirthYear(v, 'CE', 'BE')).toBe(v);
    expect(convertBirthYear('1947', 'CE', 'CE')).toBe('1947');
  });
  it('typedYear accepts only 4 digits', () => {
    expect(typedYear('2490')).toBe(2490);
    expect(typedYear('249')).toBeNull();
  });
});

describe('error messages name the field and the fix', () => {
  it('suggests the CE year for a BE year typed in English (pitfall 1)', () => {
    expect(errorParams('year.looksBuddhist', '2490')).toEqual({ typed: '2490', suggestedYear: 1947 });
    expect(fieldErrorText('Year of birth (CE)', 'year.looksBuddhist', '2490', tCodeIn('en'))).toBe(
      'Year of birth (CE): 2490 looks like a Buddhist Era year, but this field takes the Gregorian year. If so, type 1947',
    );
  });
  it('suggests the BE year for a CE year typed in Thai', () => {
    expect(errorParams('year.looksGregorian', '1947').suggestedYear).toBe(2490);
    const text = fieldErrorText('ปีเกิด (พ.ศ.)', 'year.looksGregorian', '1947', tCodeIn('th'));
    expect(text.startsWith('ปีเกิด (พ.ศ.): 1947 ')).toBe(true);
    expect(text).toContain('2490');
  });
  it('counts the digits of a wrong-length national ID, Thai digits included, ignoring dashes', () => {
    expect(errorParams('thaiId.length', '1-1303-00123-45').digits).toBe(12);
    expect(errorParams('thaiId.length', '๑๑๓๐๓๐๐๑๒๓๔๕').digits).toBe(12);
    expect(fieldErrorText('National ID number', 'thaiId.length', '113030012345', tCodeIn('en'))).toMatch(/^National ID number: Has 12 digits; it needs 13/);
  });
  it('names the field and the way out for an ID starting with 0, in Thai and English', () => {
    expect(fieldErrorText('เลขประจำตัวประชาชน', 'thaiId.leadingZero', '0000000000001', tCodeIn('th'))).toMatch(/^เลขประจำตัวประชาชน: .*ขึ้นต้นด้วย 0 ไม่ได้.*ไม่มีเลขประจำตัวประชาชนไทย/);
    expect(fieldErrorText('National ID number', 'thaiId.leadingZero', '0000000000001', tCodeIn('en'))).toMatch(/^National ID number: A national ID never starts with 0.*No Thai national ID/);
  });
  it('leaves codes without parameters alone, and never shows a raw placeholder', () => {
    const text = fieldErrorText('ชื่อ', 'required', '', tCodeIn('th'));
    expect(text).toBe('ชื่อ: ต้องกรอกช่องนี้');
    expect(fieldErrorText('Year of birth (CE)', 'year.looksBuddhist', '24', tCodeIn('en'))).not.toContain('{');
  });
});

describe('field order for the error summary', () => {
  it('follows the layout: name, ID, birth day-month-year, address parts, then rows by index', () => {
    const paths = ['notes', 'phones.10.number', 'birthYear', 'address.postalCode', 'phones.2.number', 'birthDay', 'address.houseNo', 'firstName', 'phones.2.label'];
    expect([...paths].sort(compareResidentPaths)).toEqual([
      'firstName',
      'birthDay',
      'birthYear',
      'address.houseNo',
      'address.postalCode',
      'phones.2.number',
      'phones.2.label',
      'phones.10.number',
      'notes',
    ]);
  });
});

describe('addressQuery', () => {
  it('searches postal codes from 3 digits (Thai digits too) and names from 2 characters', () => {
    expect(addressQuery('121')).toEqual({ kind: 'postal', code: '121' });
    expect(addressQuery('๑๒๑๓๐')).toEqual({ kind: 'postal', code: '12130' });
    expect(addressQuery('ประชา')).toEqual({ kind: 'name', text: 'ประชา' });
  });
  it('drops a written ต./ตำบล/แขวง prefix, which the data does not have', () => {
    expect(addressQuery('ต.คูคต')).toEqual({ kind: 'name', text: 'คูคต' });
    expect(addressQuery('ตำบล คูคต')).toEqual({ kind: 'name', text: 'คูคต' });
    expect(addressQuery('แขวงลุมพินี')).toEqual({ kind: 'name', text: 'ลุมพินี' });
  });
  it('asks nothing for too little or too much', () => {
    expect(addressQuery('')).toBeNull();
    expect(addressQuery('1')).toBeNull();
    expect(addressQuery('12')).toBeNull();
    expect(addressQuery('123456')).toBeNull();
    expect(addressQuery('ก')).toBeNull();
    expect(addressQuery('ต.')).toBeNull();
  });
});
