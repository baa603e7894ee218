/**
 * The funding report's XLSX file (shared/reports/xlsx.ts), read back two ways: with exceljs (cells, formulas,
 * frozen header, widths, dates beside their BE text) and with LibreOffice headless, which must open it
 * without complaint and compute the same totals (a file either office suite calls damaged fails here).
 */
import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeReport } from '../../shared/reports/definitions';
import { reportWorkbook, workbookSpecSchema, type WorkbookNames } from '../../shared/reports/workbook';
import { writeXlsx } from '../../shared/reports/xlsx';
import { FY2568 } from '../fixtures/reports';

const NAMES: WorkbookNames = {
  municipality: 'เทศบาลนครรังสิต',
  community: (id) => ({ 'c-01': 'ชุมชนรังสิตพัฒนา', 'c-02': 'ชุมชนหมู่บ้านเอื้ออาทร' })[id] ?? id,
  user: (id) => (id === null ? '' : ({ cg1: 'สมหญิง ดูแลดี', cg2: 'สมชาย ใจงาม', cm1: 'วิไล จัดการ' })[id] ?? id),
};

const RECALC_ALWAYS = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

const figures = computeReport(FY2568);
const spec = reportWorkbook(figures, NAMES);
let dir = '';
let file = '';

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'carerounds-xlsx-'));
  file = path.join(dir, 'report.xlsx');
  writeFileSync(file, await writeXlsx(spec, { creator: 'CareRounds', created: new Date('2025-10-05T03:00:00Z') }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readBack(): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

describe('report workbook', () => {
  it('is a valid spec: every sheet name fits Excel, every row fits its columns', () => {
    expect(workbookSpecSchema.safeParse(spec).success).toBe(true);
    const broken = { sheets: [{ ...spec.sheets[0], rows: [[1, 'x']] }] };
    expect(workbookSpecSchema.safeParse(broken).success).toBe(false);
  });

  it('writes the service list with Thai headers, a frozen header row, real dates beside BE text, baht and a SUM total', async () => {
    const ws = (await readBack()).getWorksheet('รายชื่อผู้รับบริการ LTC');
    if (!ws) throw new Error('no service sheet');
    expect(ws.getCell('A1').value).toBe('เทศบาลนครรังสิต');
    expect(String(ws.getCell('A3').value)).toBe('ช่วงเวลา 1 ตุลาคม 2567 – 30 กันยายน 2568');
    const header = ws.getRow(4).values as unknown[];
    expect(header.slice(1, 5)).toEqual(['ลำดับ', 'เลขประจำตัวประชาชน', 'เหตุที่ไม่มีเลขประจำตัว', 'ชื่อ-สกุล']);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 });
    expect(ws.getColumn(2).width).toBe(17);
    // Row 5: r1. The approval date is a real date; the column after it holds the BE text.
    const approvedCol = header.indexOf('วันที่อนุมัติแผน');
    expect(ws.getRow(5).getCell(approvedCol).value).toEqual(new Date(Date.UTC(2024, 9, 20)));
    expect(ws.getRow(5).getCell(approvedCol + 1).value).toBe('20 ตุลาคม 2567');
    const amountCol = header.indexOf('จำนวนเงิน (บาท)');
    expect(ws.getRow(5).getCell(amountCol).value).toBe(10_442);
    expect(ws.getRow(6).getCell(amountCol).value).toBeCloseTo(2_031.18, 2);
    const total = ws.getRow(7).getCell(amountCol).value as { formula: string; result: number };
    expect(total.formula).toMatch(/^SUM\([A-Z]+5:[A-Z]+6\)$/);
    expect(total.result).toBeCloseTo(12_473.18, 2);
    // The sequence number and the ADL score are not added up; the row says what it is.
    expect(ws.getRow(7).getCell(1).value).toBe('รวม');
    expect(ws.getRow(7).getCell(header.indexOf('คะแนน ADL')).value).toBeNull();
    expect(ws.getRow(5).getCell(2).value).toBe('1101700203451');
  });

  it('writes one sheet per table, hours from minutes, totals as formulas', async () => {
    const wb = await readBack();
    expect(wb.worksheets.map((w) => w.name)).toEqual(spec.sheets.map((s) => s.name));
    const ws = wb.getWorksheet('การเยี่ยมตามผู้ดูแล');
    if (!ws) throw new Error('no caregiver sheet');
    expect(ws.getRow(5).values).toEqual([undefined, 'สมหญิง ดูแลดี', 2, 1, 2, 1, 1.5, 2]);
    expect((ws.getRow(7).getCell(2).value as { formula: string }).formula).toBe('SUM(B5:B6)');
  });

  it('opens in LibreOffice, which recomputes the same totals', () => {
    // A profile that recalculates formulas on load: otherwise LibreOffice shows the cached results exceljs wrote.
    mkdirSync(path.join(dir, 'lo-profile', 'user'), { recursive: true });
    writeFileSync(path.join(dir, 'lo-profile', 'user', 'registrymodifications.xcu'), RECALC_ALWAYS);
    execFileSync('soffice', ['--headless', '--norestore', `-env:UserInstallation=file://${dir}/lo-profile`, '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1', '--outdir', dir, file], { stdio: 'pipe', timeout: 120_000 });
    // Sheet -1 = every sheet, one CSV each, named <file>-<sheet>.csv.
    const csv = readFileSync(path.join(dir, 'report-รายชื่อผู้รับบริการ LTC.csv'), 'utf8');
    const lines = csv.trim().split('\n');
    expect(lines[3]).toContain('เลขประจำตัวประชาชน');
    expect(lines[4]).toContain('1101700203451');
    expect(lines[4]).toContain('20 ตุลาคม 2567');
    expect(lines[6]).toMatch(/12,?473\.18/);
    const visits = readFileSync(path.join(dir, 'report-การเยี่ยมตามชุมชน.csv'), 'utf8').trim().split('\n');
    expect(visits.at(-1)).toMatch(/^"?รวม"?,4,1,4,1,2\.9\d*,3/);
  });
});
