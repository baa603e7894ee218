/**
 * Chronic diseases offered on the resident profile, coded with ICD-10 (the coding Thai health services
 * report in). The list is what caregivers meet most in older people; "other" takes free text.
 */
export interface DiseaseCode {
  code: string;
  th: string;
  en: string;
}

export const CHRONIC_DISEASES: readonly DiseaseCode[] = [
  { code: 'I10', th: 'ความดันโลหิตสูง', en: 'Hypertension' },
  { code: 'E11', th: 'เบาหวาน', en: 'Type 2 diabetes' },
  { code: 'E78', th: 'ไขมันในเลือดสูง', en: 'High blood lipids' },
  { code: 'I63', th: 'โรคหลอดเลือดสมอง (อัมพฤกษ์ อัมพาต)', en: 'Stroke' },
  { code: 'I25', th: 'โรคหัวใจขาดเลือด', en: 'Ischaemic heart disease' },
  { code: 'I50', th: 'หัวใจล้มเหลว', en: 'Heart failure' },
  { code: 'N18', th: 'ไตวายเรื้อรัง', en: 'Chronic kidney disease' },
  { code: 'J44', th: 'ปอดอุดกั้นเรื้อรัง', en: 'COPD' },
  { code: 'J45', th: 'หอบหืด', en: 'Asthma' },
  { code: 'F03', th: 'ภาวะสมองเสื่อม', en: 'Dementia' },
  { code: 'G20', th: 'พาร์กินสัน', en: "Parkinson's disease" },
  { code: 'M17', th: 'ข้อเข่าเสื่อม', en: 'Knee osteoarthritis' },
  { code: 'M81', th: 'กระดูกพรุน', en: 'Osteoporosis' },
  { code: 'H25', th: 'ต้อกระจก', en: 'Cataract' },
  { code: 'H91', th: 'การได้ยินบกพร่อง', en: 'Hearing loss' },
  { code: 'F32', th: 'ภาวะซึมเศร้า', en: 'Depression' },
  { code: 'C80', th: 'มะเร็ง', en: 'Cancer' },
  { code: 'K74', th: 'ตับแข็ง', en: 'Liver cirrhosis' },
  { code: 'B20', th: 'เอชไอวี', en: 'HIV' },
  { code: 'A15', th: 'วัณโรค', en: 'Tuberculosis' },
] as const;

export const DISEASE_CODES = new Set(CHRONIC_DISEASES.map((d) => d.code));
