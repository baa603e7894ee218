/**
 * The report benchmarks that run in Node alone (run.ts loads this list); the device's report.monthly.device
 * runs in Chromium (test/bench/browser) and the server's report.fiscal_year.server on PostgreSQL (test/bench/sync).
 */
import type { NodeBench } from '../support';
import exportXlsx from './export-xlsx.bench';

export const reportsBenches: readonly NodeBench[] = [exportXlsx];
