import { describe, expect, it } from 'vitest';
import type { ServiceRow } from '../reports/definitions';
import { addYears, anonymiseServiceRow, erasureFormSchema, isPastRetention } from './erasure';
import { SUBJECT_EXPORT_FORMAT } from './export';
import { subjectSummary } from './summary';

const RID = '0195f3a2-7c4e-7a10-9b2c-3d4e5f607182';

describe('retention', () => {
  it('keeps an archived resident through the last day of the period, and no longer', () => {
    expect(addYears('2020-02-29', 5)).toBe('2025-02-28');
    expect(addYears('2020-02-29', 4)).toBe('2024-02-29');
    expect(isPastRetention('2020-06-01', { archivedYears: 5 }, '2025-06-01')).toBe(false);
    expect(isPastRetention('2020-06-01', { archivedYears: 5 }, '2025-06-02')).toBe(true);
  });
});

describe('erasure', () => {
  it('an anonymised service row keeps the figures and none of the identity', () => {
    const row: ServiceRow = {
      residentId: RID, nationalId: '1130300123458', noIdReason: null, prefix: 'นาง', firstName: 'สมศรี', lastName: 'ใจดี', birthDate: '1948-03-02',
      address: '99/12 ต.ประชาธิปัตย์', phone: '0812345678', communityId: 'c-01', adlTotal: 9, adlGroup: 'homebound', adlOn: '2025-05-20', tai: null,
      careManagerId: 'u-1', caregiverId: 'u-2', planId: 'p-1', planRef: 'LTC 1/2568', fundApprovedOn: '2025-05-28', startDate: '2025-05-01', coveredDays: 30, visits: 2, amountSatang: 85_827,
    };
    const anon = anonymiseServiceRow(row, 'anon-0123456789abcdef');
    expect(anon).toMatchObject({ residentId: 'anon-0123456789abcdef', adlTotal: 9, coveredDays: 30, visits: 2, amountSatang: 85_827, planRef: 'LTC 1/2568' });
    const text = JSON.stringify(anon);
    for (const personal of [RID, '1130300123458', 'สมศรี', 'ใจดี', '1948', '99/12', '0812345678']) expect(text).not.toContain(personal);
  });

  it('the request form names the field at fault', () => {
    const r = erasureFormSchema({ today: '2025-06-01' }).safeParse({ requestedBy: '  ', requestedOn: '2025-06-02', reason: 'x' });
    expect(r.error?.issues.map((i) => `${i.path.join('.')}:${i.message}`)).toEqual(['requestedBy:required', 'requestedOn:date.future']);
  });
});

describe('the printed summary', () => {
  it('has the person, assessments, visits, plans, consents and the count of every record', () => {
    const spec = subjectSummary({
      format: SUBJECT_EXPORT_FORMAT,
      version: 1,
      exportedAt: '2025-06-01T03:00:00.000Z',
      residentId: RID,
      records: [
        { type: 'resident', id: RID, deleted: false, createdAt: '', createdBy: 'u', data: { prefix: 'นาง', firstName: 'สมศรี', lastName: 'ใจดี', nationalId: '1130300123458' } },
        { type: 'adl_assessment', id: RID, deleted: false, createdAt: '', createdBy: 'u', data: { assessedOn: '2025-05-20', total: 9, group: 'homebound' } },
        { type: 'consent', id: RID, deleted: false, createdAt: '', createdBy: 'u', data: { givenOn: '2025-05-20', givenBy: 'self', representativeName: '', relationship: '', purposes: ['care'], withdrawnOn: null } },
      ],
      attachments: [],
    });
    expect(spec.sheets.map((s) => s.name)).toEqual(['ข้อมูลส่วนบุคคล', 'การประเมิน ADL', 'การเยี่ยมบ้าน', 'แผนการดูแล', 'ความยินยอม', 'ระเบียนทั้งหมด']);
    expect(spec.sheets[0]?.title[0]).toBe('สำเนาข้อมูลส่วนบุคคลของ นางสมศรี ใจดี');
    expect(spec.sheets[0]?.rows[2]).toEqual(['เลขประจำตัวประชาชน', '1-1303-00123-45-8']);
    expect(spec.sheets[1]?.rows).toEqual([['2025-05-20', 9, 'ติดบ้าน']]);
    expect(spec.sheets[4]?.rows).toEqual([['2025-05-20', 'ตนเอง', 'การดูแลและบันทึกข้อมูลสุขภาพ', null]]);
    expect(spec.sheets[5]?.rows).toEqual([['ข้อมูลผู้สูงอายุ', 1], ['การประเมิน ADL', 1], ['ความยินยอม', 1], ['รูปภาพ', 0]]);
  });
});
