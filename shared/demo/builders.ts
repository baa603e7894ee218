/**
 * Builders for unit and e2e tests and the test helpers beside the store and the server: one valid resident,
 * as form input (BE era) and as the profile it parses to. Pure data, like the demo generator beside it.
 */
import type { ResidentFormValues, ResidentProfile } from '../resident';
import { thaiIdFrom } from './generate';

export const BUILDER_NATIONAL_ID = thaiIdFrom('313030045678');

export function buildResidentForm(overrides: Partial<ResidentFormValues> = {}): ResidentFormValues {
  return {
    prefix: 'นาง',
    prefixOther: '',
    firstName: 'สมศรี',
    lastName: 'ใจดี',
    nickname: 'ศรี',
    sex: 'female',
    idMode: 'thai',
    nationalId: BUILDER_NATIONAL_ID,
    noIdReason: '',
    birthYear: '2490', // BE = 1947 CE
    birthMonth: '3',
    birthDay: '15',
    communityId: 'c-06',
    address: {
      houseNo: '99/12',
      moo: '',
      village: 'หมู่บ้านรัตนโกสินทร์',
      soi: 'ซอยรังสิต-นครนายก 46',
      road: 'ถนนรังสิต-นครนายก',
      subDistrict: 'ประชาธิปัตย์',
      district: 'ธัญบุรี',
      province: 'ปทุมธานี',
      postalCode: '12130',
    },
    gps: { lat: '', lng: '', accuracy: '' },
    phones: [{ number: '0812345678', label: 'มือถือ' }],
    contacts: [{ name: 'สมหญิง ใจดี', relationship: 'child', phone: '0891234567', isCaregiver: true }],
    coverage: 'ucs',
    diseases: ['I10', 'E11'],
    otherDiseases: '',
    allergyStatus: 'none',
    allergies: [],
    medications: [{ name: 'เมทฟอร์มิน (Metformin)', dose: '500 มก.', frequency: 'วันละ 2 ครั้ง หลังอาหารเช้า-เย็น' }],
    livingSituation: 'family',
    language: 'ไทย',
    interpreterNeeded: false,
    notes: '',
    ...overrides,
  };
}

/** The profile that `buildResidentForm()` parses to (birth date in CE). */
export function buildResidentProfile(overrides: Partial<ResidentProfile> = {}): ResidentProfile {
  return {
    prefix: 'นาง',
    firstName: 'สมศรี',
    lastName: 'ใจดี',
    nickname: 'ศรี',
    sex: 'female',
    nationalId: BUILDER_NATIONAL_ID,
    noIdReason: null,
    birthDate: { value: '1947-03-15', precision: 'day' },
    communityId: 'c-06',
    address: {
      houseNo: '99/12',
      moo: '',
      village: 'หมู่บ้านรัตนโกสินทร์',
      soi: 'ซอยรังสิต-นครนายก 46',
      road: 'ถนนรังสิต-นครนายก',
      subDistrict: 'ประชาธิปัตย์',
      district: 'ธัญบุรี',
      province: 'ปทุมธานี',
      postalCode: '12130',
    },
    gps: null,
    phones: [{ number: '0812345678', label: 'มือถือ' }],
    contacts: [{ name: 'สมหญิง ใจดี', relationship: 'child', phone: '0891234567', isCaregiver: true }],
    coverage: 'ucs',
    diseases: ['I10', 'E11'],
    otherDiseases: '',
    allergyStatus: 'none',
    allergies: [],
    medications: [{ name: 'เมทฟอร์มิน (Metformin)', dose: '500 มก.', frequency: 'วันละ 2 ครั้ง หลังอาหารเช้า-เย็น' }],
    livingSituation: 'family',
    language: 'ไทย',
    interpreterNeeded: false,
    notes: '',
    ...overrides,
  };
}
