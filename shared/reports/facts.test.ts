import { describe, expect, it } from 'vitest';
import { buildAmendment, buildVisit, testUuid } from '../../test/fixtures/careHistory';
import { addressLine, residentFactOf, visitFactOf, type FactAssessment, type FactPlan, type FactResident } from './facts';

const RID = testUuid(1, 1);

const resident: FactResident = {
  id: RID,
  // 00:30 on 1 October in Bangkok: registered in the new fiscal year, though the UTC date is 30 September.
  createdAt: '2024-09-30T17:30:00.000Z',
  prefix: 'นาง',
  firstName: 'สมศรี',
  lastName: 'ใจดี',
  sex: 'female',
  birthDate: { value: '1944-03' },
  nationalId: '1101700203451',
  noIdReason: null,
  communityId: 'c-01',
  phones: [{ number: '0812345678' }, { number: '029999999' }],
  address: { houseNo: '99/12', moo: '', village: 'หมู่บ้านเอื้ออาทร', soi: 'รังสิต-นครนายก 49', road: '', subDistrict: 'ประชาธิปัตย์', district: 'ธัญบุรี', province: 'ปทุมธานี', postalCode: '12130' },
  status: 'active',
  statusDate: null,
  deletedAt: null,
};

const assessment = (n: number, on: string, total: number, over: Partial<FactAssessment> = {}): FactAssessment => ({
  id: testUuid(2, n),
  residentId: RID,
  assessedOn: on,
  total,
  group: total >= 12 ? 'social' : total >= 5 ? 'homebound' : 'bedbound',
  ...over,
});
const plan = (n: number, over: Partial<FactPlan>): FactPlan => ({
  id: testUuid(3, n),
  residentId: RID,
  version: n,
  status: 'active',
  approvedAt: '2024-10-04T18:00:00.000Z',
  approvedBy: 'cm-1',
  subCommittee: { date: '2024-10-20', ref: 'LTC-68-001' },
  startDate: '2024-10-05',
  reviewDate: '2025-04-05',
  primaryCaregiverId: 'cg-1',
  ...over,
});

describe('residentFactOf', () => {
  it('dates registration and approval in Bangkok, orders assessments, keeps only approved live plans', () => {
    const f = residentFactOf(
      resident,
      [assessment(2, '2025-01-10', 4, { taiGroup: 'B4' }), assessment(1, '2024-10-01', 9), assessment(3, '2025-02-01', 20, { voidReason: 'wrong person' }), assessment(4, '2024-12-01', 8, { residentId: testUuid(1, 2) })],
      [plan(1, {}), plan(2, { status: 'draft', approvedAt: null, approvedBy: null, subCommittee: null }), plan(3, { deletedAt: '1700000000000-0000-x' })],
    );
    expect(f).toMatchObject({ enrolledOn: '2024-10-01', phone: '0812345678', birthDate: '1944-03' });
    expect(f?.adl.map((a) => [a.on, a.total, a.group, a.tai])).toEqual([
      ['2024-10-01', 9, 'homebound', null],
      ['2025-01-10', 4, 'bedbound', 'B4'],
    ]);
    // Approved at 01:00 on 5 October, Bangkok.
    expect(f?.plans).toEqual([
      { id: testUuid(3, 1), version: 1, status: 'active', approvedOn: '2024-10-05', approvedBy: 'cm-1', fundApprovedOn: '2024-10-20', fundRef: 'LTC-68-001', startDate: '2024-10-05', reviewDate: '2025-04-05', caregiverId: 'cg-1' },
    ]);
  });

  it('has no fact for a deleted resident', () => {
    expect(residentFactOf({ ...resident, deletedAt: '1700000000000-0000-x' }, [], [])).toBeNull();
  });

  it('writes the address on one line in Thai order', () => {
    expect(addressLine(resident.address)).toBe('99/12 หมู่บ้านเอื้ออาทร ซ.รังสิต-นครนายก 49 ประชาธิปัตย์ ธัญบุรี ปทุมธานี 12130');
    expect(addressLine({ ...resident.address, moo: '4', road: 'รังสิต-นครนายก', village: '', soi: '' })).toBe('99/12 ม.4 ถ.รังสิต-นครนายก ประชาธิปัตย์ ธัญบุรี ปทุมธานี 12130');
  });
});

describe('visitFactOf', () => {
  const VID = testUuid(4, 1);
  const done = { ...buildVisit(RID, { day: 300, hour: 9, done: true, type: 'routine', systolic: 120, pulse: 70, weight: null, next: null }), id: VID };

  it('takes minutes from start to end, and an abnormal finding from the national ranges', () => {
    expect(visitFactOf(done, [])).toEqual({ id: VID, residentId: RID, caregiverId: 'cg-1', date: done.serviceDate, outcome: 'done', planned: true, type: 'routine', minutes: 30, abnormal: false, escalation: 'none' });
    expect(visitFactOf({ ...done, vitals: { ...done.vitals, systolic: 150, diastolic: 95 } }, [])?.abnormal).toBe(true);
  });

  it('follows the visit’s amendments and drops a voided or deleted visit', () => {
    const amended = visitFactOf(done, [{ ...buildAmendment(VID, RID, { 'vitals.pulse': 130, escalation: 'hospital', escalationReason: 'ชีพจรเร็ว' }, 1), id: testUuid(5, 1) }]);
    expect(amended).toMatchObject({ abnormal: true, escalation: 'hospital' });
    const missed = visitFactOf(done, [{ ...buildAmendment(VID, RID, { outcome: 'missed', missedReason: 'not_home', 'vitals.systolic': null, 'vitals.diastolic': null, 'vitals.pulse': null, careGiven: [] }, 1), id: testUuid(5, 2) }]);
    expect(missed).toMatchObject({ outcome: 'missed', minutes: 0, abnormal: false });
    // An amendment that would make the visit invalid is not applied (shared/visit.ts applyAmendments), nor is another visit's.
    expect(visitFactOf(done, [{ ...buildAmendment(VID, RID, { outcome: 'missed', missedReason: 'not_home' }, 1), id: testUuid(5, 3) }])?.outcome).toBe('done');
    expect(visitFactOf(done, [{ ...buildAmendment(testUuid(4, 2), RID, { escalation: 'hospital', escalationReason: 'x' }, 1), id: testUuid(5, 4) }])?.escalation).toBe('none');
    expect(visitFactOf({ ...done, voidReason: 'duplicate' }, [])).toBeNull();
    expect(visitFactOf({ ...done, deletedAt: '1700000000000-0000-x' }, [])).toBeNull();
  });
});
