/**
 * The service list's CSV columns: an ordered list of {key, header} matching the columns the fund system's
 * import expects, so a changed import template needs no code change. A default map is below; an admin edits
 * the device's own map on the Settings page (renderer/db/reportSettings.ts stores it), checked with
 * serviceColumnsSchema (docs/domain.md §6).
 *
 * Invariants:
 * - A key names one value of a service-list row (csv.ts serviceRowValues); a map lists each key at most once
 *   and has at least one column; a header is one line of 1–100 characters.
 * - The citizen ID is written in full only in exports; on screen it is masked (present.ts maskNationalId).
 */
import * as z from 'zod/mini';

export const SERVICE_COLUMN_KEYS = [
  'seq',
  'nationalId',
  'noIdReason',
  'prefix',
  'firstName',
  'lastName',
  'birthDate',
  'birthDateIso',
  'address',
  'phone',
  'community',
  'adlTotal',
  'adlGroup',
  'adlOn',
  'adlOnIso',
  'tai',
  'careManager',
  'caregiver',
  'planRef',
  'fundApprovedOn',
  'fundApprovedOnIso',
  'startDate',
  'startDateIso',
  'coveredDays',
  'visits',
  'amountBaht',
] as const;
export type ServiceColumnKey = (typeof SERVICE_COLUMN_KEYS)[number];

export interface ServiceColumn {
  key: ServiceColumnKey;
  header: string;
}

/** The default map: the LTC per-person service list as the fund's import template names its columns. */
export const DEFAULT_SERVICE_COLUMNS: readonly ServiceColumn[] = Object.freeze([
  { key: 'seq', header: 'ลำดับ' },
  { key: 'nationalId', header: 'เลขประจำตัวประชาชน' },
  { key: 'noIdReason', header: 'เหตุที่ไม่มีเลขประจำตัวประชาชน' },
  { key: 'prefix', header: 'คำนำหน้า' },
  { key: 'firstName', header: 'ชื่อ' },
  { key: 'lastName', header: 'นามสกุล' },
  { key: 'birthDate', header: 'วันเกิด' },
  { key: 'address', header: 'ที่อยู่' },
  { key: 'phone', header: 'โทรศัพท์' },
  { key: 'community', header: 'ชุมชน' },
  { key: 'adlTotal', header: 'คะแนน ADL' },
  { key: 'adlGroup', header: 'กลุ่ม ADL' },
  { key: 'adlOn', header: 'วันที่ประเมิน ADL' },
  { key: 'tai', header: 'กลุ่ม TAI' },
  { key: 'careManager', header: 'ผู้จัดการการดูแล (CM)' },
  { key: 'caregiver', header: 'ผู้ดูแล (CG)' },
  { key: 'planRef', header: 'เลขที่แผนการดูแล (Care Plan)' },
  { key: 'fundApprovedOn', header: 'วันที่อนุมัติแผน' },
  { key: 'fundApprovedOnIso', header: 'วันที่อนุมัติแผน (ISO)' },
  { key: 'startDate', header: 'วันที่เริ่มให้บริการ' },
  { key: 'startDateIso', header: 'วันที่เริ่มให้บริการ (ISO)' },
  { key: 'coveredDays', header: 'จำนวนวันที่ได้รับบริการ' },
  { key: 'visits', header: 'จำนวนครั้งที่เยี่ยม' },
  { key: 'amountBaht', header: 'จำนวนเงินที่เบิกได้ (บาท)' },
]);

// eslint-disable-next-line no-control-regex -- control characters are exactly what is being refused
const CONTROL = /[\u0000-\u001f\u007f]/;

export const serviceColumnsSchema = z.array(
  z.strictObject({
    key: z.enum(SERVICE_COLUMN_KEYS),
    header: z.string().check(
      z.trim(),
      z.minLength(1, { message: 'reportColumns.headerEmpty' }),
      z.maxLength(100, { message: 'reportColumns.headerTooLong' }),
      z.refine((s) => !CONTROL.test(s), { message: 'reportColumns.headerControl' }),
    ),
  }),
).check(z.minLength(1, { message: 'reportColumns.empty' }), z.maxLength(SERVICE_COLUMN_KEYS.length), z.superRefine((cols, ctx) => {
  const seen = new Set<string>();
  cols.forEach((c, i) => {
    if (seen.has(c.key)) ctx.addIssue({ code: 'custom', message: 'reportColumns.duplicate', path: [i, 'key'] });
    seen.add(c.key);
  });
}));

export interface ColumnsIssue {
  /** e.g. ['2', 'header']; [] for the whole map. */
  path: string[];
  /** reportColumns.* for a broken rule, else zod's code. */
  code: string;
}

export type CheckColumnsResult = { ok: true; columns: ServiceColumn[] } | { ok: false; issues: ColumnsIssue[] };

/** The map as stored (headers trimmed), or every problem in it. */
export function checkServiceColumns(input: unknown): CheckColumnsResult {
  const parsed = serviceColumnsSchema.safeParse(input);
  if (parsed.success) return { ok: true, columns: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), code: i.message.startsWith('reportColumns.') ? i.message : i.code })),
  };
}
