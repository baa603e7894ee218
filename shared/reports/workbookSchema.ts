/**
 * The shape of a workbook spec (workbook.ts) and its schema, apart from the report code: the bridge validates
 * specs with it, and the bridge is in every page's first bundle.
 *
 * Invariants: workbookSpecSchema bounds every size and checks that every row has one value per column, of its
 * column's kind.
 */
import * as z from 'zod/mini';
import { isIsoDate } from '../dates/thaiDate';

export const COLUMN_KINDS = ['text', 'int', 'decimal', 'money', 'date'] as const;
export type ColumnKind = (typeof COLUMN_KINDS)[number];

export interface WorkbookColumn {
  header: string;
  kind: ColumnKind;
  /** Width in characters. */
  width: number;
  /** false: a number that is not added up in the total row (a sequence number, a score, an average). */
  sum?: boolean;
}
export type WorkbookValue = string | number | null;
export interface WorkbookSheet {
  /** Sheet tab name (Excel: ≤ 31 characters, none of []:*?/\). */
  name: string;
  /** Lines above the table: municipality, report, period. */
  title: string[];
  columns: WorkbookColumn[];
  rows: WorkbookValue[][];
  /** A last row with a SUM formula under every int, decimal and money column (but those with sum: false). */
  totals: boolean;
}
export interface WorkbookSpec {
  sheets: WorkbookSheet[];
}

export const MAX_SHEETS = 20;
export const MAX_SHEET_ROWS = 50_000;
export const MAX_COLUMNS = 60;

const SHEET_NAME = /^[^[\]:*?/\\]{1,31}$/;

const sheetSchema = z.strictObject({
  name: z.string().check(z.regex(SHEET_NAME)),
  title: z.array(z.string().check(z.maxLength(300))).check(z.maxLength(6)),
  columns: z.array(z.strictObject({ header: z.string().check(z.minLength(1), z.maxLength(120)), kind: z.enum(COLUMN_KINDS), width: z.number().check(z.int(), z.gte(4), z.lte(80)), sum: z.optional(z.boolean()) })).check(z.minLength(1), z.maxLength(MAX_COLUMNS)),
  rows: z.array(z.array(z.union([z.string().check(z.maxLength(2000)), z.number(), z.null()])).check(z.maxLength(MAX_COLUMNS))).check(z.maxLength(MAX_SHEET_ROWS)),
  totals: z.boolean(),
}).check(z.superRefine((s, ctx) => {
  s.rows.forEach((row, i) => {
    if (row.length !== s.columns.length) {
      ctx.addIssue({ code: 'custom', message: 'workbook.row.width', path: ['rows', i] });
      return;
    }
    row.forEach((v, j) => {
      const kind = s.columns[j]?.kind;
      const ok = v === null || (kind === 'text' ? typeof v === 'string' : kind === 'date' ? typeof v === 'string' && isIsoDate(v) : typeof v === 'number' && (kind === 'decimal' || Number.isInteger(v)));
      if (!ok) ctx.addIssue({ code: 'custom', message: 'workbook.value.kind', path: ['rows', i, j] });
    });
  });
}));

export const workbookSpecSchema = z.strictObject({ sheets: z.array(sheetSchema).check(z.minLength(1), z.maxLength(MAX_SHEETS)) }).check(z.refine((w) => new Set(w.sheets.map((s) => s.name.toLowerCase())).size === w.sheets.length, { message: 'workbook.sheet.duplicate', path: ['sheets'] }));

