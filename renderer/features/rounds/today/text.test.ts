import { describe, expect, it } from 'vitest';
import { formatDate } from '../../../../shared/dates/thaiDate';
import { translate, type Locale } from '../../../i18n/catalog';
import { activitiesText, addressText, changeLines, lastFoundText, phonesText, timeText } from './text';

const deps = (locale: Locale) => ({ locale, t: (k: Parameters<typeof translate>[1], p?: Record<string, string | number>) => translate(locale, k, p), date: (d: string) => formatDate(d, locale) });
const th = deps('th');
const en = deps('en');

describe('the words of a row of the caregiver’s day', () => {
  it('gives the time in 24 hours, or any time of the day', () => {
    expect(timeText(8 * 60, th)).toBe('08:00 น.');
    expect(timeText(13 * 60 + 30, en)).toBe('13:30');
    expect(timeText(null, th)).toBe('ทั้งวัน');
    expect(timeText(null, en)).toBe('Any time');
  });
  it('names activities in the UI language, unknown codes as they are', () => {
    expect(activitiesText(['bathing', 'wound_care', 'zzz'], th)).toBe('อาบน้ำ เช็ดตัว ทำความสะอาดร่างกาย, ทำแผล, zzz');
    expect(activitiesText(['bathing', 'wound_care'], en)).toBe('Bathing and personal hygiene, Wound care');
  });
  it('writes the address and formatted phones', () => {
    const a = { houseNo: '99/12', moo: '3', village: '', soi: 'ซอย 5', road: '', subDistrict: 'ประชาธิปัตย์', district: 'ธัญบุรี', province: 'ปทุมธานี', postalCode: '12130' };
    expect(addressText(a, th)).toBe('99/12 ม.3 ซอย 5 ประชาธิปัตย์ ธัญบุรี ปทุมธานี 12130');
    expect(phonesText([{ number: '0812345678', label: 'มือถือ' }, { number: '021234567', label: '' }])).toBe('081-234-5678 (มือถือ), 02-123-4567');
  });
  it('says what was found last time: the date, the flagged vitals in words, a missed visit, never, preparing', () => {
    const found = {
      kind: 'visited' as const,
      latestDate: '2026-12-01',
      latestMissed: false,
      doneDate: '2026-12-01',
      flags: [
        { key: 'systolic' as const, level: 'high' as const, value: 165 },
        { key: 'weight' as const, level: 'low' as const, value: 45, change: { percent: -10, referenceDate: '2026-11-01', referenceKg: 50 } },
      ],
    };
    expect(lastFoundText(found, th)).toBe('เยี่ยมเมื่อ 1 ธันวาคม 2569; พบ: ความดันตัวบน 165 (ระดับสูง), น้ำหนัก 45 กก. (เปลี่ยน -10%)');
    expect(lastFoundText(found, en)).toBe('Visited on 1 December 2026; found: systolic BP 165 (high), weight 45 kg (changed -10%)');
    expect(lastFoundText({ ...found, flags: [] }, th)).toBe('เยี่ยมเมื่อ 1 ธันวาคม 2569; สัญญาณชีพปกติ');
    expect(lastFoundText({ ...found, latestMissed: true, latestDate: '2026-12-03', flags: [] }, th)).toBe('ครั้งล่าสุด 3 ธันวาคม 2569 ไม่ได้เยี่ยม; เยี่ยมได้ครั้งล่าสุด 1 ธันวาคม 2569; สัญญาณชีพปกติ');
    expect(lastFoundText({ ...found, latestMissed: true, doneDate: null, flags: [] }, en)).toBe('Last visit on 1 December 2026 was missed');
    expect(lastFoundText({ kind: 'never' }, th)).toBe('ยังไม่เคยเยี่ยม');
    expect(lastFoundText({ kind: 'never' }, en)).toBe('Never visited');
    expect(lastFoundText('preparing', th)).toBe('กำลังเตรียมข้อมูลครั้งก่อน…');
  });
  it('says what changed after publishing, each with what it was, in both languages', () => {
    const before = { status: 'published' as const, caregiverId: 'cg', date: '2026-12-08', minute: 9 * 60, minutes: 45, activities: ['bathing'] };
    const all = { kinds: ['caregiver', 'date', 'time', 'minutes', 'activities'] as const, before };
    expect(changeLines({ ...all, kinds: [...all.kinds] }, th)).toEqual([
      'ย้ายมาให้คุณจากผู้ดูแลคนอื่น',
      'เปลี่ยนวันจาก 8 ธันวาคม 2569',
      'เปลี่ยนเวลาจาก 09:00 น.',
      'เปลี่ยนระยะเวลาจาก 45 นาที',
      'เปลี่ยนสิ่งที่ต้องทำจาก อาบน้ำ เช็ดตัว ทำความสะอาดร่างกาย',
    ]);
    expect(changeLines({ ...all, kinds: [...all.kinds] }, en)).toEqual([
      'Moved to you from another caregiver',
      'Day changed from 8 December 2026',
      'Time changed from 09:00',
      'Length changed from 45 minutes',
      'To do changed from Bathing and personal hygiene',
    ]);
    expect(changeLines({ kinds: ['time', 'activities'], before: { ...before, minute: null, activities: [] } }, th)).toEqual(['เปลี่ยนเวลาจาก ทั้งวัน', 'เปลี่ยนสิ่งที่ต้องทำจาก (ไม่มี)']);
    expect(changeLines({ kinds: ['cancelled'], before }, th)).toEqual(['ผู้จัดการการดูแลยกเลิกการเยี่ยมนี้หลังเผยแพร่ ไม่ต้องไปเยี่ยม']);
    expect(changeLines({ kinds: ['reinstated'], before }, en)).toEqual(['Back in your round']);
  });
});
