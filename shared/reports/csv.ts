/**
 * The service list as CSV for the fund system's import: UTF-8 with a byte-order mark (Excel on Windows reads
 * Thai correctly only with it), fields quoted as RFC 4180 says (a field holding a comma, a double quote, a
 * line break or edge spaces is quoted, its quotes doubled), CRLF line ends, the headers and column order of
 * the column map (columns.ts). Dates are written as Thai text with the BE year (`1 ตุลาคม 2567`) or ISO, as the
 * map asks; amounts in baht with 2 decimals and no thousands separator (docs/domain.md §6).
 *
 * Invariants:
 * - parseCsv(toCsv(h, rows)) gives back [h, ...rows] exactly, Thai included.
 * - The citizen ID is written in full here (exports only); a person without one keeps a row with its no-ID
 *   reason.
 * - A text cell starting with `=`, `+`, `@` or `-` followed by a non-digit is prefixed with `'`, so a
 *   spreadsheet opening the file never runs it as a formula (numbers such as `-5` are left alone).
 */
import { ADL_GROUP_LABELS_TH } from './labels';
import { formatDate } from '../dates/thaiDate';
import type { ServiceRow } from './definitions';
import type { ServiceColumn, ServiceColumnKey } from './columns';

export const CSV_BOM = '\uFEFF';
const CRLF = '\r\n';

function neutralised(value: string): string {
  return /^[=+@]/.test(value) || /^-(?![0-9.])/.test(value) || /^[\t\r]/.test(value) ? `'${value}` : value;
}

/** One field, quoted when it must be (RFC 4180). */
export function csvField(value: string): string {
  const v = neutralised(value);
  return /[",\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}

/** A whole CSV document: BOM, header line, one line per row, each line ended by CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return CSV_BOM + [header, ...rows].map((r) => r.map(csvField).join(',') + CRLF).join('');
}

/** Reads an RFC 4180 document (a leading BOM skipped; CRLF or LF line ends) into its lines of fields. */
export function parseCsv(text: string): string[][] {
  const s = text.startsWith(CSV_BOM) ? text.slice(1) : text;
  const out: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < s.length) {
    const ch = s[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += ch;
      i++;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' || ch === '\n') {
      row.push(field);
      out.push(row);
      row = [];
      field = '';
      if (ch === '\r' && s[i + 1] === '\n') i++;
    } else field += ch;
    i++;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    out.push(row);
  }
  return out;
}

/** Satang as baht with 2 decimals, e.g. 1044200 → `10442.00` (integer arithmetic: no float rounding). */
export function bahtPlain(satang: number): string {
  const sign = satang < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(satang));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** How names are put in the file: the page resolves them from its own lists. */
export interface ServiceCsvNames {
  community(id: string): string;
  user(id: string | null): string;
}

/** Every value a column can take for one service-list row (`seq` counts from 1). */
export function serviceRowValues(row: ServiceRow, seq: number, names: ServiceCsvNames): Record<ServiceColumnKey, string> {
  const thai = (d: string): string => (d === '' ? '' : formatDate(d, 'th'));
  return {
    seq: String(seq),
    nationalId: row.nationalId ?? '',
    noIdReason: row.nationalId === null ? (row.noIdReason ?? '') : '',
    prefix: row.prefix,
    firstName: row.firstName,
    lastName: row.lastName,
    birthDate: thai(row.birthDate),
    birthDateIso: row.birthDate,
    address: row.address,
    phone: row.phone,
    community: names.community(row.communityId),
    adlTotal: String(row.adlTotal),
    adlGroup: ADL_GROUP_LABELS_TH[row.adlGroup],
    adlOn: thai(row.adlOn),
    adlOnIso: row.adlOn,
    tai: row.tai ?? '',
    careManager: names.user(row.careManagerId),
    caregiver: names.user(row.caregiverId),
    planRef: row.planRef,
    fundApprovedOn: thai(row.fundApprovedOn),
    fundApprovedOnIso: row.fundApprovedOn,
    startDate: thai(row.startDate),
    startDateIso: row.startDate,
    coveredDays: String(row.coveredDays),
    visits: String(row.visits),
    amountBaht: bahtPlain(row.amountSatang),
  };
}

/** The service list as the fund's CSV, in the map's columns and order. */
export function serviceListCsv(rows: readonly ServiceRow[], columns: readonly ServiceColumn[], names: ServiceCsvNames): string {
  return toCsv(
    columns.map((c) => c.header),
    rows.map((r, i) => {
      const values = serviceRowValues(r, i + 1, names);
      return columns.map((c) => values[c.key]);
    }),
  );
}

/** The export's file name: `บัญชีรายชื่อ-LTC_2024-10-01_2025-09-30.csv` (no characters a file system refuses). */
export function serviceCsvFileName(from: string, to: string): string {
  return `บัญชีรายชื่อ-LTC_${from}_${to}.csv`;
}
