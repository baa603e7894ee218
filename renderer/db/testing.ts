/**
 * Builders for tests of the store (and later e2e data builders): a valid-looking resident profile and a
 * fresh database name per test, so tests never share IndexedDB state.
 */
import { ADL_FORM_VERSION, ADL_ITEMS, adlGroup, adlTotal, type AdlAnswers } from '../../shared/adl';
import type { AdlAssessmentData, AdlFormOutput } from '../../shared/assessment';
import type { ResidentProfile } from '../../shared/resident';

let counter = 0;

export function freshDbName(label = 'test'): string {
  counter += 1;
  return `carerounds-${label}-${counter}-${crypto.randomUUID()}`;
}

export function buildProfile(overrides: Partial<ResidentProfile> = {}): ResidentProfile {
  return {
    prefix: 'นาง',
    firstName: 'สมศรี',
    lastName: 'ใจดี',
    nickname: 'ศรี',
    sex: 'female',
    nationalId: '1130300123459',
    noIdReason: null,
    birthDate: { value: '1950-03-14', precision: 'day' },
    communityId: 'c-01',
    address: {
      houseNo: '99/12',
      moo: '3',
      village: '',
      soi: 'รังสิต-นครนายก 49',
      road: 'รังสิต-นครนายก',
      subDistrict: 'ประชาธิปัตย์',
      district: 'ธัญบุรี',
      province: 'ปทุมธานี',
      postalCode: '12130',
    },
    gps: null,
    phones: [{ number: '0812345678', label: 'มือถือ' }],
    contacts: [],
    coverage: 'ucs',
    diseases: [],
    otherDiseases: '',
    allergyStatus: 'unknown',
    allergies: [],
    medications: [],
    livingSituation: 'family',
    language: 'ไทย',
    interpreterNeeded: false,
    notes: '',
    ...overrides,
  };
}

/** A clock for tests: starts at `start` and moves by `step` ms per call. */
export function steppingClock(start = Date.UTC(2025, 0, 31, 8, 15, 0), step = 1000): () => number {
  let t = start - step;
  return () => {
    t += step;
    return t;
  };
}

/** Barthel answers that add up to `total` (filled item by item in form order). */
export function adlAnswersFor(total: number): AdlAnswers {
  let left = total;
  const answers = {} as AdlAnswers;
  for (const item of ADL_ITEMS) {
    const v = Math.min(item.max, left);
    answers[item.key] = v;
    left -= v;
  }
  if (left !== 0) throw new RangeError(`ADL total out of range: ${total}`);
  return answers;
}

/** What the ADL form hands to recordAdlAssessment. */
export function buildAdlForm(assessedOn: string, total: number, overrides: Partial<AdlFormOutput> = {}): AdlFormOutput {
  const answers = adlAnswersFor(total);
  const sum = adlTotal(answers);
  return { assessedOn, formVersion: ADL_FORM_VERSION, answers, total: sum, group: adlGroup(sum), reason: 'routine', notes: '', ...overrides };
}

export function buildAssessmentData(residentId: string, assessedOn: string, total: number): AdlAssessmentData {
  return { ...buildAdlForm(assessedOn, total), residentId };
}
