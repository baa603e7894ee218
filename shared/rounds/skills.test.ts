import { describe, expect, it } from 'vitest';
import { CARE_ACTIVITIES, isCareActivityCode } from '../reference/careActivities';
import { ACTIVITY_SKILLS, SKILLS, isSkillCode, skill, skillsForActivities } from './skills';

describe('SKILLS', () => {
  it('has distinct snake_case codes, each labelled in Thai and English', () => {
    const codes = SKILLS.map((s) => s.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const s of SKILLS) {
      expect(s.code).toMatch(/^[a-z][a-z_]*$/);
      expect(s.th).toMatch(/[\u0E00-\u0E7F]/);
      expect(s.en).toMatch(/^[A-Z][A-Za-z -]+$/);
    }
    expect(skill('insulin')?.th).toBe('ฉีดอินซูลิน');
    expect(skill('bathing')).toBeUndefined();
    expect(isSkillCode('wound')).toBe(true);
    expect(isSkillCode('Wound')).toBe(false);
  });
});

describe('ACTIVITY_SKILLS', () => {
  it('maps only activities of the catalogue, each to a listed skill', () => {
    for (const [code, s] of Object.entries(ACTIVITY_SKILLS)) {
      expect(isCareActivityCode(code), code).toBe(true);
      expect(isSkillCode(s), s).toBe(true);
    }
  });

  it('asks a skill for the clinical activities only', () => {
    const needing = CARE_ACTIVITIES.filter((a) => skillsForActivities([a.code]).length > 0).map((a) => a.code);
    expect(needing).toEqual(['tube_feeding', 'wound_care', 'turning', 'exercise']);
  });

  it('leaves insulin, catheter and dementia unrequired until the catalogue has such activities', () => {
    const required = new Set(Object.values(ACTIVITY_SKILLS));
    expect(SKILLS.map((s) => s.code).filter((c) => !required.has(c))).toEqual(['insulin', 'catheter', 'dementia']);
  });
});

describe('skillsForActivities', () => {
  it('gives each skill once, in SKILLS order, whatever the order of the codes', () => {
    expect(skillsForActivities(['exercise', 'bathing', 'wound_care', 'tube_feeding', 'wound_care'])).toEqual(['ng_tube', 'wound', 'rehab']);
    expect(skillsForActivities(new Set(['turning', 'exercise']))).toEqual(['bedsore', 'rehab']);
  });

  it('needs nothing for general care, unknown codes or no activity', () => {
    expect(skillsForActivities(['bathing', 'feeding', 'emotional_support', 'medication', 'vital_signs', 'other'])).toEqual([]);
    expect(skillsForActivities(['not_a_code', 'toString', '__proto__'])).toEqual([]);
    expect(skillsForActivities([])).toEqual([]);
  });
});
