import { describe, expect, it } from 'vitest';
import { safeFileNameSchema } from '../bridge';
import type { Address } from '../resident';
import { addressLine, routeSheet, sheetDates, sheetFileName, stopTime, type SheetResidentInput, type SheetRoundInput } from './sheet';

const CG = '00000000-0000-7000-8000-000000000001';
const OTHER = '00000000-0000-7000-8000-000000000002';
const R1 = '00000000-0000-7000-8000-000000000011';
const R2 = '00000000-0000-7000-8000-000000000012';
const R3 = '00000000-0000-7000-8000-000000000013';
// 2026-12-07 is a Monday (BE 2569).
const MON = '2026-12-07';

let seq = 0;
function rv(o: Partial<SheetRoundInput>): SheetRoundInput {
  seq++;
  return {
    id: `rv-${String(seq).padStart(3, '0')}`,
    residentId: R1,
    caregiverId: CG,
    date: MON,
    minute: 540,
    minutes: 45,
    fixed: false,
    order: 0,
    activities: ['bathing'],
    status: 'published',
    deletedAt: null,
    ...o,
  };
}

const ADDRESS: Address = {
  houseNo: '99/12',
  moo: '4',
  village: 'หมู่บ้านรัตนโกสินทร์',
  soi: 'ซอยรังสิต-นครนายก 46',
  road: 'รังสิต-นครนายก',
  subDistrict: 'ประชาธิปัตย์',
  district: 'ธัญบุรี',
  province: 'ปทุมธานี',
  postalCode: '12130',
};

function resident(id: string, firstName: string, o: Partial<SheetResidentInput> = {}): SheetResidentInput {
  return {
    id,
    prefix: 'นาง',
    firstName,
    lastName: 'ใจดี',
    nickname: '',
    address: ADDRESS,
    phones: [{ number: '0812345678', label: 'มือถือ' }],
    contacts: [{ name: 'สมหญิง ใจดี', relationship: 'child', phone: '0891234567', isCaregiver: true }],
    ...o,
  };
}

const RESIDENTS = [resident(R1, 'บุญมี'), resident(R2, 'สมพร', { phones: [{ number: '021234567', label: '' }], contacts: [] }), resident(R3, 'ทองใบ')];

describe('routeSheet', () => {
  it('prints her published visits of the day in route order, numbered from 1, with what each stop shows', () => {
    const sheet = routeSheet({
      caregiverId: CG,
      span: 'day',
      date: MON,
      locale: 'th',
      residents: RESIDENTS,
      rounds: [
        rv({ residentId: R2, order: 1, minute: 600, activities: ['wound_care', 'vital_signs'], fixed: true }),
        rv({ residentId: R1, order: 0, minute: 510 }),
        rv({ residentId: R3, order: 2, minute: null }),
      ],
    });
    expect(sheet.dates).toEqual([MON]);
    expect(sheet.days).toHaveLength(1);
    const stops = sheet.days[0]?.stops ?? [];
    expect(stops.map((s) => [s.n, s.resident?.name, s.time])).toEqual([
      [1, 'นางบุญมี ใจดี', '08:30–09:15'],
      [2, 'นางสมพร ใจดี', '10:00–10:45'],
      [3, 'นางทองใบ ใจดี', null],
    ]);
    expect(stops[1]?.fixed).toBe(true);
    expect(stops[1]?.activities).toEqual(['ทำแผล', 'วัดสัญญาณชีพ']);
    expect(stops[0]?.resident).toMatchObject({
      address: '99/12 ม.4 หมู่บ้านรัตนโกสินทร์ ซอยรังสิต-นครนายก 46 ถ.รังสิต-นครนายก ต.ประชาธิปัตย์ อ.ธัญบุรี จ.ปทุมธานี 12130',
      phones: ['081-234-5678 (มือถือ)'],
      contacts: ['สมหญิง ใจดี 089-123-4567'],
    });
    expect(stops[1]?.resident?.phones).toEqual(['02-123-4567']);
    expect(sheet.missingResidents).toBe(0);
  });

  it('leaves out drafts (counted), cancelled and deleted visits, other caregivers and other days', () => {
    const sheet = routeSheet({
      caregiverId: CG,
      span: 'day',
      date: MON,
      locale: 'th',
      residents: RESIDENTS,
      rounds: [
        rv({ residentId: R1 }),
        rv({ residentId: R2, status: 'draft' }),
        rv({ residentId: R2, status: 'draft', date: '2026-12-08' }),
        rv({ residentId: R3, status: 'cancelled' }),
        rv({ residentId: R3, deletedAt: '2026-12-01T00:00:00Z' }),
        rv({ residentId: R2, caregiverId: OTHER }),
        rv({ residentId: R2, date: '2026-12-08' }),
      ],
    });
    expect(sheet.days[0]?.stops.map((s) => s.residentId)).toEqual([R1]);
    expect(sheet.draftsLeftOut).toBe(1);
  });

  it('orders equal route positions by time (any time last), then id, so the same records print the same sheet', () => {
    const rounds = [rv({ id: 'b', order: 0, minute: null }), rv({ id: 'c', order: 0, minute: 480 }), rv({ id: 'a', order: 0, minute: null })];
    const ids = (rs: SheetRoundInput[]) => routeSheet({ caregiverId: CG, span: 'day', date: MON, locale: 'th', residents: RESIDENTS, rounds: rs }).days[0]?.stops.map((s) => s.roundId);
    expect(ids(rounds)).toEqual(['c', 'a', 'b']);
    expect(ids([...rounds].reverse())).toEqual(['c', 'a', 'b']);
  });

  it('a day sheet keeps its empty day; a week sheet has Monday to Sunday but prints only the days with stops', () => {
    const empty = routeSheet({ caregiverId: CG, span: 'day', date: MON, locale: 'th', residents: RESIDENTS, rounds: [] });
    expect(empty.days).toEqual([{ date: MON, stops: [] }]);
    const week = routeSheet({
      caregiverId: CG,
      span: 'week',
      date: '2026-12-10', // a Thursday: the week is still Monday to Sunday
      locale: 'th',
      residents: RESIDENTS,
      rounds: [rv({ date: '2026-12-13', residentId: R3 }), rv({ date: MON }), rv({ date: '2026-12-14' })],
    });
    expect(week.dates).toEqual(sheetDates('week', MON));
    expect(week.dates[0]).toBe(MON);
    expect(week.dates[6]).toBe('2026-12-13');
    expect(week.days.map((d) => d.date)).toEqual([MON, '2026-12-13']);
    expect(week.days.map((d) => d.stops[0]?.n)).toEqual([1, 1]);
  });

  it('keeps the stop of a resident not on this device, marked, and counts it', () => {
    const sheet = routeSheet({ caregiverId: CG, span: 'day', date: MON, locale: 'th', residents: [], rounds: [rv({ residentId: R1 })] });
    expect(sheet.days[0]?.stops[0]).toMatchObject({ residentId: R1, resident: null });
    expect(sheet.missingResidents).toBe(1);
  });

  it('names activities in English when English is chosen; an unknown code is shown as is', () => {
    const sheet = routeSheet({ caregiverId: CG, span: 'day', date: MON, locale: 'en', residents: RESIDENTS, rounds: [rv({ activities: ['tube_feeding', 'x_unknown'] })] });
    expect(sheet.days[0]?.stops[0]?.activities).toEqual(['Tube feeding', 'x_unknown']);
  });
});

describe('addressLine', () => {
  it('adds the Thai words only where they are missing; Bangkok has แขวง and เขต', () => {
    expect(addressLine({ ...ADDRESS, moo: '', village: '', soi: '46', road: 'ถนนรังสิต' }, 'th')).toBe('99/12 ซ.46 ถนนรังสิต ต.ประชาธิปัตย์ อ.ธัญบุรี จ.ปทุมธานี 12130');
    expect(addressLine({ ...ADDRESS, moo: '', village: '', soi: '', road: '', subDistrict: 'ลาดยาว', district: 'จตุจักร', province: 'กรุงเทพมหานคร', postalCode: '10900' }, 'th')).toBe(
      '99/12 แขวงลาดยาว เขตจตุจักร กรุงเทพมหานคร 10900',
    );
  });
  it('writes Moo, Soi and Rd with commas in English', () => {
    expect(addressLine({ ...ADDRESS, village: '', soi: '46', road: 'Rangsit' }, 'en')).toBe('99/12 Moo 4, Soi 46, Rd Rangsit, ประชาธิปัตย์, ธัญบุรี, ปทุมธานี 12130');
  });
});

describe('stopTime and sheetFileName', () => {
  it('shows the planned start and end, or nothing for any time', () => {
    expect(stopTime(480, 30)).toBe('08:00–08:30');
    expect(stopTime(23 * 60 + 40, 40)).toBe('23:40–00:20');
    expect(stopTime(null, 30)).toBeNull();
  });
  it('names the PDF with the caregiver and the BE date, and the name passes the bridge check', () => {
    const day = sheetFileName('ใบงานเยี่ยมบ้าน', 'สมศรี ใจดี', [MON], 'th');
    expect(day).toBe('ใบงานเยี่ยมบ้าน สมศรี ใจดี 7 ธ.ค. 2569');
    const week = sheetFileName('Route sheet', 'A/B: "x"', sheetDates('week', MON), 'en');
    expect(week).toBe('Route sheet A B x 7 Dec 2026 - 13 Dec 2026');
    for (const name of [day, week, sheetFileName('', '', [], 'th'), sheetFileName('...', 'x.', [MON], 'en')]) expect(safeFileNameSchema.safeParse(name).success, name).toBe(true);
  });
});
