/**
 * Thai public holidays for 2026 and 2027, the default list a municipality's administrator edits later (the
 * planner reads whatever list it is given: no visit is planned on a holiday, docs/domain.md §9).
 *
 * Fixed-date holidays are the same every year. The Buddhist holidays follow the Thai lunar calendar and are
 * set each year by the cabinet announcement (ประกาศคณะรัฐมนตรี): CHECK THEM EVERY YEAR. The 2026 dates below
 * are the full-moon days of the 3rd, 6th and 8th lunar months for a year without an extra month; the 2027
 * dates are estimates from the astronomical full moons, NOT checked against an announcement (in a year with
 * an extra 8th month, อธิกมาส, Asarnha Bucha and Khao Phansa move a month later).
 *
 * Substitution days (วันหยุดชดเชย, when a holiday falls on a weekend) and one-off special holidays are
 * announced by the cabinet and are not in this list: the administrator adds them.
 */
import type { Holiday } from './types';

type Named = { mmdd: string; nameTh: string; nameEn: string };

const FIXED: readonly Named[] = [
  { mmdd: '01-01', nameTh: 'วันขึ้นปีใหม่', nameEn: "New Year's Day" },
  { mmdd: '04-06', nameTh: 'วันจักรี', nameEn: 'Chakri Memorial Day' },
  { mmdd: '04-13', nameTh: 'วันสงกรานต์', nameEn: 'Songkran' },
  { mmdd: '04-14', nameTh: 'วันสงกรานต์', nameEn: 'Songkran' },
  { mmdd: '04-15', nameTh: 'วันสงกรานต์', nameEn: 'Songkran' },
  { mmdd: '05-01', nameTh: 'วันแรงงานแห่งชาติ', nameEn: 'National Labour Day' },
  { mmdd: '05-04', nameTh: 'วันฉัตรมงคล', nameEn: 'Coronation Day' },
  { mmdd: '06-03', nameTh: 'วันเฉลิมพระชนมพรรษาสมเด็จพระนางเจ้าสุทิดา', nameEn: "Queen Suthida's Birthday" },
  { mmdd: '07-28', nameTh: 'วันเฉลิมพระชนมพรรษาพระบาทสมเด็จพระเจ้าอยู่หัว', nameEn: "King Vajiralongkorn's Birthday" },
  { mmdd: '08-12', nameTh: 'วันแม่แห่งชาติ', nameEn: "Queen Mother's Birthday / Mother's Day" },
  { mmdd: '10-13', nameTh: 'วันนวมินทรมหาราช', nameEn: 'King Bhumibol Memorial Day' },
  { mmdd: '10-23', nameTh: 'วันปิยมหาราช', nameEn: 'Chulalongkorn Day' },
  { mmdd: '12-05', nameTh: 'วันพ่อแห่งชาติ', nameEn: "King Bhumibol's Birthday / Father's Day" },
  { mmdd: '12-10', nameTh: 'วันรัฐธรรมนูญ', nameEn: 'Constitution Day' },
  { mmdd: '12-31', nameTh: 'วันสิ้นปี', nameEn: "New Year's Eve" },
];

const MAKHA: Omit<Named, 'mmdd'> = { nameTh: 'วันมาฆบูชา', nameEn: 'Makha Bucha' };
const VISAKHA: Omit<Named, 'mmdd'> = { nameTh: 'วันวิสาขบูชา', nameEn: 'Visakha Bucha' };
const ASARNHA: Omit<Named, 'mmdd'> = { nameTh: 'วันอาสาฬหบูชา', nameEn: 'Asarnha Bucha' };
const KHAO_PHANSA: Omit<Named, 'mmdd'> = { nameTh: 'วันเข้าพรรษา', nameEn: 'Khao Phansa (Buddhist Lent)' };

/** Lunar holidays by year: to be checked each year against the cabinet announcement (see the header). */
const LUNAR: Readonly<Record<number, readonly Named[]>> = {
  2026: [
    { mmdd: '03-03', ...MAKHA },
    { mmdd: '05-31', ...VISAKHA },
    { mmdd: '07-29', ...ASARNHA },
    { mmdd: '07-30', ...KHAO_PHANSA },
  ],
  // Unchecked estimates (astronomical full moons).
  2027: [
    { mmdd: '02-20', ...MAKHA },
    { mmdd: '05-20', ...VISAKHA },
    { mmdd: '07-18', ...ASARNHA },
    { mmdd: '07-19', ...KHAO_PHANSA },
  ],
};

function yearHolidays(year: number): Holiday[] {
  return [...FIXED, ...(LUNAR[year] ?? [])].map((h) => ({ date: `${year}-${h.mmdd}`, nameTh: h.nameTh, nameEn: h.nameEn }));
}

/** The default list for 2026 and 2027, in date order. */
export const DEFAULT_HOLIDAYS: readonly Holiday[] = [...yearHolidays(2026), ...yearHolidays(2027)].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

