/**
 * Care given on a home visit (docs/domain.md §5 "Care given"), used by care-plan activities and visit records.
 * Codes are stored; names are shown. Codes never change meaning once used: retire one by leaving it here
 * and dropping it from the pick list, never by reusing it.
 */
export interface CareActivity {
  code: string;
  th: string;
  en: string;
}

export const CARE_ACTIVITIES = [
  { code: 'bathing', th: 'อาบน้ำ เช็ดตัว ทำความสะอาดร่างกาย', en: 'Bathing and personal hygiene' },
  { code: 'oral_care', th: 'ดูแลช่องปาก แปรงฟัน', en: 'Mouth care' },
  { code: 'feeding', th: 'ดูแลการรับประทานอาหาร', en: 'Feeding' },
  { code: 'tube_feeding', th: 'ให้อาหารทางสายยาง', en: 'Tube feeding' },
  { code: 'medication', th: 'ดูแลการใช้ยา', en: 'Medication support' },
  { code: 'wound_care', th: 'ทำแผล', en: 'Wound care' },
  { code: 'turning', th: 'พลิกตะแคงตัว ป้องกันแผลกดทับ', en: 'Turning and pressure-sore prevention' },
  { code: 'exercise', th: 'ฟื้นฟูสภาพ ออกกำลังกาย', en: 'Exercise and rehabilitation' },
  { code: 'toileting', th: 'ดูแลการขับถ่าย', en: 'Toileting and continence care' },
  { code: 'vital_signs', th: 'วัดสัญญาณชีพ', en: 'Checking vital signs' },
  { code: 'emotional_support', th: 'พูดคุย ให้กำลังใจ ดูแลด้านจิตใจ', en: 'Emotional and social support' },
  { code: 'family_teaching', th: 'สอนและให้คำแนะนำญาติผู้ดูแล', en: 'Teaching the family carer' },
  { code: 'home_safety', th: 'จัดสภาพแวดล้อมให้ปลอดภัย', en: 'Home safety' },
  { code: 'other', th: 'อื่น ๆ', en: 'Other' },
] as const satisfies readonly CareActivity[];

export type CareActivityCode = (typeof CARE_ACTIVITIES)[number]['code'];

export const CARE_ACTIVITY_CODES: ReadonlySet<string> = new Set(CARE_ACTIVITIES.map((a) => a.code));

export function isCareActivityCode(code: string): code is CareActivityCode {
  return CARE_ACTIVITY_CODES.has(code);
}

export function careActivity(code: string): CareActivity | undefined {
  return CARE_ACTIVITIES.find((a) => a.code === code);
}
