/**
 * The audit log's wire shapes (docs/sync-protocol.md §16.1 and §16.2, docs/security.md §5): the viewer's query
 * and page (GET /admin/audit, GET /admin/audit/export) and the view events a device uploads (POST /audit/views).
 *
 * Dates in the viewer's query are calendar days in Thai time (UTC+7, no daylight saving): `from` starts at
 * its midnight, `to` includes its whole day.
 */
import * as z from 'zod/mini';
import { IsoInstant, Uuid } from './protocol';

export const AUDIT_PAGE_DEFAULT = 100;
export const AUDIT_PAGE_MAX = 500;
export const VIEW_EVENTS_MAX = 500;
/** Thai time, for the viewer's day boundaries. */
export const AUDIT_DAY_OFFSET = '+07:00';

export const AUDIT_OUTCOMES = ['success', 'failure', 'denied'] as const;
export type AuditOutcomeName = (typeof AUDIT_OUTCOMES)[number];

const IsoDate = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'a date YYYY-MM-DD (Gregorian)' }),
  z.refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), { message: 'not a calendar date' }),
);
const Token = (max: number, re: RegExp, message: string) => z.string().check(z.minLength(1), z.maxLength(max), z.regex(re, { message }));
const positiveIntString = (max: number) =>
  z.pipe(z.pipe(z.string().check(z.regex(/^[1-9][0-9]{0,14}$/, { message: 'a positive whole number' })), z.transform(Number)), z.number().check(z.int(), z.gte(1), z.lte(max)));

/** Query string of GET /admin/audit and /admin/audit/export (every value arrives as a string). */
export const AuditQuery = z
  .strictObject({
    userId: z.optional(Uuid),
    deviceId: z.optional(Token(64, /^[A-Za-z0-9_-]+$/, 'a device id')),
    /** Entries whose action starts with this text (`record.` lists every record action). */
    action: z.optional(Token(64, /^[a-z_.]+$/, 'lower-case letters, _ and .')),
    recordType: z.optional(Token(40, /^[a-z_]+$/, 'a record type (lower-case letters and _)')),
    recordId: z.optional(Token(80, /^[A-Za-z0-9_:/.-]+$/, 'a record id')),
    outcome: z.optional(z.enum(AUDIT_OUTCOMES)),
    from: z.optional(IsoDate),
    to: z.optional(IsoDate),
    /** Keyset: entries with a smaller id than this one (the previous page's `nextBefore`). */
    before: z.optional(positiveIntString(Number.MAX_SAFE_INTEGER)),
    limit: z.optional(positiveIntString(AUDIT_PAGE_MAX)),
  })
  .check(z.refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { message: '`from` must not be after `to`', path: ['to'] }));
export type AuditQuery = z.infer<typeof AuditQuery>;

const DetailValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);

export const AuditEntryView = z.strictObject({
  id: z.number().check(z.int(), z.gte(1)),
  /** Server time the entry was written. */
  at: IsoInstant,
  /** The device's time of an event it recorded offline (views), else null. */
  clientAt: z.nullable(IsoInstant),
  userId: z.nullable(z.string()),
  deviceId: z.nullable(z.string()),
  action: z.string(),
  recordType: z.nullable(z.string()),
  recordId: z.nullable(z.string()),
  outcome: z.enum(AUDIT_OUTCOMES),
  requestId: z.nullable(z.string()),
  detail: z.nullable(z.record(z.string(), DetailValue)),
});
export type AuditEntryView = z.infer<typeof AuditEntryView>;

export const AuditPage = z.strictObject({
  entries: z.array(AuditEntryView).check(z.maxLength(AUDIT_PAGE_MAX)),
  /** Pass as `before` for the next (older) page; null when this page is the last. */
  nextBefore: z.nullable(z.number().check(z.int(), z.gte(1))),
});
export type AuditPage = z.infer<typeof AuditPage>;

/** `profile`: the resident's profile page; `export`: the export of everything held about the resident (PDPA). */
export const VIEW_PAGES = ['profile', 'export'] as const;
export type ViewPage = (typeof VIEW_PAGES)[number];

/** One opening of a resident's page, recorded on the device (its own id makes a resend harmless). */
export const ViewEvent = z.strictObject({
  id: Uuid,
  residentId: Uuid,
  page: z.enum(VIEW_PAGES),
  /** The device's clock when the page opened. */
  at: IsoInstant,
});
export type ViewEvent = z.infer<typeof ViewEvent>;

export const ViewEventsRequest = z.strictObject({
  views: z.array(ViewEvent).check(z.minLength(1), z.maxLength(VIEW_EVENTS_MAX)),
});
export type ViewEventsRequest = z.infer<typeof ViewEventsRequest>;

export const ViewEventsResponse = z.strictObject({
  /** How many were new (the rest had been received before). */
  appended: z.number().check(z.int(), z.gte(0)),
});
export type ViewEventsResponse = z.infer<typeof ViewEventsResponse>;

// ---------------------------------------------------------------------------------------------------------
// The viewer's filter form (renderer/features/admin/AuditSection.tsx): what the user typed, as text, turned
// into the query the server takes, checked by the same AuditQuery before it is sent.

export const AUDIT_FILTER_FIELDS = ['userId', 'deviceId', 'action', 'recordId', 'outcome', 'from', 'to'] as const;
export type AuditFilterField = (typeof AUDIT_FILTER_FIELDS)[number];
export type AuditFilterValues = Record<AuditFilterField, string>;

export const EMPTY_AUDIT_FILTER: AuditFilterValues = { userId: '', deviceId: '', action: '', recordId: '', outcome: '', from: '', to: '' };

/** The action prefixes the viewer offers (any other prefix works through the API). */
export const AUDIT_ACTION_FILTERS = ['record.', 'record.write', 'record.view', 'record.erase', 'request.denied', 'auth.', 'device.', 'user.', 'report.', 'audit.export'] as const;

export type AuditFilterCheck = { ok: true; query: Record<string, string> } | { ok: false; field: AuditFilterField };

/** The query string's parameters for these values (empty ones left out), or the first field the server would refuse. */
export function auditFilterQuery(values: AuditFilterValues): AuditFilterCheck {
  const query: Record<string, string> = {};
  for (const f of AUDIT_FILTER_FIELDS) {
    const v = values[f].trim();
    if (v !== '') query[f] = v;
  }
  const r = AuditQuery.safeParse(query);
  if (r.success) return { ok: true, query };
  const path = r.error.issues[0]?.path[0];
  const field = AUDIT_FILTER_FIELDS.find((f) => f === path) ?? 'from';
  return { ok: false, field };
}
