import { describe, expect, it } from 'vitest';
import { explainUnmet, MESSAGES } from './explain';
import { UNMET_CODES, type UnmetItem } from './types';

const R = '01958f3a-0002-7000-8000-000000000001';
const CG = '01958f3a-0001-7000-8000-000000000001';
const names = { residents: { [R]: 'นางบุญมี ใจดี' }, communities: { 'c-12': 'ชุมชน 12' }, caregivers: { [CG]: 'สมศรี' }, skills: { insulin: 'ฉีดอินซูลิน' } };

const EXAMPLES: Record<UnmetItem['code'], UnmetItem> = {
  no_caregiver_in_community: { code: 'no_caregiver_in_community', residentId: R, params: { communityId: 'c-12', missing: 2 } },
  no_skill: { code: 'no_skill', residentId: R, params: { communityId: 'c-12', skills: ['insulin'], missing: 1 } },
  no_working_day: { code: 'no_working_day', residentId: R, params: { communityId: 'c-12', date: '2026-10-14', missing: 1 } },
  fixed_time_on_holiday: { code: 'fixed_time_on_holiday', residentId: R, params: { date: '2026-10-13', minute: 480, holiday: 'วันนวมินทรมหาราช', missing: 1 } },
  fixed_time_outside_hours: { code: 'fixed_time_outside_hours', residentId: R, params: { date: '2026-10-14', minute: 1110, missing: 1 } },
  not_enough_capacity: { code: 'not_enough_capacity', residentId: R, params: { communityId: 'c-12', required: 3, planned: 1, missing: 2, caregivers: 4, openDays: 2 } },
  kept_visit_conflict: { code: 'kept_visit_conflict', residentId: R, params: { existingId: 'x', caregiverId: CG, date: '2026-10-14', rule: 'leave' } },
};

describe('explainUnmet', () => {
  it('renders the capacity sentence in Thai and English with names, numbers and no placeholder left', () => {
    const item = EXAMPLES.not_enough_capacity;
    expect(explainUnmet(item, 'th', names)).toBe('นางบุญมี ใจดี ต้องการเยี่ยม 3 ครั้ง จัดได้ 1 ครั้ง: ผู้ดูแล 4 คนของชุมชน 12ที่ไปเยี่ยมได้ มีคิวเต็มใน 2 วันทำงานของสัปดาห์');
    expect(explainUnmet(item, 'en', names)).toBe('นางบุญมี ใจดี needs 3 visits, 1 planned: the 4 caregivers of ชุมชน 12 able to make them are fully booked on the 2 working days of the week');
  });

  it('formats dates in the Buddhist era in Thai, times as HH:mm, skills and rules by name', () => {
    expect(explainUnmet(EXAMPLES.fixed_time_outside_hours, 'th', names)).toContain('18:30 น. ในวันที่ 14 ต.ค. 2569');
    expect(explainUnmet(EXAMPLES.fixed_time_outside_hours, 'en', names)).toContain('18:30 on 14 Oct 2026');
    expect(explainUnmet(EXAMPLES.no_skill, 'th', names)).toContain('ฉีดอินซูลิน');
    expect(explainUnmet(EXAMPLES.kept_visit_conflict, 'en', names)).toContain('by สมศรี on 14 Oct 2026 breaks a rule: the caregiver is on leave');
  });

  it('has a sentence in both languages for every code, every placeholder filled; unknown ids show as themselves', () => {
    for (const code of UNMET_CODES) {
      for (const lang of ['th', 'en'] as const) {
        expect(MESSAGES[code][lang]).not.toBe('');
        expect(explainUnmet(EXAMPLES[code], lang, names)).not.toMatch(/[{}]/);
      }
    }
    expect(explainUnmet(EXAMPLES.no_caregiver_in_community, 'en')).toBe(`${R} needs 2 more visits, but no caregiver covers c-12`);
  });
});
