/**
 * The skills a caregiver may hold, and which care activities need one (docs/domain.md §9: a visit goes only
 * to a caregiver with every skill her resident's care needs).
 *
 * Invariants:
 * - SKILLS is a small closed list; a code never changes meaning once stored (retire one by leaving it here).
 *   Every skill has a Thai and an English label.
 * - ACTIVITY_SKILLS maps care-activity codes of the catalogue (shared/reference/careActivities.ts) to the one
 *   skill they need. Clinical activities need one; general care (bathing, feeding, mouth care, toileting,
 *   medication support, vital signs, emotional support, teaching the family, home safety, other) is what
 *   every caregiver is trained for and needs none.
 * - `insulin`, `catheter` and `dementia` are skills a caregiver may hold that no catalogue activity asks for
 *   yet: the catalogue has no insulin, catheter or dementia-care activity (medication support is broader than
 *   insulin). They are listed so a caregiver's profile can record them; a new activity maps to them here.
 * - skillsForActivities is pure: the same codes give the same skills, in SKILLS order, each once; codes
 *   outside the catalogue need nothing.
 */
import type { CareActivityCode } from '../reference/careActivities';

export interface Skill {
  code: string;
  th: string;
  en: string;
}

export const SKILLS = [
  { code: 'ng_tube', th: 'ให้อาหารทางสายยาง', en: 'Tube feeding' },
  { code: 'wound', th: 'ทำแผล', en: 'Wound care' },
  { code: 'bedsore', th: 'ดูแลป้องกันแผลกดทับ', en: 'Pressure-sore care' },
  { code: 'rehab', th: 'ฟื้นฟูสภาพ', en: 'Rehabilitation exercises' },
  { code: 'insulin', th: 'ฉีดอินซูลิน', en: 'Insulin injection' },
  { code: 'catheter', th: 'ดูแลสายสวนปัสสาวะ', en: 'Urinary catheter care' },
  { code: 'dementia', th: 'ดูแลผู้มีภาวะสมองเสื่อม', en: 'Dementia care' },
] as const satisfies readonly Skill[];

export type SkillCode = (typeof SKILLS)[number]['code'];

const SKILL_ORDER: ReadonlyMap<string, number> = new Map(SKILLS.map((s, i) => [s.code, i]));

export function isSkillCode(code: string): code is SkillCode {
  return SKILL_ORDER.has(code);
}

export function skill(code: string): Skill | undefined {
  return SKILLS.find((s) => s.code === code);
}

/** The skill each clinical activity needs; activities not listed need none. */
export const ACTIVITY_SKILLS: Readonly<Partial<Record<CareActivityCode, SkillCode>>> = {
  tube_feeding: 'ng_tube',
  wound_care: 'wound',
  turning: 'bedsore',
  exercise: 'rehab',
};

// A Map, so that codes such as `toString` never reach the object's prototype.
const SKILL_OF: ReadonlyMap<string, SkillCode> = new Map(Object.entries(ACTIVITY_SKILLS));

/** The skills a visit doing these activities needs, each once, in SKILLS order. */
export function skillsForActivities(codes: Iterable<string>): SkillCode[] {
  const out = new Set<SkillCode>();
  for (const code of codes) {
    const s = SKILL_OF.get(code);
    if (s !== undefined) out.add(s);
  }
  return [...out].sort((a, b) => (SKILL_ORDER.get(a) ?? 0) - (SKILL_ORDER.get(b) ?? 0));
}
