/**
 * Why a requirement was not met, as structured items (types.ts UnmetItem) and as sentences in Thai and
 * English. The sentences live in one table (MESSAGES) so the UI can move them into its catalogue.
 *
 * Invariants: a resident's missing visits are reported under the first reason that explains them, checked
 * from the most basic (nobody in her community) to the least (everyone who could is fully booked); each
 * missing fixed-time visit gets its own item with its date and time. Kept visits that break a rule are
 * reported with the rule (the visit itself stays).
 */
import { THAI_MONTHS_SHORT, toBuddhistYear, ENGLISH_MONTHS_SHORT } from '../dates/thaiDate';
import { isOpen, type NeededVisit, type Problem } from './problem';
import type { ResidentDemand, UnmetItem } from './types';

/** Why the resident's missing new visits were not planned. `missing` lists them (visit indices). */
export function diagnose(p: Problem, resident: number, missing: readonly number[], planned: number): UnmetItem[] {
  const r = p.residents[resident] as ResidentDemand;
  const residentId = r.residentId;
  const communityId = r.communityId;
  const inCommunity = p.caregivers.filter((c) => c.communityIds.includes(communityId));
  if (inCommunity.length === 0) return [{ code: 'no_caregiver_in_community', residentId, params: { communityId, missing: missing.length } }];
  const eligible = (p.eligible[resident] as number[]).map((i) => p.caregivers[i]).filter((c) => c !== undefined);
  if (eligible.length === 0) {
    const skills = r.skills.filter((s) => !inCommunity.some((c) => c.skills.includes(s)));
    return [{ code: 'no_skill', residentId, params: { communityId, skills: skills.length > 0 ? skills : [...r.skills], missing: missing.length } }];
  }
  const openDays = p.days.filter((d) => eligible.some((c) => isOpen(c, d))).length;
  if (openDays === 0) return [{ code: 'no_working_day', residentId, params: { communityId, date: null, missing: missing.length } }];
  const items: UnmetItem[] = [];
  let flexible = 0;
  for (const i of missing) {
    const v = p.visits[i] as NeededVisit;
    const day = v.day === null ? undefined : p.days[v.day];
    if (v.fixedAt === null || day === undefined) {
      flexible++;
      continue;
    }
    const minute = v.fixedAt;
    if (day.holiday !== null) items.push({ code: 'fixed_time_on_holiday', residentId, params: { date: day.date, minute, holiday: day.holiday.nameTh, missing: 1 } });
    else if (!eligible.some((c) => isOpen(c, day))) items.push({ code: 'no_working_day', residentId, params: { communityId, date: day.date, missing: 1 } });
    else if (!eligible.some((c) => isOpen(c, day) && minute >= c.hours.start && minute + r.minutesPerVisit <= c.hours.end)) {
      items.push({ code: 'fixed_time_outside_hours', residentId, params: { date: day.date, minute, missing: 1 } });
    } else flexible++;
  }
  if (flexible > 0) {
    const required = p.required[resident] as number;
    items.push({ code: 'not_enough_capacity', residentId, params: { communityId, required, planned, missing: flexible, caregivers: eligible.length, openDays } });
  }
  return items;
}

/** Display names by id; an id without a name is shown as itself. */
export interface NameBook {
  residents?: Readonly<Record<string, string>>;
  caregivers?: Readonly<Record<string, string>>;
  communities?: Readonly<Record<string, string>>;
  skills?: Readonly<Record<string, string>>;
  holidays?: Readonly<Record<string, string>>;
}

export type Lang = 'th' | 'en';

type Vars = Record<string, string | number>;

/** Every sentence, by code and language; {name} is filled from the item. */
export const MESSAGES: Readonly<Record<UnmetItem['code'], Readonly<Record<Lang, string>>>> = {
  no_caregiver_in_community: {
    th: '{resident} ต้องการเยี่ยมอีก {missing} ครั้ง แต่ไม่มีผู้ดูแลที่รับผิดชอบ{community}',
    en: '{resident} needs {missing} more visits, but no caregiver covers {community}',
  },
  no_skill: {
    th: '{resident} ต้องการเยี่ยมอีก {missing} ครั้ง แต่ไม่มีผู้ดูแลใน{community}ที่มีทักษะ {skills}',
    en: '{resident} needs {missing} more visits, but no caregiver of {community} has the skills {skills}',
  },
  no_working_day: {
    th: '{resident} ต้องการเยี่ยมอีก {missing} ครั้ง แต่ผู้ดูแลที่ไปเยี่ยมได้ไม่ได้ทำงาน{when}',
    en: '{resident} needs {missing} more visits, but no caregiver able to make them works {when}',
  },
  fixed_time_on_holiday: {
    th: '{resident} มีนัดเยี่ยมเวลา {time} น. ในวันที่ {date} ซึ่งเป็นวันหยุด ({holiday})',
    en: '{resident} has a visit set for {time} on {date}, which is a public holiday ({holiday})',
  },
  fixed_time_outside_hours: {
    th: '{resident} มีนัดเยี่ยมเวลา {time} น. ในวันที่ {date} นอกเวลาทำงานของผู้ดูแลทุกคนที่ไปเยี่ยมได้',
    en: '{resident} has a visit set for {time} on {date}, outside the working hours of every caregiver able to make it',
  },
  not_enough_capacity: {
    th: '{resident} ต้องการเยี่ยม {required} ครั้ง จัดได้ {planned} ครั้ง: ผู้ดูแล {caregivers} คนของ{community}ที่ไปเยี่ยมได้ มีคิวเต็มใน {openDays} วันทำงานของสัปดาห์',
    en: '{resident} needs {required} visits, {planned} planned: the {caregivers} caregivers of {community} able to make them are fully booked on the {openDays} working days of the week',
  },
  kept_visit_conflict: {
    th: 'การเยี่ยม{resident}ที่ล็อกหรือประกาศแล้ว โดย{caregiver} วันที่ {date} ขัดกับกฎ: {rule}',
    en: 'The locked or published visit to {resident} by {caregiver} on {date} breaks a rule: {rule}',
  },
};

/** Names of the rules a kept visit can break, for kept_visit_conflict. */
export const KEPT_RULE_NAMES: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  th: {
    leave: 'ผู้ดูแลลางาน',
    holiday: 'วันหยุดนักขัตฤกษ์',
    not_working: 'ไม่ใช่วันทำงานของผู้ดูแล',
    community: 'ผู้ดูแลไม่ได้รับผิดชอบชุมชนนี้',
    skill: 'ผู้ดูแลไม่มีทักษะที่ต้องใช้',
    unknown_caregiver: 'ไม่พบผู้ดูแล',
    outside_week: 'อยู่นอกสัปดาห์ที่วางแผน',
    over_cap: 'เกินจำนวนเยี่ยมต่อสัปดาห์ของผู้ดูแล',
    day_overrun: 'ตารางวันนั้นเกินเวลาทำงานหรือไม่ทันเวลานัด',
  },
  en: {
    leave: 'the caregiver is on leave',
    holiday: 'a public holiday',
    not_working: 'not a working day of the caregiver',
    community: 'the caregiver does not cover this community',
    skill: 'the caregiver lacks a required skill',
    unknown_caregiver: 'unknown caregiver',
    outside_week: 'outside the planned week',
    over_cap: "over the caregiver's weekly visits",
    day_overrun: 'that day runs past working hours or misses a set time',
  },
};

function formatDate(date: string, lang: Lang): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1;
  const d = Number(date.slice(8, 10));
  return lang === 'th' ? `${d} ${THAI_MONTHS_SHORT[m] ?? ''} ${toBuddhistYear(y)}` : `${d} ${ENGLISH_MONTHS_SHORT[m] ?? ''} ${y}`;
}

function formatTime(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

function varsOf(item: UnmetItem, lang: Lang, names: NameBook): Vars {
  const name = (book: Readonly<Record<string, string>> | undefined, id: string): string => book?.[id] ?? id;
  const vars: Vars = { resident: name(names.residents, item.residentId) };
  const params = item.params as Record<string, unknown>;
  for (const [k, v] of Object.entries(params)) if (typeof v === 'string' || typeof v === 'number') vars[k] = v;
  if (typeof params.communityId === 'string') vars.community = name(names.communities, params.communityId);
  if (typeof params.date === 'string') vars.date = formatDate(params.date, lang);
  if (typeof params.minute === 'number') vars.time = formatTime(params.minute);
  if (Array.isArray(params.skills)) vars.skills = params.skills.map((s: string) => name(names.skills, s)).join(', ');
  if (typeof params.caregiverId === 'string') vars.caregiver = name(names.caregivers, params.caregiverId);
  if (typeof params.rule === 'string') vars.rule = KEPT_RULE_NAMES[lang][params.rule] ?? params.rule;
  if (item.code === 'no_working_day') {
    const d = item.params.date;
    vars.when = d === null ? (lang === 'th' ? 'ในสัปดาห์นี้' : 'this week') : lang === 'th' ? `วันที่ ${formatDate(d, lang)}` : `on ${formatDate(d, lang)}`;
  }
  if (item.code === 'fixed_time_on_holiday') vars.holiday = names.holidays?.[item.params.date] ?? item.params.holiday;
  return vars;
}

/** The item as a sentence in Thai or English. */
export function explainUnmet(item: UnmetItem, lang: Lang, names: NameBook = {}): string {
  const vars = varsOf(item, lang, names);
  return MESSAGES[item.code][lang].replace(/\{(\w+)\}/g, (whole, key: string) => (key in vars ? String(vars[key]) : whole));
}
