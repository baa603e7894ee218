/**
 * What a row of the caregiver's day says, in words: its time, its activities, the resident's address and
 * phones, what was found last time, and what changed after publishing (each change with what it was). Pure (takes the translate and date functions), unit-tested in both
 * languages like the alerts' wording.
 */
import { careActivity } from '../../../../shared/reference/careActivities';
import { formatThaiPhone } from '../../../../shared/phone';
import type { Address, Phone } from '../../../../shared/resident';
import type { RoundChange, RoundChangeKind } from '../../../../shared/rounds/changed';
import { clockTime, type LastFound } from '../../../../shared/rounds/today';
import type { VitalFlag } from '../../../../shared/vitals';
import type { Locale, MessageKey } from '../../../i18n/catalog';

export interface TextDeps {
  locale: Locale;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  date(iso: string): string;
}

export function timeText(minute: number | null, { t }: Pick<TextDeps, 't'>): string {
  const time = clockTime(minute);
  return time === null ? t('today.allDay') : t('today.time', { time });
}

/** Activity names in the UI language, in the plan's order; an unknown code is shown as is. */
export function activitiesText(codes: readonly string[], { locale }: Pick<TextDeps, 'locale'>): string {
  return codes.map((c) => careActivity(c)?.[locale] ?? c).join(', ');
}

export function addressText(a: Address, { t }: Pick<TextDeps, 't'>): string {
  return [a.houseNo, a.moo ? t('reg.address.moo', { moo: a.moo }) : '', a.village, a.soi, a.road, a.subDistrict, a.district, a.province, a.postalCode].filter(Boolean).join(' ');
}

export function phonesText(phones: readonly Phone[]): string {
  return phones.map((p) => (p.label ? `${formatThaiPhone(p.number)} (${p.label})` : formatThaiPhone(p.number))).join(', ');
}

function flagText(f: VitalFlag, { t }: Pick<TextDeps, 't'>): string {
  if (f.key === 'weight' && f.change !== undefined) {
    const sign = f.change.percent > 0 ? '+' : '';
    return t('today.flag.weight', { value: String(f.value), change: `${sign}${f.change.percent}` });
  }
  return t('today.flag', { vital: t(`alerts.vital.${f.key}`), value: String(f.value), level: t(`alerts.level.${f.level}`) });
}

/** "Visited on 1 Dec 2569; found: systolic 165 (high)", or that the last visit was missed, or never visited. */
export function lastFoundText(found: LastFound | 'preparing', deps: TextDeps): string {
  const { t, date } = deps;
  if (found === 'preparing') return t('today.lastTime.preparing');
  if (found.kind === 'never') return t('today.lastTime.never');
  const parts: string[] = [];
  if (found.latestMissed) {
    parts.push(t('today.lastTime.missed', { date: date(found.latestDate) }));
    if (found.doneDate !== null) parts.push(t('today.lastTime.doneOn', { date: date(found.doneDate) }));
  } else {
    parts.push(t('today.lastTime.visited', { date: date(found.latestDate) }));
  }
  if (found.doneDate !== null) {
    parts.push(found.flags.length > 0 ? t('today.lastTime.flags', { flags: found.flags.map((f) => flagText(f, deps)).join(', ') }) : t('today.lastTime.normal'));
  }
  return parts.join('; ');
}

/** One line per change, in ROUND_CHANGE_KINDS order, each with what she was shown before. */
export function changeLines(change: RoundChange, deps: TextDeps): string[] {
  const { t, date } = deps;
  const b = change.before;
  const line = (k: RoundChangeKind): string => {
    switch (k) {
      case 'cancelled':
        return t('today.changed.cancelled');
      case 'reinstated':
        return t('today.changed.reinstated');
      case 'caregiver':
        return t('today.changed.caregiver');
      case 'date':
        return t('today.changed.date', { date: date(b.date) });
      case 'time':
        return t('today.changed.time', { time: timeText(b.minute, deps) });
      case 'minutes':
        return t('today.changed.minutes', { n: b.minutes });
      case 'activities':
        return t('today.changed.activities', { activities: b.activities.length > 0 ? activitiesText(b.activities, deps) : t('today.changed.none') });
    }
  };
  return change.kinds.map(line);
}
