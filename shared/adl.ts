/**
 * Barthel ADL, Thai 20-point form (docs/domain.md §3).
 *
 * Invariants: every stored answer is an integer in [0, item max]; the total is their sum (0–20); the group is
 * a function of the total only (12–20 ติดสังคม, 5–11 ติดบ้าน, 0–4 ติดเตียง). Answers are stored with
 * ADL_FORM_VERSION so a future form change never reinterprets old answers. The answers' zod schema is in
 * assessment.ts, with the form's, so this module loads without zod (docs/architecture.md, "What loads first").
 */
export type AdlItemKey =
  | 'feeding'
  | 'grooming'
  | 'transfer'
  | 'toilet'
  | 'mobility'
  | 'dressing'
  | 'stairs'
  | 'bathing'
  | 'bowels'
  | 'bladder';

export type AdlAnswers = Record<AdlItemKey, number>;

/** In form order; every item's minimum is 0. */
export const ADL_ITEMS = [
  { key: 'feeding', max: 2 },
  { key: 'grooming', max: 1 },
  { key: 'transfer', max: 3 },
  { key: 'toilet', max: 2 },
  { key: 'mobility', max: 3 },
  { key: 'dressing', max: 2 },
  { key: 'stairs', max: 2 },
  { key: 'bathing', max: 1 },
  { key: 'bowels', max: 2 },
  { key: 'bladder', max: 2 },
] as const satisfies readonly { key: AdlItemKey; max: number }[];

export const ADL_FORM_VERSION = 'barthel-th-20/1';
export const ADL_MAX_TOTAL = 20;

/** Sum of the answers; throws RangeError on an answer the form cannot produce, so no bogus total is stored. */
export function adlTotal(answers: AdlAnswers): number {
  let total = 0;
  for (const { key, max } of ADL_ITEMS) {
    const v = answers[key];
    if (!Number.isInteger(v) || v < 0 || v > max) throw new RangeError(`ADL ${key} out of range: ${String(v)}`);
    total += v;
  }
  return total;
}

export type AdlGroup = 'social' | 'homebound' | 'bedbound';

/** From least to most dependent. */
export const ADL_GROUP_ORDER = ['social', 'homebound', 'bedbound'] as const satisfies readonly AdlGroup[];

export function adlGroup(total: number): AdlGroup {
  if (!Number.isInteger(total) || total < 0 || total > ADL_MAX_TOTAL) throw new RangeError(`ADL total out of range: ${total}`);
  if (total >= 12) return 'social'; // ติดสังคม
  if (total >= 5) return 'homebound'; // ติดบ้าน
  return 'bedbound'; // ติดเตียง
}

/** LTC (long-term care) fund eligibility: ADL ≤ 11, i.e. ติดบ้าน or ติดเตียง. */
export function isLtcEligible(total: number): boolean {
  return adlGroup(total) !== 'social';
}

/** Alert threshold: a change of at least this many points (docs/domain.md §3). */
export const ADL_SIGNIFICANT_CHANGE = 2;

export interface AdlTrend {
  /** improved = total went up (more independent). 'none' when fewer than two assessments. */
  direction: 'improved' | 'declined' | 'same' | 'none';
  delta: number;
  significant: boolean;
  groupChanged: boolean;
}

/** Compares the latest two assessments by assessedOn (YYYY-MM-DD); same-day ones keep input order (later wins). */
export function adlTrend(history: readonly { assessedOn: string; total: number }[]): AdlTrend {
  // Array.prototype.sort is stable, so ties keep input order.
  const sorted = [...history].sort((a, b) => (a.assessedOn < b.assessedOn ? -1 : a.assessedOn > b.assessedOn ? 1 : 0));
  const latest = sorted[sorted.length - 1];
  const previous = sorted[sorted.length - 2];
  if (latest === undefined || previous === undefined) {
    return { direction: 'none', delta: 0, significant: false, groupChanged: false };
  }
  const delta = latest.total - previous.total;
  return {
    direction: delta > 0 ? 'improved' : delta < 0 ? 'declined' : 'same',
    delta,
    significant: Math.abs(delta) >= ADL_SIGNIFICANT_CHANGE,
    groupChanged: adlGroup(latest.total) !== adlGroup(previous.total),
  };
}
