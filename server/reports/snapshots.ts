/**
 * Submitted reports over HTTP (docs/domain.md §6): "mark as submitted" keeps a period's figures as the server
 * computes them for the whole municipality, with who and when, so the same report can be exported again after
 * later corrections, and those corrections are listed as late changes.
 *
 * - POST /reports/snapshots {period, filter?}: computes the figures (sql.ts), reads the facts behind them, and
 *   keeps the figures (shared/reports/snapshot.ts submittedFigures) and their fingerprint. 201 with the summary.
 * - GET /reports/snapshots?from=&to=: the snapshots of exactly that period, newest first.
 * - GET /reports/snapshots/:id: the kept figures, and the late changes: the facts added, changed or removed
 *   since, each with what the report shows of it now (date, resident, caregiver), or only its id once removed.
 *
 * Invariants:
 * - Care managers and administrators only (requireReportReader); inputs parsed by strict schemas; a refused
 *   period is a 400 as in routes.ts. Snapshots are never updated or deleted; each submission is audited.
 * - The kept figures are those of the moment of submission, with the fund settings then in force: a later
 *   rate change does not alter a submitted report.
 * - Submitting and reading late changes first await ctx.reportFacts.catchUp() (projector.ts), so both see
 *   every push committed before the request.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { periodSpecSchema } from '../../shared/reports/period';
import type { ResidentFact, VisitFact } from '../../shared/reports/facts';
import { fingerprintOf, lateChanges, type Fingerprint, type LateChange, type SubmittedFigures, submittedFigures } from '../../shared/reports/snapshot';
import { appendAudit } from '../audit';
import { idParamsSchema } from '../auth/schemas';
import type { AppContext } from '../context';
import type { Db } from '../db/db';
import { ApiError } from '../errors';
import { parseBody } from '../validation';
import { readResidentFacts, readVisitFacts } from './projection';
import { filterSchema, readFundSettings, requireReportReader, resolvePeriodOrThrow } from './routes';
import { computeReportSql } from './sql';
import type { ReportFilter } from '../../shared/reports/definitions';
import { isIsoDate } from '../../shared/dates/thaiDate';

const submitSchema = z.strictObject({ period: periodSpecSchema, filter: z.optional(filterSchema) });
const listQuerySchema = z.strictObject({ from: z.string().check(z.refine(isIsoDate)), to: z.string().check(z.refine(isIsoDate)) });

export interface SnapshotSummary {
  id: string;
  period: z.output<typeof periodSpecSchema>;
  from: string;
  to: string;
  filter: ReportFilter;
  submittedBy: string;
  submittedByName: string;
  submittedAt: string;
  serviceRows: number;
  serviceTotalSatang: number;
}

/** A late change with what the report shows of the record now (absent once it is gone). */
export type LateChangeDetail = LateChange & { date?: string; residentId?: string; name?: string; caregiverId?: string; outcome?: string };

interface SnapshotRow {
  id: string;
  period: z.output<typeof periodSpecSchema>;
  date_from: string;
  date_to: string;
  filter: ReportFilter;
  figures: SubmittedFigures;
  fingerprint: Fingerprint;
  submitted_by: string;
  display_name: string;
  submitted_at: Date;
}

function summary(r: SnapshotRow): SnapshotSummary {
  return {
    id: r.id,
    period: r.period,
    from: r.date_from,
    to: r.date_to,
    filter: r.filter,
    submittedBy: r.submitted_by,
    submittedByName: r.display_name,
    submittedAt: r.submitted_at.toISOString(),
    serviceRows: r.figures.service.length,
    serviceTotalSatang: r.figures.serviceTotalSatang,
  };
}

const present = <T>(m: Map<string, T | null>): T[] => [...m.values()].filter((v): v is T => v !== null);

/** The period's figures now, with the facts behind them. */
async function current(db: Db, from: string, to: string, filter: ReportFilter, fund: Awaited<ReturnType<typeof readFundSettings>>) {
  const figures = await computeReportSql(db, { from, to, filter, fund, withIds: true });
  const visitIds = [...figures.visitsByCommunity.total.planned.ids, ...figures.visitsByCommunity.total.unplanned.ids];
  const [residents, visits] = await Promise.all([readResidentFacts(db, figures.register.total.total.ids), readVisitFacts(db, visitIds)]);
  return { figures, residents: present(residents), visits: present(visits) };
}

const SELECT = `SELECT s.id, s.period, s.date_from, s.date_to, s.filter, s.figures, s.fingerprint, s.submitted_by, u.display_name, s.submitted_at
  FROM report_snapshots s JOIN users u ON u.id = s.submitted_by`;

export function registerSnapshotRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { db } = ctx;

  app.post('/reports/snapshots', { bodyLimit: 64 * 1024 }, async (request, reply) => {
    const auth = await requireReportReader(ctx, request);
    const body = parseBody(submitSchema, request.body);
    const period = resolvePeriodOrThrow(ctx, body.period);
    const filter = body.filter ?? { communities: null, caregivers: null };
    const fund = await readFundSettings(db, (m) => request.log.warn(m));
    await ctx.reportFacts.catchUp();
    const now = current(db, period.from, period.to, filter, fund);
    const { figures, residents, visits } = await now;
    const id = randomUUID();
    const at = new Date(ctx.now());
    await db.query(
      `INSERT INTO report_snapshots (id, period, date_from, date_to, filter, fund, figures, fingerprint, submitted_by, submitted_at)
       VALUES ($1, $2::jsonb, $3, $4, $5::jsonb, $6::jsonb, $7::jsonb, $8::jsonb, $9, $10)`,
      [id, JSON.stringify(body.period), period.from, period.to, JSON.stringify(filter), JSON.stringify(fund), JSON.stringify(submittedFigures(figures)), JSON.stringify(fingerprintOf(figures, residents, visits)), auth.user.id, at],
    );
    await appendAudit(db, { userId: auth.user.id, deviceId: auth.deviceId, action: 'report.submit', recordType: 'report_snapshot', recordId: id, outcome: 'success', requestId: request.id }, ctx.now());
    const row = (await db.query<SnapshotRow>(`${SELECT} WHERE s.id = $1`, [id])).rows[0];
    if (!row) throw new Error('snapshot not stored');
    return reply.status(201).send({ snapshot: summary(row) });
  });

  app.get('/reports/snapshots', async (request, reply) => {
    await requireReportReader(ctx, request);
    const q = parseBody(listQuerySchema, request.query, 'query');
    const rows = (await db.query<SnapshotRow>(`${SELECT} WHERE s.date_from = $1 AND s.date_to = $2 ORDER BY s.submitted_at DESC, s.id`, [q.from, q.to])).rows;
    return reply.header('Cache-Control', 'no-store').send({ snapshots: rows.map(summary) });
  });

  app.get('/reports/snapshots/:id', async (request, reply) => {
    await requireReportReader(ctx, request);
    const { id } = parseBody(idParamsSchema, request.params, 'path');
    const row = (await db.query<SnapshotRow>(`${SELECT} WHERE s.id = $1`, [id])).rows[0];
    if (!row) throw new ApiError('not_found', 'no such submitted report');
    const fund = await readFundSettings(db, (m) => request.log.warn(m));
    await ctx.reportFacts.catchUp();
    const now = await current(db, row.date_from, row.date_to, row.filter, fund);
    const changes = lateChanges(row.fingerprint, fingerprintOf(now.figures, now.residents, now.visits));
    const residents = new Map<string, ResidentFact>(now.residents.map((r) => [r.id, r]));
    const visits = new Map<string, VisitFact>(now.visits.map((v) => [v.id, v]));
    const gone = changes.filter((c) => c.record === 'visit' && !visits.has(c.id)).map((c) => c.id);
    // A removed visit's fact is gone; its record still says whose visit it was and when.
    const removed = gone.length === 0 ? [] : (await db.query<{ id: string; resident_id: string; date: string; caregiver_id: string }>(
      `SELECT id, resident_id, data ->> 'serviceDate' AS date, data ->> 'caregiverId' AS caregiver_id FROM records WHERE type = 'visit' AND id = ANY($1::text[])`,
      [gone],
    )).rows;
    const removedBy = new Map(removed.map((r) => [r.id, r]));
    const names = await readResidentFacts(db, [...new Set([...removed.map((r) => r.resident_id)])]);
    const nameOf = (rid: string): string | undefined => {
      const f = residents.get(rid) ?? names.get(rid) ?? null;
      return f === null ? undefined : `${f.prefix}${f.firstName} ${f.lastName}`;
    };
    const details: LateChangeDetail[] = changes.map((c) => {
      if (c.record === 'resident') {
        const name = nameOf(c.id);
        return name === undefined ? c : { ...c, residentId: c.id, name };
      }
      const v = visits.get(c.id);
      if (v) {
        const name = nameOf(v.residentId);
        return { ...c, date: v.date, residentId: v.residentId, caregiverId: v.caregiverId, outcome: v.outcome, ...(name === undefined ? {} : { name }) };
      }
      const r = removedBy.get(c.id);
      if (!r) return c;
      const name = nameOf(r.resident_id);
      return { ...c, date: r.date, residentId: r.resident_id, caregiverId: r.caregiver_id, ...(name === undefined ? {} : { name }) };
    });
    return reply.header('Cache-Control', 'no-store').send({ snapshot: summary(row), figures: row.figures, lateChanges: details });
  });
}
