import { careActivity } from '../../../shared/reference/careActivities';
import type { Locale } from '../../i18n/catalog';

/** A care activity's name in the UI language (the code itself if the reference list lacks it). */
export function activityName(code: string, locale: Locale): string {
  const a = careActivity(code);
  return a === undefined ? code : locale === 'th' ? a.th : a.en;
}

/** 7 → "7", 0.25 → "0.25": times per week as typed, never "0.2500001". */
export function formatTimes(n: number): string {
  return String(Math.round(n * 100) / 100);
}
