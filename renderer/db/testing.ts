/**
 * Builders for tests of the store (and later e2e data builders): a valid-looking resident profile and a
 * fresh database name per test, so tests never share IndexedDB state.
 */
import { ADL_FORM_VERSION, ADL_ITEMS, adlGroup, adlTotal, type AdlAnswers } from '../../shared/adl';
import type { AdlAssessmentData, AdlFormOutput } from '../../shared/assessment';
import type { ResidentProfile } from '../../shared/resident';
import { buildResidentProfile } from '../../shared/demo/builders';

let counter = 0;

export function freshDbName(label = 'test'): string {
  counter += 1;
  return `carerounds-${label}-${counter}-${crypto.randomUUID()}`;
}

/**
 * The shared test resident (shared/demo/builders.ts) with the identity the store tests assert on. The ID's check digit
 * is deliberately wrong: the store keeps whatever the schema let through, and these tests are about storage.
 */
export function buildProfile(overrides: Partial<ResidentProfile> = {}): ResidentProfile {
  const base = buildResidentProfile();
  return buildResidentProfile({
    nationalId: '1130300123459',
    birthDate: { value: '1950-03-14', precision: 'day' },
    communityId: 'c-01',
    address: { ...base.address, moo: '3', village: '', soi: 'รังสิต-นครนายก 49', road: 'รังสิต-นครนายก' },
    ...overrides,
  });
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
