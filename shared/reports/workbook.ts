/**
 * A report as a workbook: sheets of typed columns and rows, in Thai (exports go to Thai offices, whatever the
 * language of the screen). The renderer builds it from the figures and hands it to the host; the XLSX file is
 * written in Node (Electron main or the server, xlsx.ts), so the renderer never ships a spreadsheet library
 * (docs/architecture.md "Reports").
 *
 * Invariants:
 * - workbookSpecSchema bounds every size, so a spec crossing the bridge or an HTTP request is validated like
 *   any other input; every row has one value per column.
 * - Values are plain: text, integers, satang for money, ISO dates for date columns. The writer decides the
 *   cell formats (real date cells beside BE text, money in baht).
 */
import { formatDate } from '../dates/thaiDate';
import type { Cell, ReportFigures, ServiceRow, Table } from './definitions';
import { ADL_GROUP_LABELS_TH } from './labels';
import { monthsIn } from './period';

export { COLUMN_KINDS, MAX_COLUMNS, MAX_SHEET_ROWS, MAX_SHEETS, workbookSpecSchema, type ColumnKind, type WorkbookColumn, type WorkbookSheet, type WorkbookSpec, type WorkbookValue } from './workbookSchema';
import type { ColumnKind, WorkbookColumn, WorkbookSheet, WorkbookSpec, WorkbookValue } from './workbookSchema';

// ---------------------------------------------------------------------------------------------------------
// The funding report as a workbook.

export interface WorkbookNames {
  municipality: string;
  community(id: string): string;
  user(id: string | null): string;
}


/** The period as Thai text: `1 ตุลาคม 2567 – 30 กันยายน 2568`. */
export function periodText(from: string, to: string): string {
  return `${formatDate(from, 'th')} – ${formatDate(to, 'th')}`;
}

const col = (header: string, kind: ColumnKind = 'int', width = 12): WorkbookColumn => ({ header, kind, width });
const noSum = (c: WorkbookColumn): WorkbookColumn => ({ ...c, sum: false });

/** Whether the column gets a total: numbers, unless marked otherwise. */
export function isSummed(c: WorkbookColumn): boolean {
  return (c.kind === 'int' || c.kind === 'decimal' || c.kind === 'money') && c.sum !== false;
}

function tableSheet<C extends string>(
  name: string,
  title: string[],
  keyHeader: string,
  keyName: (key: string) => string,
  table: Table<C>,
  headers: Record<C, string>,
  kinds: Partial<Record<C, ColumnKind>> = {},
  value: (c: C, cell: Cell) => number = (_c, cell) => cell.n,
): WorkbookSheet {
  return {
    name,
    title,
    columns: [col(keyHeader, 'text', 28), ...table.columns.map((c) => col(headers[c], kinds[c] ?? 'int', Math.max(10, headers[c].length + 2)))],
    rows: table.rows.map((r) => [keyName(r.key), ...table.columns.map((c) => value(c, r.cells[c]))]),
    totals: true,
  };
}

/** The service list columns in the fund's order (the CSV's column map may reorder and rename them). */
export function serviceSheet(rows: readonly ServiceRow[], title: string[], names: WorkbookNames): WorkbookSheet {
  return {
    name: 'รายชื่อผู้รับบริการ LTC',
    title,
    columns: [
      noSum(col('ลำดับ', 'int', 7)),
      col('เลขประจำตัวประชาชน', 'text', 17),
      col('เหตุที่ไม่มีเลขประจำตัว', 'text', 20),
      col('ชื่อ-สกุล', 'text', 28),
      col('วันเกิด', 'text', 12),
      col('ที่อยู่', 'text', 40),
      col('โทรศัพท์', 'text', 13),
      col('ชุมชน', 'text', 22),
      noSum(col('คะแนน ADL', 'int', 10)),
      col('กลุ่ม ADL', 'text', 10),
      col('กลุ่ม TAI', 'text', 9),
      col('ผู้จัดการการดูแล (CM)', 'text', 22),
      col('ผู้ดูแล (CG)', 'text', 22),
      col('เลขที่แผนการดูแล', 'text', 16),
      col('วันที่อนุมัติแผน', 'date', 12),
      col('วันที่เริ่มแผน', 'date', 12),
      col('จำนวนวันที่ได้รับบริการ', 'int', 12),
      col('จำนวนครั้งที่เยี่ยม', 'int', 10),
      noSum(col('เยี่ยมเฉลี่ยต่อเดือน', 'decimal', 10)),
      col('จำนวนเงิน (บาท)', 'money', 14),
    ],
    rows: rows.map((r, i) => [
      i + 1,
      r.nationalId,
      r.nationalId === null ? r.noIdReason : null,
      `${r.prefix}${r.firstName} ${r.lastName}`,
      formatDate(r.birthDate, 'th'),
      r.address,
      r.phone === '' ? null : r.phone,
      names.community(r.communityId),
      r.adlTotal,
      ADL_GROUP_LABELS_TH[r.adlGroup],
      r.tai,
      names.user(r.careManagerId),
      names.user(r.caregiverId),
      r.planRef === '' ? null : r.planRef,
      r.fundApprovedOn,
      r.startDate,
      r.coveredDays,
      r.visits,
      null, // set below: needs the period's months
      r.amountSatang,
    ]),
    totals: true,
  };
}

/** Every table of the report, one sheet each, service list first. */
export function reportWorkbook(figures: ReportFigures, names: WorkbookNames): WorkbookSpec {
  const title = (report: string): string[] => [names.municipality, report, `ช่วงเวลา ${periodText(figures.from, figures.to)}`];
  const months = monthsIn(figures.from, figures.to).length;
  const service = serviceSheet(figures.service, title('รายชื่อผู้สูงอายุที่มีภาวะพึ่งพิงที่ได้รับบริการตามแผนการดูแลรายบุคคล (LTC)'), names);
  service.rows.forEach((row, i) => {
    const visits = figures.service[i]?.visits ?? 0;
    row[18] = visits / months;
  });
  const community = (id: string): string => (id === '' ? 'ไม่ทราบชุมชน' : names.community(id));
  const user = (id: string): string => names.user(id);
  const taiHeaders = Object.fromEntries(figures.tai.columns.map((c) => [c, c === 'none' ? 'ไม่ระบุ' : c])) as Record<(typeof figures.tai.columns)[number], string>;
  return {
    sheets: [
      service,
      tableSheet('ผู้สูงอายุตามกลุ่ม ADL', title('ผู้สูงอายุจำแนกตามกลุ่ม ADL และชุมชน'), 'ชุมชน', community, figures.register, {
        social: 'ติดสังคม (12–20)',
        homebound: 'ติดบ้าน (5–11)',
        bedbound: 'ติดเตียง (0–4)',
        unassessed: 'ยังไม่ประเมิน',
        total: 'รวม',
      }),
      tableSheet('ผู้สูงอายุตามกลุ่ม TAI', title('ผู้สูงอายุจำแนกตามกลุ่ม TAI และชุมชน'), 'ชุมชน', community, figures.tai, taiHeaders),
      tableSheet('แผนการดูแล', title('ผู้มีภาวะพึ่งพิงและแผนการดูแลรายบุคคล'), 'ชุมชน', community, figures.plans, {
        dependent: 'ผู้มีภาวะพึ่งพิง (ADL ≤ 11)',
        withPlan: 'มีแผนที่อนุกรรมการอนุมัติ',
        withoutPlan: 'ยังไม่มีแผนที่อนุมัติ',
        awaitingFund: 'รออนุกรรมการอนุมัติ',
        approvedInPeriod: 'แผนที่อนุมัติในช่วงเวลา',
        approvedWithin30: 'อนุมัติภายใน 30 วัน',
      }),
      tableSheet('การเยี่ยมตามผู้ดูแล', title('การเยี่ยมบ้านจำแนกตามผู้ดูแล (CG)'), 'ผู้ดูแล', user, figures.visitsByCaregiver, VISIT_HEADERS, { minutes: 'decimal' }, hoursValue),
      tableSheet('การเยี่ยมตามชุมชน', title('การเยี่ยมบ้านจำแนกตามชุมชน'), 'ชุมชน', community, figures.visitsByCommunity, VISIT_HEADERS, { minutes: 'decimal' }, hoursValue),
      tableSheet('ผู้รับบริการเข้า-ออก', title('ผู้รับบริการรายใหม่ ย้ายออก และเสียชีวิต'), 'ชุมชน', community, figures.changes, { new: 'รายใหม่', moved: 'ย้ายออก', died: 'เสียชีวิต' }),
      tableSheet('สิ่งผิดปกติและการส่งต่อ', title('สิ่งผิดปกติที่พบและการส่งต่อ'), 'ชุมชน', community, figures.findings, {
        abnormal: 'ครั้งที่พบค่าผิดปกติ',
        abnormalResidents: 'จำนวนคนที่พบค่าผิดปกติ',
        health_centre: 'ส่งต่อ รพ.สต.',
        hospital: 'ส่งต่อโรงพยาบาล',
        emergency_1669: 'แจ้ง 1669',
      }),
      tableSheet('การเยี่ยมรายเดือน', title('การเยี่ยมบ้านรายเดือน'), 'เดือน', (m) => formatDate(m, 'th'), figures.monthly, { done: 'เยี่ยมแล้ว', missed: 'ไม่พบ/พลาด', minutes: 'ชั่วโมงการดูแล' }, { minutes: 'decimal' }, hoursValue),
    ],
  };
}

const VISIT_HEADERS = { planned: 'ตามแผน', unplanned: 'นอกแผน', done: 'เยี่ยมแล้ว', missed: 'ไม่พบ/พลาด', minutes: 'ชั่วโมงการดูแล', residents: 'จำนวนคนที่เยี่ยม' } as const;

/** Care minutes as hours (unrounded: the cell format shows one decimal, and the total's SUM stays exact). */
function hoursValue(c: string, cell: Cell): number {
  return c === 'minutes' ? cell.n / 60 : cell.n;
}

// ---------------------------------------------------------------------------------------------------------
// The same workbook printed (the PDF): values as Thai text, and the lines an office signs.

const INT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const TWO = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A value as the printed report shows it: BE dates, thousands separators, baht with satang. */
export function printedValue(kind: ColumnKind, v: WorkbookValue): string {
  if (v === null) return '';
  switch (kind) {
    case 'date':
      return formatDate(v as string, 'th');
    case 'money':
      return TWO.format((v as number) / 100);
    case 'decimal':
      return TWO.format(v as number);
    case 'int':
      return INT.format(v as number);
    case 'text':
      return String(v);
  }
}

/** Each column's total for the printed total row (null for columns that are not summed). */
export function columnTotals(sheet: WorkbookSheet): (number | null)[] {
  return sheet.columns.map((c, j) => (isSummed(c) ? sheet.rows.reduce<number>((s, r) => s + ((r[j] as number | null) ?? 0), 0) : null));
}

/** The signature block under a printed report: who prepared, checked and approved it. */
export const SIGNATURE_ROLES = ['ผู้จัดทำรายงาน', 'ผู้ตรวจสอบ', 'ผู้อนุมัติ'] as const;
export const PRINT_TEXT = {
  total: 'รวม',
  sign: 'ลงชื่อ',
  position: 'ตำแหน่ง',
  date: 'วันที่',
  page: 'หน้า',
} as const;
