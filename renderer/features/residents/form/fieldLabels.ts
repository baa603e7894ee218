/**
 * The visible label of every field path the resident schema can report, so an error names the field it is
 * about ("Postal code: ...", "Phone number 2: ..."). Row fields carry their row number.
 */
import type { MessageKey } from '../../../i18n/catalog';

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const TOP: Record<string, MessageKey> = {
  prefix: 'rf.prefix',
  prefixOther: 'rf.prefixOther',
  firstName: 'rf.firstName',
  lastName: 'rf.lastName',
  nickname: 'rf.nickname',
  sex: 'rf.sex',
  idMode: 'rf.noThaiId',
  nationalId: 'rf.nationalId',
  noIdReason: 'rf.noIdReason',
  birthDay: 'rf.birthDay',
  birthMonth: 'rf.birthMonth',
  birthYear: 'rf.birthYear',
  communityId: 'rf.community',
  address: 'rf.section.address',
  gps: 'rf.gps',
  phones: 'rf.phones',
  contacts: 'rf.contacts',
  coverage: 'rf.coverage',
  diseases: 'rf.diseases',
  otherDiseases: 'rf.otherDiseases',
  allergyStatus: 'rf.allergyStatus',
  allergies: 'rf.allergies',
  medications: 'rf.medications',
  livingSituation: 'rf.living',
  language: 'rf.language',
  interpreterNeeded: 'rf.interpreter',
  notes: 'rf.notes',
};

const NESTED: Record<string, Record<string, MessageKey>> = {
  address: {
    houseNo: 'rf.address.houseNo',
    moo: 'rf.address.moo',
    village: 'rf.address.village',
    soi: 'rf.address.soi',
    road: 'rf.address.road',
    subDistrict: 'rf.address.subDistrict',
    district: 'rf.address.district',
    province: 'rf.address.province',
    postalCode: 'rf.address.postalCode',
  },
  gps: { lat: 'rf.gps.lat', lng: 'rf.gps.lng', accuracy: 'rf.gps.accuracy' },
};

const ROWS: Record<string, Record<string, MessageKey>> = {
  phones: { number: 'rf.phone.number', label: 'rf.phone.label' },
  contacts: { name: 'rf.contact.name', relationship: 'rf.contact.relationship', phone: 'rf.contact.phone', isCaregiver: 'rf.contact.isCaregiver' },
  allergies: { substance: 'rf.allergy.substance', reaction: 'rf.allergy.reaction' },
  medications: { name: 'rf.med.name', dose: 'rf.med.dose', frequency: 'rf.med.frequency' },
};

/** Label for a dotted path ('address.postalCode', 'phones.1.number'); an unknown path falls back to itself. */
export function fieldLabel(path: string, t: Translate): string {
  const [head = '', second, third] = path.split('.');
  const rows = ROWS[head];
  if (rows && second !== undefined && third !== undefined) {
    const key = rows[third];
    return key ? t(key, { n: Number(second) + 1 }) : path;
  }
  const nested = NESTED[head];
  if (nested && second !== undefined) {
    const key = nested[second];
    return key ? t(key) : path;
  }
  const key = TOP[head];
  return key ? t(key) : path;
}
