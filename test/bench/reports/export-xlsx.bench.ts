/**
 * report.export.xlsx: ms from a fiscal year's figures to the XLSX file's bytes, for a service list of 3,000
 * people (4,500 residents, two thirds dependants) with every other table of the report: the workbook spec
 * (shared/reports/workbook.ts) and the file written by exceljs (shared/reports/xlsx.ts), as Electron's main
 * process and the server do it. Median of RUNS after one warm-up. `floorMs` is exceljs writing the same
 * sheets' values with no formats, widths, formulas or frozen rows, measured in the same run: what any XLSX
 * of this size costs. `loadAvg1` is the machine's 1-minute load average before the runs.
 */
import ExcelJS from 'exceljs';
import * as os from 'node:os';
import { computeReport, NO_FILTER } from '../../../shared/reports/definitions';
import { DEFAULT_FUND_SETTINGS } from '../../../shared/reports/fund';
import { reportWorkbook, type WorkbookNames, type WorkbookSpec } from '../../../shared/reports/workbook';
import { writeXlsx } from '../../../shared/reports/xlsx';
import { median, round1, type NodeBench } from '../support';
import { FY_END, FY_START, reportFacts } from './facts';

const RUNS = 5;
const NAMES: WorkbookNames = { municipality: 'เทศบาลนครรังสิต', community: (id) => `ชุมชน ${id}`, user: (id) => (id === null ? '' : `ผู้ใช้ ${id}`) };

async function plainXlsx(spec: WorkbookSpec): Promise<number> {
  const wb = new ExcelJS.Workbook();
  for (const sheet of spec.sheets) {
    const ws = wb.addWorksheet(sheet.name);
    ws.addRows(sheet.rows);
  }
  return ((await wb.xlsx.writeBuffer()) as ArrayBuffer).byteLength;
}

async function time(run: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await run();
  return performance.now() - t0;
}

const bench: NodeBench = {
  name: 'report.export.xlsx',
  async run({ log }) {
    const facts = reportFacts(4_500, 2);
    const figures = computeReport({ from: FY_START, to: FY_END, residents: facts.residents, visits: facts.visits, filter: NO_FILTER, fund: DEFAULT_FUND_SETTINGS });
    const loadAvg1 = round1(os.loadavg()[0] ?? 0);
    let bytes = 0;
    const write = async (): Promise<void> => {
      bytes = (await writeXlsx(reportWorkbook(figures, NAMES), { creator: 'bench', created: new Date(0) })).byteLength;
    };
    const spec = reportWorkbook(figures, NAMES);
    await write();
    await plainXlsx(spec);
    const samples: number[] = [];
    const floors: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      samples.push(await time(write));
      floors.push(await time(() => plainXlsx(spec)));
    }
    log({ bench: 'report.export.xlsx', value: round1(median(samples)), unit: 'ms', target: 3000, floorMs: round1(median(floors)), serviceRows: figures.service.length, sheets: spec.sheets.length, fileKb: round1(bytes / 1024), runs: RUNS, loadAvg1 });
  },
};

export default bench;
