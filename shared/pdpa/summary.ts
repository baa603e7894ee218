/**
 * The printable summary of one person's export (PDPA s.30, docs/domain.md §8): the export's records as a
 * WorkbookSpec, so the app prints it like a report (A4, Sarabun, Thai whatever the screen's language). The
 * JSON file is the complete copy; this is what a person reads.
 */
import { formatDate } from '../dates/thaiDate';
import { formatThaiId } from '../ids/thaiId';
import { ADL_GROUP_LABELS_TH } from '../reports/labels';
import type { WorkbookSheet, WorkbookSpec, WorkbookValue } from '../reports/workbookSchema';
import type { ResidentData } from '../resident';
import { addressLine } from '../rounds/sheet';
import type { CONSENT_PURPOSES, ConsentData } from '../consent';
import type { ExportedRecord, SubjectExport } from './export';

export const CONSENT_PURPOSE_TH: Record<(typeof CONSENT_PURPOSES)[number], string> = {
  care: 'การดูแลและบันทึกข้อมูลสุขภาพ',
  share_health_service: 'การส่งต่อข้อมูลให้หน่วยบริการสุขภาพ',
  photos: 'การถ่ายภาพ',
};

const TYPE_TH: Record<string, string> = {
  resident: 'ข้อมูลผู้สูงอายุ',
  adl_assessment: 'การประเมิน ADL',
  visit: 'การเยี่ยมบ้าน',
  visit_amendment: 'การแก้ไขบันทึกเยี่ยม',
  care_plan: 'แผนการดูแล',
  alert_ack: 'การรับทราบการแจ้งเตือน',
  consent: 'ความยินยอม',
  round_visit: 'นัดเยี่ยมตามรอบ',
};

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const live = (r: ExportedRecord): boolean => !r.deleted;

function sheet(name: string, title: string[], columns: WorkbookSheet['columns'], rows: WorkbookValue[][]): WorkbookSheet {
  return { name, title, columns, rows, totals: false };
}

/** The summary's sheets: the person, assessments, visits, plans, consents, and a count of every record kept. */
export function subjectSummary(data: SubjectExport): WorkbookSpec {
  const self = data.records.find((r) => r.type === 'resident');
  const p = (self?.data ?? {}) as Partial<ResidentData>;
  const name = `${str(p.prefix)}${str(p.firstName)} ${str(p.lastName)}`.trim();
  const exported = formatDate(data.exportedAt.slice(0, 10), 'th');
  const title = (what: string) => [`สำเนาข้อมูลส่วนบุคคลของ ${name}`, what, `ตามคำขอใช้สิทธิของเจ้าของข้อมูล (พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562) ออกเมื่อ ${exported}`];
  const of = (type: string) => data.records.filter((r) => r.type === type && live(r));

  const person: WorkbookValue[][] = [
    ['ชื่อ-นามสกุล', name],
    ['ชื่อเล่น', str(p.nickname)],
    ['เลขประจำตัวประชาชน', p.nationalId ? formatThaiId(p.nationalId) : `ไม่มี (${str(p.noIdReason)})`],
    ['วันเกิด', p.birthDate ? formatDate(p.birthDate, 'th') : ''],
    ['ที่อยู่', p.address ? addressLine(p.address, 'th') : ''],
    ['โทรศัพท์', (p.phones ?? []).map((x) => x.number).join(', ')],
    ['ผู้ติดต่อ', (p.contacts ?? []).map((c) => `${c.name} (${c.relationship}) ${c.phone}`).join('; ')],
    ['โรคประจำตัว', [...(p.diseases ?? []), str(p.otherDiseases)].filter((x) => x !== '').join(', ')],
    ['ยาที่ใช้', (p.medications ?? []).map((m) => `${m.name} ${m.dose} ${m.frequency}`.trim()).join('; ')],
    ['หมายเหตุ', str(p.notes)],
  ];
  const adl = of('adl_assessment').map((r) => [str(r.data.assessedOn), num(r.data.total), ADL_GROUP_LABELS_TH[r.data.group as keyof typeof ADL_GROUP_LABELS_TH] ?? str(r.data.group)]);
  const visits = of('visit').map((r) => {
    const v = (r.data.vitals ?? {}) as Record<string, unknown>;
    const bp = num(v.systolic) !== null ? `${String(v.systolic)}/${String(v.diastolic ?? '')}` : '';
    return [str(r.data.serviceDate), r.data.outcome === 'done' ? 'เยี่ยมแล้ว' : 'ไม่ได้เยี่ยม', bp, str(r.data.observations)];
  });
  const plans = of('care_plan').map((r) => [num(r.data.version), str(r.data.status), str(r.data.startDate) || null, str(r.data.reviewDate) || null]);
  const consents = of('consent').map((r) => {
    const c = r.data as unknown as ConsentData;
    return [c.givenOn, c.givenBy === 'self' ? 'ตนเอง' : `${c.representativeName} (${c.relationship})`, c.purposes.map((x) => CONSENT_PURPOSE_TH[x]).join(', '), c.withdrawnOn];
  });
  const counts = new Map<string, number>();
  for (const r of data.records) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  const kept: WorkbookValue[][] = [...counts].map(([t, n]) => [TYPE_TH[t] ?? t, n]);
  kept.push(['รูปภาพ', data.attachments.length]);

  return {
    sheets: [
      sheet('ข้อมูลส่วนบุคคล', title('ข้อมูลส่วนบุคคล'), [{ header: 'หัวข้อ', kind: 'text', width: 24 }, { header: 'ข้อมูล', kind: 'text', width: 70 }], person),
      sheet('การประเมิน ADL', title('การประเมิน ADL'), [{ header: 'วันที่ประเมิน', kind: 'date', width: 18 }, { header: 'คะแนน', kind: 'int', width: 8, sum: false }, { header: 'กลุ่ม', kind: 'text', width: 14 }], adl),
      sheet('การเยี่ยมบ้าน', title('การเยี่ยมบ้าน'), [{ header: 'วันที่', kind: 'date', width: 18 }, { header: 'ผล', kind: 'text', width: 12 }, { header: 'ความดันโลหิต', kind: 'text', width: 12 }, { header: 'ข้อสังเกต', kind: 'text', width: 60 }], visits),
      sheet('แผนการดูแล', title('แผนการดูแล'), [{ header: 'ฉบับที่', kind: 'int', width: 8, sum: false }, { header: 'สถานะ', kind: 'text', width: 12 }, { header: 'เริ่ม', kind: 'date', width: 18 }, { header: 'ทบทวน', kind: 'date', width: 18 }], plans),
      sheet('ความยินยอม', title('ความยินยอม'), [{ header: 'วันที่ให้ความยินยอม', kind: 'date', width: 18 }, { header: 'ผู้ให้ความยินยอม', kind: 'text', width: 30 }, { header: 'วัตถุประสงค์', kind: 'text', width: 60 }, { header: 'ถอนความยินยอมเมื่อ', kind: 'date', width: 18 }], consents),
      sheet('ระเบียนทั้งหมด', title('จำนวนระเบียนที่เก็บไว้ (ฉบับสมบูรณ์อยู่ในไฟล์ JSON)'), [{ header: 'ประเภท', kind: 'text', width: 30 }, { header: 'จำนวน', kind: 'int', width: 10, sum: false }], kept),
    ],
  };
}
