import { describe, expect, it } from 'vitest';
import { formatDate } from '../../../shared/dates/thaiDate';
import { translate, type Locale } from '../../i18n/catalog';
import { conflictFieldKey, roundsValueText } from './conflictLabels';

const CG = '0195f3a2-7c4e-7a10-9b2c-000000000001';
const STRANGER = '0195f3a2-7c4e-7a10-9b2c-000000000009';
const names = new Map([[CG, 'สมใจ รักดี']]);
const deps = (locale: Locale) => ({ locale, t: (k: Parameters<typeof translate>[1], p?: Record<string, string | number>) => translate(locale, k, p), date: (d: string) => formatDate(d, locale), names });
const th = deps('th');
const en = deps('en');
const label = (type: string, field: string, locale: Locale = 'th') => {
  const key = conflictFieldKey(type, field);
  return key === null ? null : translate(locale, key);
};

describe('conflict labels for rounds records', () => {
  it('names every field of a round visit, an availability, a leave and a holiday, in Thai and English', () => {
    expect(label('round_visit', 'date')).toBe('วันที่เยี่ยม');
    expect(label('round_visit', 'caregiverId')).toBe('ผู้ดูแลที่ไปเยี่ยม');
    expect(label('round_visit', 'minute')).toBe('เวลาเยี่ยม');
    expect(label('round_visit', 'locked', 'en')).toBe('Locked against the planner');
    expect(label('availability', 'startMinute')).toBe('เวลาเริ่มงาน');
    expect(label('leave', 'reason')).toBe('เหตุผลการลา');
    expect(label('holiday', 'nameTh', 'en')).toBe('Holiday name (Thai)');
    // Residents keep the form's labels; an unknown field has none (the inbox shows its name).
    expect(label('resident', 'firstName')).toBe('ชื่อ');
    expect(label('round_visit', 'zzz')).toBeNull();
    expect(label('visit', 'date')).toBeNull();
    const fields = {
      round_visit: ['weekStart', 'residentId', 'communityId', 'caregiverId', 'date', 'minute', 'minutes', 'fixed', 'order', 'legKm', 'activities', 'status', 'locked', 'outcome', 'missedReason', 'outcomeNote', 'visitId', 'publishedAs'],
      availability: ['userId', 'skills', 'workingDays', 'startMinute', 'endMinute', 'weeklyVisitCap', 'base'],
      leave: ['userId', 'from', 'to', 'reason', 'note'],
      holiday: ['date', 'nameTh', 'nameEn'],
    };
    for (const [type, list] of Object.entries(fields)) for (const f of list) expect(conflictFieldKey(type, f), `${type}.${f}`).not.toBeNull();
  });

  it('reads a two-care-manager move: the caregiver by name, the date in the Buddhist Era in Thai, the time as HH:MM', () => {
    expect(roundsValueText('round_visit', 'caregiverId', CG, th)).toBe('สมใจ รักดี');
    expect(roundsValueText('round_visit', 'caregiverId', STRANGER, th)).toBe('ผู้ใช้รหัส 0195f3a2');
    expect(roundsValueText('round_visit', 'date', '2026-12-09', th)).toBe('9 ธันวาคม 2569');
    expect(roundsValueText('round_visit', 'date', '2026-12-09', en)).toBe('9 December 2026');
    expect(roundsValueText('round_visit', 'minute', 8 * 60 + 5, th)).toBe('08:05 น.');
    expect(roundsValueText('round_visit', 'minute', 13 * 60 + 30, en)).toBe('13:30');
    expect(roundsValueText('round_visit', 'minute', null, th)).toBe('ทั้งวัน');
    expect(roundsValueText('round_visit', 'order', 0, th)).toBe('ลำดับที่ 1');
    expect(roundsValueText('round_visit', 'minutes', 45, en)).toBe('45 minutes');
    expect(roundsValueText('round_visit', 'legKm', 2.5, th)).toBe('2.5 กม.');
  });

  it('reads codes and flags in words', () => {
    expect(roundsValueText('round_visit', 'locked', true, th)).toBe('ล็อก');
    expect(roundsValueText('round_visit', 'locked', false, en)).toBe('Not locked');
    expect(roundsValueText('round_visit', 'status', 'cancelled', th)).toBe('ยกเลิก');
    expect(roundsValueText('round_visit', 'status', 'published', en)).toBe('Published');
    expect(roundsValueText('round_visit', 'outcome', null, th)).toBe('ยังไม่บันทึกผล');
    expect(roundsValueText('round_visit', 'outcome', 'done', th)).toBe('เยี่ยมแล้ว');
    expect(roundsValueText('round_visit', 'missedReason', 'not_home', th)).toBe('ไม่อยู่บ้าน');
    expect(roundsValueText('round_visit', 'activities', ['bathing', 'zzz'], th)).toBe('อาบน้ำ เช็ดตัว ทำความสะอาดร่างกาย, zzz');
    expect(roundsValueText('round_visit', 'publishedAs', { status: 'published', caregiverId: CG, date: '2026-12-09', minute: 540, minutes: 45, activities: [] }, th)).toBe('9 ธันวาคม 2569 09:00 น. โดย สมใจ รักดี');
    expect(roundsValueText('availability', 'skills', ['insulin', 'wound'], th)).toBe('ฉีดอินซูลิน, ทำแผล');
    expect(roundsValueText('availability', 'workingDays', [1, 2, 5], th)).toBe('จันทร์, อังคาร, ศุกร์');
    expect(roundsValueText('availability', 'workingDays', [0, 6], en)).toBe('Sunday, Saturday');
    expect(roundsValueText('availability', 'startMinute', 510, th)).toBe('08:30 น.');
    expect(roundsValueText('availability', 'weeklyVisitCap', 30, th)).toBe('30 ครั้งต่อสัปดาห์');
    expect(roundsValueText('availability', 'base', null, th)).toBe('ไม่กำหนด');
    expect(roundsValueText('availability', 'base', { lat: 14.02, lng: 100.73 }, th)).toBe('14.02, 100.73');
    expect(roundsValueText('leave', 'reason', 'sick', th)).toBe('ลาป่วย');
    expect(roundsValueText('leave', 'from', '2026-12-08', th)).toBe('8 ธันวาคม 2569');
    expect(roundsValueText('holiday', 'date', '2026-12-10', th)).toBe('10 ธันวาคม 2569');
  });

  it('leaves what it does not know to the generic reading', () => {
    expect(roundsValueText('holiday', 'nameTh', 'วันรัฐธรรมนูญ', th)).toBeNull();
    expect(roundsValueText('round_visit', 'outcomeNote', 'x', th)).toBeNull();
    expect(roundsValueText('resident', 'date', '2026-12-09', th)).toBeNull();
    expect(roundsValueText('round_visit', 'status', 'zzz', th)).toBe('zzz');
    expect(roundsValueText('round_visit', 'minute', 'x', th)).toBeNull();
  });
});
