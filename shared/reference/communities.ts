/**
 * The communities (ชุมชน) of the first site, a city municipality in Thanyaburi, Pathum Thani. A community
 * is required on every resident: it scopes rounds and sync. The list is seed data for a new device; once the
 * server exists it is the server's list that counts.
 */
export interface Community {
  id: string;
  code: string;
  nameTh: string;
  nameEn: string;
  /** Default address parts for residents of this community. */
  subDistrict: string;
  district: string;
  province: string;
  postalCode: string;
}

const area = { subDistrict: 'ประชาธิปัตย์', district: 'ธัญบุรี', province: 'ปทุมธานี', postalCode: '12130' } as const;

/** The first site's name, printed at the head of its reports (seed data, like the communities below). */
export const SITE_NAME_TH = 'เทศบาลนครรังสิต';

export const SEED_COMMUNITIES: readonly Community[] = [
  { id: 'c-01', code: '01', nameTh: 'ชุมชนรังสิตพัฒนา', nameEn: 'Rangsit Phatthana', ...area },
  { id: 'c-02', code: '02', nameTh: 'ชุมชนหมู่บ้านเอื้ออาทร', nameEn: 'Ua-Athon Village', ...area },
  { id: 'c-03', code: '03', nameTh: 'ชุมชนคลองหนึ่ง', nameEn: 'Khlong Nueng', ...area },
  { id: 'c-04', code: '04', nameTh: 'ชุมชนตลาดรังสิต', nameEn: 'Rangsit Market', ...area },
  { id: 'c-05', code: '05', nameTh: 'ชุมชนริมคลองรังสิต', nameEn: 'Rangsit Canal Side', ...area },
  { id: 'c-06', code: '06', nameTh: 'ชุมชนหมู่บ้านรัตนโกสินทร์', nameEn: 'Rattanakosin Village', ...area },
  { id: 'c-07', code: '07', nameTh: 'ชุมชนพัฒนาเมืองใหม่', nameEn: 'Mueang Mai Phatthana', ...area },
  { id: 'c-08', code: '08', nameTh: 'ชุมชนวัดแสงสรรค์', nameEn: 'Wat Saeng San', ...area },
  { id: 'c-09', code: '09', nameTh: 'ชุมชนซอยรังสิต-นครนายก 49', nameEn: 'Soi Rangsit-Nakhon Nayok 49', ...area },
  { id: 'c-10', code: '10', nameTh: 'ชุมชนบ้านสวนธนบุรี', nameEn: 'Ban Suan Thonburi', ...area },
];
