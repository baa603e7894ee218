/**
 * Reading the audit log for the administrator's viewer (GET /admin/audit and its CSV export, docs/security.md
 * §5); the benchmark audit.query.1m runs these same functions.
 *
 * Invariants:
 * - Newest first, keyset by id (`id < before`), so a deep page costs what the first does and entries appended
 *   meanwhile never shift a page.
 * - Every filter is a bound parameter; the action prefix is an index range (`action COLLATE "C"`), never a
 *   LIKE built from input.
 * - Read only: the log is never changed here.
 */
import { AUDIT_DAY_OFFSET, AUDIT_PAGE_DEFAULT, type AuditEntryView, type AuditPage, type AuditQuery } from '../../shared/sync/audit';
import { CSV_BOM, csvField } from '../../shared/reports/csv';
import type { Db } from '../db/db';

const DAY_MS = 86_400_000;

/** The WHERE clause (without `before`) and its parameters, numbered from $1. */
export function auditWhere(q: AuditQuery): { clauses: string[]; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (n: string) => string, value: unknown): void => {
    params.push(value);
    clauses.push(sql(`$${params.length}`));
  };
  if (q.userId !== undefined) add((n) => `user_id = ${n}`, q.userId);
  if (q.deviceId !== undefined) add((n) => `device_id = ${n}`, q.deviceId);
  if (q.recordType !== undefined) add((n) => `record_type = ${n}`, q.recordType);
  if (q.recordId !== undefined) add((n) => `record_id = ${n}`, q.recordId);
  if (q.outcome !== undefined) add((n) => `outcome = ${n}`, q.outcome);
  if (q.action !== undefined) {
    // Prefix as a range: [prefix, prefix with its last character raised by one).
    const upper = q.action.slice(0, -1) + String.fromCharCode(q.action.charCodeAt(q.action.length - 1) + 1);
    add((n) => `action COLLATE "C" >= ${n}`, q.action);
    add((n) => `action COLLATE "C" < ${n}`, upper);
  }
  if (q.from !== undefined) add((n) => `at >= ${n}::timestamptz`, new Date(`${q.from}T00:00:00${AUDIT_DAY_OFFSET}`).toISOString());
  if (q.to !== undefined) add((n) => `at < ${n}::timestamptz`, new Date(Date.parse(`${q.to}T00:00:00${AUDIT_DAY_OFFSET}`) + DAY_MS).toISOString());
  return { clauses, params };
}

interface AuditLogRow {
  id: number;
  at: Date;
  client_at: Date | null;
  user_id: string | null;
  device_id: string | null;
  action: string;
  record_type: string | null;
  record_id: string | null;
  outcome: AuditEntryView['outcome'];
  request_id: string | null;
  detail: string | null;
}

function toView(r: AuditLogRow): AuditEntryView {
  return {
    id: r.id,
    at: r.at.toISOString(),
    clientAt: r.client_at === null ? null : r.client_at.toISOString(),
    userId: r.user_id,
    deviceId: r.device_id,
    action: r.action,
    recordType: r.record_type,
    recordId: r.record_id,
    outcome: r.outcome,
    requestId: r.request_id,
    detail: r.detail === null ? null : (JSON.parse(r.detail) as AuditEntryView['detail']),
  };
}

/** One page of entries, newest first. */
export async function queryAudit(db: Db, q: AuditQuery): Promise<AuditPage> {
  const limit = q.limit ?? AUDIT_PAGE_DEFAULT;
  const { clauses, params } = auditWhere(q);
  if (q.before !== undefined) {
    params.push(q.before);
    clauses.push(`id < $${params.length}`);
  }
  params.push(limit);
  const rows = (await db.query<AuditLogRow>(
    `SELECT id, at, client_at, user_id, device_id, action, record_type, record_id, outcome, request_id, detail
     FROM audit_log ${clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : ''}
     ORDER BY id DESC LIMIT $${params.length}`,
    params,
  )).rows;
  const entries = rows.map(toView);
  return { entries, nextBefore: entries.length === limit ? (entries.at(-1)?.id ?? null) : null };
}

export const AUDIT_CSV_HEADER = ['id', 'at', 'client_at', 'user_id', 'device_id', 'action', 'record_type', 'record_id', 'outcome', 'request_id', 'detail'] as const;
/** Rows read per query while streaming an export. */
const EXPORT_PAGE = 1000;

/** The whole filtered log as CSV lines (BOM and header first), read page by page as the stream is consumed. */
export async function* auditCsvLines(db: Db, q: AuditQuery): AsyncGenerator<string> {
  yield `${CSV_BOM}${AUDIT_CSV_HEADER.join(',')}\r\n`;
  let before = q.before;
  for (;;) {
    const page = await queryAudit(db, { ...q, limit: EXPORT_PAGE, ...(before === undefined ? {} : { before }) });
    let chunk = '';
    for (const e of page.entries) {
      const cells = [String(e.id), e.at, e.clientAt ?? '', e.userId ?? '', e.deviceId ?? '', e.action, e.recordType ?? '', e.recordId ?? '', e.outcome, e.requestId ?? '', e.detail === null ? '' : JSON.stringify(e.detail)];
      chunk += `${cells.map(csvField).join(',')}\r\n`;
    }
    if (chunk !== '') yield chunk;
    if (page.nextBefore === null) return;
    before = page.nextBefore;
  }
}
