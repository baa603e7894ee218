/**
 * Writes a WorkbookSpec (workbook.ts) as an XLSX file with exceljs. Node only: Electron main and the server
 * import it; the renderer never does (an eslint rule keeps exceljs out of its bundle), it sends the spec.
 *
 * Invariants:
 * - Each sheet: its title lines, then one header row (bold, frozen with everything above it), then the rows.
 * - A date column becomes two: a real date cell (sortable, computable) and the same date as Thai text with
 *   its Buddhist Era year, `1 ตุลาคม 2567`.
 * - Money is written in baht (satang / 100) with two decimals; int, decimal and money columns get a total
 *   row of SUM formulas (but columns marked sum: false), each with its computed result cached so viewers
 *   that do not recalculate show it; the row is labelled รวม in its first column when that is not summed.
 */
import ExcelJS from 'exceljs';
import { formatDate } from '../dates/thaiDate';
import { isSummed, type ColumnKind, type WorkbookSheet, type WorkbookSpec, type WorkbookValue } from './workbook';

const NUM_FMT: Partial<Record<ColumnKind, string>> = { int: '#,##0', decimal: '#,##0.00', money: '#,##0.00', date: 'yyyy-mm-dd' };

interface OutColumn {
  header: string;
  kind: ColumnKind;
  width: number;
  summed: boolean;
  /** Index of the spec column it reads, and whether it is the BE text of a date column. */
  from: number;
  beText: boolean;
}

function outColumns(sheet: WorkbookSheet): OutColumn[] {
  const out: OutColumn[] = [];
  sheet.columns.forEach((c, i) => {
    out.push({ header: c.header, kind: c.kind, width: c.width, summed: isSummed(c), from: i, beText: false });
    if (c.kind === 'date') out.push({ header: `${c.header} (พ.ศ.)`, kind: 'text', width: Math.max(c.width, 18), summed: false, from: i, beText: true });
  });
  return out;
}

function cellValue(col: OutColumn, v: WorkbookValue): ExcelJS.CellValue {
  if (v === null) return null;
  if (col.beText) return formatDate(v as string, 'th');
  switch (col.kind) {
    case 'date': {
      const [y, m, d] = (v as string).split('-').map(Number) as [number, number, number];
      return new Date(Date.UTC(y, m - 1, d));
    }
    case 'money':
      return (v as number) / 100;
    default:
      return v;
  }
}

const columnLetter = (n: number): string => {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
};

function addSheet(wb: ExcelJS.Workbook, sheet: WorkbookSheet): void {
  const ws = wb.addWorksheet(sheet.name);
  const cols = outColumns(sheet);
  sheet.title.forEach((line, i) => {
    const row = ws.addRow([line]);
    row.font = { name: 'TH Sarabun New', size: i === 0 ? 16 : 14, bold: i < 2 };
  });
  const headerRow = ws.addRow(cols.map((c) => c.header));
  headerRow.font = { bold: true };
  headerRow.alignment = { vertical: 'middle', wrapText: true };
  const headerIndex = headerRow.number;
  ws.views = [{ state: 'frozen', ySplit: headerIndex, xSplit: 0 }];
  cols.forEach((c, i) => {
    const column = ws.getColumn(i + 1);
    column.width = c.width;
    const fmt = c.beText ? undefined : NUM_FMT[c.kind];
    if (fmt !== undefined) column.numFmt = fmt;
  });
  for (const values of sheet.rows) ws.addRow(cols.map((c) => cellValue(c, values[c.from] ?? null)));
  if (sheet.totals && sheet.rows.length > 0) {
    const first = headerIndex + 1;
    const last = headerIndex + sheet.rows.length;
    const totals = cols.map((c, i): ExcelJS.CellValue => {
      if (i === 0 && !c.summed) return 'รวม';
      if (!c.summed) return null;
      const letter = columnLetter(i + 1);
      const result = sheet.rows.reduce((s, r) => s + ((cellValue(c, r[c.from] ?? null) as number | null) ?? 0), 0);
      return { formula: `SUM(${letter}${first}:${letter}${last})`, result };
    });
    const row = ws.addRow(totals);
    row.font = { bold: true };
  }
}

/** The XLSX file of `spec` (validate it with workbookSpecSchema first when it comes from outside). */
export async function writeXlsx(spec: WorkbookSpec, meta: { creator: string; created: Date }): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = meta.creator;
  wb.created = meta.created;
  wb.modified = meta.created;
  for (const sheet of spec.sheets) addSheet(wb, sheet);
  const buffer = await wb.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
