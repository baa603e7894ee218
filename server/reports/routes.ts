/**
 * The funding reports over HTTP: POST /reports/figures (ReportFigures computed in SQL, sql.ts),
 * GET|POST /reports/service-list.csv (the fund's per-person service list as a CSV download), GET|PUT
 * /reports/fund-settings (the fund's rates and budget dates; setting them is for administrators) and
 * POST /reports/xlsx (a workbook spec written as XLSX, for browsers).
 *
 * Invariants:
 * - Only roles that read reports (shared/permissions.ts canSeeReports: admin, care manager) get them: 401
 *   without a valid session, 403 `forbidden` otherwise. Both roles see every community (scopeOf), so the
 *   filter only narrows.
 * - Input is parsed by strict zod schemas (the period with shared periodSpecSchema); a period the shared
 *   resolvePeriod refuses is a 400 `invalid_argument` whose message starts with its stable code
 *   (`period.future: …`, `period.reversed`, `period.tooLong`, `period.invalid`).
 * - The fund's rates come from server_settings key 'fund' (fundSettingsSchema), else DEFAULT_FUND_SETTINGS;
 *   an unreadable stored value is logged and the defaults are used.
 * - The CSV is the one the app writes (shared/reports/csv.ts) in the fund's default column map: UTF-8 with a
 *   BOM, Thai headers, RFC 4180 quoting, formula-like cells defused, no total line (the fund system imports
 *   every line). Each export is written to the audit log.
 * - Every route that reads the projections first awaits ctx.reportFacts.catchUp() (projector.ts): a report
 *   reflects every push committed before the request, though pushes no longer write facts themselves.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as z from 'zod/mini';
import { todayBangkok } from '../../shared/dates/thaiDate';
import { canSeeReports } from '../../shared/permissions';
import type { ReportFilter, ServiceRow } from '../../shared/reports/definitions';
import { DEFAULT_FUND_SETTINGS, fundSettingsSchema, type FundSettings } from '../../shared/reports/fund';
import { periodSpecSchema, resolvePeriod, type Period } from '../../shared/reports/period';
import { appendAudit } from '../audit';
import { takeExport } from '../exportLimit';
import { requireAdmin, requireAuth, type AuthContext } from '../auth/guard';
import type { AppContext } from '../context';
import type { Db } from '../db/db';
import { ApiError } from '../errors';
import { parseBody } from '../validation';
import { workbookSpecSchema } from '../../shared/reports/workbook';
import { writeXlsx } from '../../shared/reports/xlsx';
import { CSV_BOM, csvField, serviceRowValues, type ServiceCsvNames } from '../../shared/reports/csv';
import { DEFAULT_SERVICE_COLUMNS } from '../../shared/reports/columns';
import { computeReportSql } from './sql';

/** A fiscal year's workbook with a service list of ~20,000 people fits with room to spare. */
export const XLSX_BODY_LIMIT = 24 * 1024 * 1024;
const xlsxRequestSchema = z.strictObject({ workbook: workbookSpecSchema });

const Id = z.string().check(z.minLength(1), z.maxLength(64));
export const filterSchema = z.strictObject({
  communities: z.nullable(z.array(Id).check(z.maxLength(200))),
  caregivers: z.nullable(z.array(Id).check(z.maxLength(1000))),
});
const reportRequestSchema = z.strictObject({
  period: periodSpecSchema,
  filter: z.optional(filterSchema),
  /** Fill each cell's ids (drill-down). */
  withIds: z.optional(z.boolean()),
});

/** The CSV's query string: the period's fields flat, lists comma-separated. */
const csvQuerySchema = z.strictObject({
  kind: z.enum(['month', 'quarter', 'fiscalYear', 'range']),
  month: z.optional(z.string().check(z.maxLength(7))),
  fyBE: z.optional(z.string().check(z.regex(/^\d{4}$/))),
  quarter: z.optional(z.string().check(z.regex(/^[1-4]$/))),
  from: z.optional(z.string().check(z.maxLength(10))),
  to: z.optional(z.string().check(z.maxLength(10))),
  communities: z.optional(z.string().check(z.maxLength(20_000))),
  caregivers: z.optional(z.string().check(z.maxLength(70_000))),
});

const PERIOD_MESSAGES: Record<string, string> = {
  'period.future': 'the period starts after today',
  'period.reversed': 'the range ends before it starts',
  'period.tooLong': 'a report covers at most five fiscal years',
  'period.invalid': 'not a valid period',
};

export async function requireReportReader(ctx: AppContext, request: FastifyRequest): Promise<AuthContext> {
  const auth = await requireAuth(ctx, request);
  if (!canSeeReports(auth.user)) throw new ApiError('forbidden', 'reports are for care managers and administrators');
  return auth;
}

export function resolvePeriodOrThrow(ctx: AppContext, spec: z.output<typeof periodSpecSchema>): Period {
  const r = resolvePeriod(spec, todayBangkok(new Date(ctx.now())));
  if (!r.ok) throw new ApiError('invalid_argument', `${r.code}: ${PERIOD_MESSAGES[r.code] ?? 'invalid period'}`);
  return r.period;
}

export async function readFundSettings(db: Db, warn: (msg: string) => void = () => undefined): Promise<FundSettings> {
  const row = (await db.query<{ value: string }>("SELECT value FROM server_settings WHERE key = 'fund'")).rows[0];
  if (row === undefined) return DEFAULT_FUND_SETTINGS as FundSettings;
  let parsed: unknown;
  try {
    parsed = JSON.parse(row.value);
  } catch {
    parsed = undefined;
  }
  const checked = fundSettingsSchema.safeParse(parsed);
  if (checked.success) return checked.data;
  warn("server_settings 'fund' is not valid fund settings: using the defaults");
  return DEFAULT_FUND_SETTINGS as FundSettings;
}

const list = (text: string | undefined): string[] | null => (text === undefined ? null : text === '' ? [] : text.split(','));

function csvRequest(request: FastifyRequest): { spec: unknown; filter: ReportFilter } {
  if (request.method === 'POST') {
    const body = parseBody(z.omit(reportRequestSchema, { withIds: true }), request.body);
    return { spec: body.period, filter: body.filter ?? { communities: null, caregivers: null } };
  }
  const q = parseBody(csvQuerySchema, request.query, 'query');
  const spec: Record<string, unknown> = { kind: q.kind };
  if (q.month !== undefined) spec.month = q.month;
  if (q.fyBE !== undefined) spec.fyBE = Number(q.fyBE);
  if (q.quarter !== undefined) spec.quarter = Number(q.quarter);
  if (q.from !== undefined) spec.from = q.from;
  if (q.to !== undefined) spec.to = q.to;
  const filter = parseBody(filterSchema, { communities: list(q.communities), caregivers: list(q.caregivers) }, 'query');
  return { spec, filter };
}

/** The service list's lines in the fund's default column map (shared/reports/csv.ts, the same file the app writes). */
function* csvLines(rows: readonly ServiceRow[], names: ServiceCsvNames): Generator<string> {
  yield `${CSV_BOM}${DEFAULT_SERVICE_COLUMNS.map((c) => csvField(c.header)).join(',')}\r\n`;
  for (const [i, r] of rows.entries()) {
    const values = serviceRowValues(r, i + 1, names);
    yield `${DEFAULT_SERVICE_COLUMNS.map((c) => csvField(values[c.key])).join(',')}\r\n`;
  }
}

/** Community and user names as the exports print them (Thai). */
async function exportNames(db: Db): Promise<ServiceCsvNames> {
  const [communities, users] = await Promise.all([
    db.query<{ id: string; name_th: string }>('SELECT id, name_th FROM communities'),
    db.query<{ id: string; display_name: string }>('SELECT id, display_name FROM users'),
  ]);
  const community = new Map(communities.rows.map((c) => [c.id, c.name_th]));
  const user = new Map(users.rows.map((u) => [u.id, u.display_name]));
  return { community: (id) => community.get(id) ?? id, user: (id) => (id === null ? '' : (user.get(id) ?? id)) };
}

export function registerReportRoutes(app: FastifyInstance, ctx: AppContext): void {
  const opts = { bodyLimit: 256 * 1024 };

  app.post('/reports/figures', opts, async (request, reply) => {
    await requireReportReader(ctx, request);
    const body = parseBody(reportRequestSchema, request.body);
    const period = resolvePeriodOrThrow(ctx, body.period);
    const fund = await readFundSettings(ctx.db, (m) => request.log.warn(m));
    await ctx.reportFacts.catchUp();
    const figures = await computeReportSql(ctx.db, {
      from: period.from,
      to: period.to,
      filter: body.filter ?? { communities: null, caregivers: null },
      fund,
      withIds: body.withIds === true,
    });
    return reply.header('Cache-Control', 'no-store').send(figures);
  });

  const serviceList = async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
    const auth = await requireReportReader(ctx, request);
    const { spec, filter } = csvRequest(request);
    const period = resolvePeriodOrThrow(ctx, parseBody(periodSpecSchema, spec, 'period'));
    takeExport(ctx, auth.user.id); // the list names people and their ID numbers
    const fund = await readFundSettings(ctx.db, (m) => request.log.warn(m));
    await ctx.reportFacts.catchUp();
    const figures = await computeReportSql(ctx.db, { from: period.from, to: period.to, filter, fund });
    await appendAudit(
      ctx.db,
      { userId: auth.user.id, deviceId: auth.deviceId, action: 'report.service_list.export', recordType: 'report', recordId: `${period.from}/${period.to}`, outcome: 'success', requestId: request.id },
      ctx.now(),
    );
    return reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="service-list-${period.from}-${period.to}.csv"`)
      .header('Cache-Control', 'no-store')
      .send(Readable.from(csvLines(figures.service, await exportNames(ctx.db))));
  };
  app.get('/reports/service-list.csv', serviceList);
  app.post('/reports/service-list.csv', opts, serviceList);

  // The fund's rates and budget dates (docs/domain.md §6): read by whoever reads reports, set by administrators
  // only, validated with the same schema the device uses and audited; /reports/figures and the CSV use them.
  app.get('/reports/fund-settings', async (request, reply) => {
    await requireReportReader(ctx, request);
    const settings = await readFundSettings(ctx.db, (m) => request.log.warn(m));
    return reply.header('Cache-Control', 'no-store').send(settings);
  });

  app.put('/reports/fund-settings', { bodyLimit: 128 * 1024 }, async (request, reply) => {
    const auth = await requireAdmin(ctx, request);
    const settings = parseBody(fundSettingsSchema, request.body);
    await ctx.db.query('INSERT INTO server_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value', ['fund', JSON.stringify(settings)]);
    await appendAudit(
      ctx.db,
      { userId: auth.user.id, deviceId: auth.deviceId, action: 'report.fund_settings.update', recordType: 'server_settings', recordId: 'fund', outcome: 'success', requestId: request.id },
      ctx.now(),
    );
    return reply.header('Cache-Control', 'no-store').send(settings);
  });

  // A browser has no XLSX writer of its own (the renderer ships no spreadsheet library): it sends the report's
  // workbook spec, validated like any input, and gets the file (docs/architecture.md "Reports").
  app.post('/reports/xlsx', { bodyLimit: XLSX_BODY_LIMIT }, async (request, reply) => {
    const auth = await requireReportReader(ctx, request);
    const { workbook } = parseBody(xlsxRequestSchema, request.body);
    const bytes = await writeXlsx(workbook, { creator: 'CareRounds', created: new Date(ctx.now()) });
    await appendAudit(
      ctx.db,
      { userId: auth.user.id, deviceId: auth.deviceId, action: 'report.xlsx.export', recordType: 'report', recordId: workbook.sheets[0]?.name ?? null, outcome: 'success', requestId: request.id },
      ctx.now(),
    );
    return reply
      .header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('Content-Disposition', 'attachment; filename="report.xlsx"')
      .header('Cache-Control', 'no-store')
      .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  });
}
