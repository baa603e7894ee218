import { describe, expect, it } from 'vitest';
import { buildRegisterEntry, compareEntries, EMPTY_FILTER, filterRegister, type RegisterResident } from './register';

function resident(over: Partial<RegisterResident> & { id: string }): RegisterResident {
  return {
    prefix: 'นาง',
    firstName: 'สมศรี',
    lastName: 'ใจดี',
    nickname: '',
    nationalId: null,
    phones: [],
    contacts: [],
    address: { houseNo: '1', moo: '', village: '', soi: '', road: '', subDistrict: 'ประชาธิปัตย์', district: 'ธัญบุรี', province: 'ปทุมธานี', postalCode: '12130' },
    communityId: 'c-01',
    status: 'active',
    latestAdl: null,
    birthDate: { value: '1950', precision: 'year' },
    sex: 'female',
    deletedAt: null,
    ...over,
  };
}

const people = [
  resident({ id: 'a', firstName: 'สมศรี', lastName: 'ใจดี', nickname: 'ศรี', nationalId: '1130300123458', address: { ...resident({ id: 'x' }).address, houseNo: '99/12', moo: '3' } }),
  resident({ id: 'b', firstName: 'เกษม', lastName: 'ทองคำ', phones: [{ number: '0812345678', label: '' }], latestAdl: { assessmentId: 'z', total: 3, group: 'bedbound', assessedOn: '2025-01-01' } }),
  resident({ id: 'c', firstName: 'ขวัญใจ', lastName: 'ไก่แก้ว', status: 'died', communityId: 'c-02' }),
  resident({ id: 'd', firstName: 'บุญมี', lastName: 'มีสุข', deletedAt: '2025-01-01T00:00:00.000Z-0000-0000000000000000' }),
];
const entries = people.map((p) => buildRegisterEntry(p, p.communityId === 'c-01' ? 'ชุมชนรังสิตพัฒนา' : 'ชุมชนคลองหนึ่ง')).sort(compareEntries);
const ids = (f: Partial<typeof EMPTY_FILTER>) => filterRegister(entries, { ...EMPTY_FILTER, ...f }).map((e) => e.resident.id);

describe('register search', () => {
  it('sorts with Thai collation: เกษม (ก) before ขวัญใจ (ข) before สมศรี (ส)', () => {
    expect(entries.map((e) => e.resident.id)).toEqual(['b', 'c', 'd', 'a']);
  });
  it('finds partial Thai names, across first and last name, ignoring zero-width characters and spaces', () => {
    expect(ids({ query: 'ศรีใจ' })).toEqual(['a']);
    expect(ids({ query: 'สม\u200bศรี' })).toEqual(['a']);
    expect(ids({ query: 'สมศรี  ใจดี' })).toEqual(['a']);
    expect(ids({ query: 'กษ' })).toEqual(['b']);
  });
  it('finds by national ID typed with dashes, phone, house number, moo and community', () => {
    expect(ids({ query: '1-1303-00123' })).toEqual(['a']);
    expect(ids({ query: '081-234' })).toEqual(['b']);
    expect(ids({ query: '99/12' })).toEqual(['a']);
    expect(ids({ query: 'หมู่ 3' })).toEqual(['a']);
    expect(ids({ query: 'รังสิตพัฒนา' })).toEqual(['b', 'a']);
  });
  it('loose mode ignores tone marks', () => {
    expect(ids({ query: 'ไกแกว', archive: 'all' })).toEqual(['c']);
  });
  it('does not match across fields', () => {
    expect(ids({ query: 'ศรี1130' })).toEqual([]);
  });
  it('filters archived, community and ADL group; never shows tombstones', () => {
    expect(ids({})).toEqual(['b', 'a']);
    expect(ids({ archive: 'archived' })).toEqual(['c']);
    expect(ids({ archive: 'all' })).toEqual(['b', 'c', 'a']);
    expect(ids({ communityId: 'c-02', archive: 'all' })).toEqual(['c']);
    expect(ids({ adlGroup: 'bedbound' })).toEqual(['b']);
    expect(ids({ adlGroup: 'none' })).toEqual(['a']);
  });
});
