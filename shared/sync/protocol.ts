/**
 * One file past 400 lines on purpose: it is the wire contract, every body of docs/sync-protocol.md in one
 * place, from which the JSON Schemas of the document are generated; a reader checks one file against the doc.
 *
 * The sync wire protocol, version 1 (docs/sync-protocol.md): every request and response body as a zod 4
 * schema with the type of the same name, the error code tables, limits and endpoint paths. Server and
 * clients both validate with these, so a body one side accepts the other side produced.
 *
 * Invariants:
 * - Every object is strict: an unknown key is refused, never ignored (docs/security.md §4).
 * - Every string, array and JSON value has an upper bound (formats.ts JSON_LIMITS), so a valid body has a
 *   bounded size independent of the transport's body limit.
 * - Error codes are stable; each has exactly one HTTP status (SYNC_ERROR_CODES) and the doc's error table
 *   is checked against this table by test/unit/sync-protocol-doc.test.ts.
 * - Mutations of one push carry consecutive `mid`s (the outbox is gap-free), so only the first can leave a
 *   gap after the server's `lastMid`.
 */
import * as z from 'zod/mini';
import { HLC_DEFAULT_KEY } from '../envelope';
import { ROLES, USER_STATUSES } from '../permissions';
import { checkChunkLine } from './changeCheck';
import { BUCKET_RE, COMMUNITY_ID_RE } from './scope';
import { DevicePublicKey, RefreshProof } from './deviceProof';
import { CLIENT_ID_RE, FIELD_NAME_RE, SERVER_HLC_NODE, TOMBSTONE_FIELD, UUID_RE, checkJsonValue, hasForbiddenKey, isHlc, unstorableTextAt } from './formats';

export const PROTOCOL_VERSION = 1;

export const MAX_MUTATIONS_PER_PUSH = 1000;
export const MAX_PUSH_BYTES = 2 * 1024 * 1024;
export const PULL_PAGE_DEFAULT = 2000;
export const PULL_PAGE_MAX = 5000;
export const MAX_FIELDS_PER_MUTATION = 64;
/** A cursor travels in a query string: Node refuses request heads above 16 KiB. */
export const MAX_CURSOR_LENGTH = 12_000;
export const MAX_MESSAGE_LENGTH = 500;

/** Access JWT (docs/security.md §4): HS256, at most 15 minutes. */
export const ACCESS_TOKEN_TTL_S = 15 * 60;
export const JWT_ISSUER = 'carerounds-server';
export const JWT_AUDIENCE = 'carerounds';
/** The server re-stamps a mutation whose HLC is more than this ahead of its clock (docs/sync-protocol.md §12). */
export const HLC_RESTAMP_AHEAD_MS = 5 * 60 * 1000;

/**
 * Client cadence (docs/sync-protocol.md §15). An edit must reach
 * another online device within 2 s end to end, so a write is pushed after 0.5 s (still one push for the
 * several rows one save writes).
 */
export const SYNC_INTERVAL_MS = 60_000;
export const SYNC_AFTER_WRITE_MS = 500;
export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 5 * 60_000;

/** Full-jitter exponential backoff: uniform in [0, min(cap, base·2^attempt)); attempt 0 is the first retry. */
export function fullJitterBackoffMs(attempt: number, random: () => number = Math.random): number {
  const n = Math.max(0, Math.min(30, Math.floor(attempt)));
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** n);
  const r = random();
  return Math.floor((r >= 0 && r < 1 ? r : 0) * ceiling);
}

// ---------------------------------------------------------------------------------------------------------
// Scalars

export const Uuid = z.string().check(z.regex(UUID_RE, { message: 'not a lower-case UUID' }));
export const ClientId = z.string().check(
  z.regex(CLIENT_ID_RE, { message: 'clientId must be 16 lower-case hex digits' }),
  z.refine((v) => v !== SERVER_HLC_NODE, { message: 'clientId reserved for the server' }),
);
export const HlcString = z.string().check(
  z.maxLength(64),
  z.refine(isHlc, { message: 'not an HLC (YYYY-MM-DDTHH:mm:ss.sssZ-CCCC-<16 hex>)' }),
  z.meta({ description: 'Hybrid logical clock: ISO instant with ms, 4 upper-hex counter, 16 lower-hex node; compares as a string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z-[0-9A-F]{4}-[0-9a-f]{16}$' }),
);
export const IsoInstant = z.iso.datetime({ offset: false });
export const BucketName = z.string().check(z.regex(BUCKET_RE, { message: 'not a bucket name' }));
export const CommunityId = z.string().check(z.regex(COMMUNITY_ID_RE, { message: 'not a community id' }));
export const FieldName = z.string().check(z.regex(FIELD_NAME_RE, { message: 'not a field name' }));
/** Keys of per-field maps: data field names plus the tombstone register. */
export const FieldKey = z.union([FieldName, z.literal(TOMBSTONE_FIELD)]);
export const Seq = z.number().check(z.int(), z.gte(0), z.lte(Number.MAX_SAFE_INTEGER));
export const SchemaVersion = z.number().check(z.int(), z.gte(0), z.lte(1_000_000));
export const RoleName = z.enum(ROLES);
export const UserStatusName = z.enum(USER_STATUSES);

/** Any JSON value within JSON_LIMITS (depth, string length, array length, keys). */
export const JsonValue = z.unknown()
  .check((ctx) => {
    const problem = checkJsonValue(ctx.value);
    if (problem !== null) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
  }).check(z.meta({ description: 'Any JSON value; depth ≤ 8, strings ≤ 10000 chars, arrays ≤ 500 items, objects ≤ 200 keys' }));

/** A record's data fields (a mutation's `fields`, a change's `data`). */
export const Fields = z.record(FieldName, JsonValue);
export const FieldMap = <T extends z.ZodMiniType>(value: T) => z.record(FieldKey, value);

// ---------------------------------------------------------------------------------------------------------
// Push

/**
 * `skip` withdraws a mutation the server refused as a batch (scope_denied, forbidden, invalid_argument with `mids`):
 * same mid, type and id, empty fields. The server only records the mid and answers `rejected`/`withdrawn`.
 */
export const MUTATION_OPS = ['create', 'patch', 'delete', 'restore', 'void', 'skip'] as const;
export const MutationOp = z.enum(MUTATION_OPS);
export type MutationOp = z.infer<typeof MutationOp>;

export const Mutation = z.strictObject({
  mid: z.number().check(z.int(), z.gte(1), z.lte(Number.MAX_SAFE_INTEGER)),
  type: z.string().check(z.minLength(1), z.maxLength(40)),
  id: Uuid,
  op: MutationOp,
  fields: Fields.check(z.refine((f) => Object.keys(f).length <= MAX_FIELDS_PER_MUTATION, { message: `more than ${MAX_FIELDS_PER_MUTATION} fields` }), z.meta({
    maxProperties: MAX_FIELDS_PER_MUTATION,
    description: 'create: every data field; patch: the changed fields; void: the reason; delete, restore, skip: {}',
  })),
  hlc: HlcString,
  baseSeq: Seq,
});
export type Mutation = z.infer<typeof Mutation>;

export const PushRequest = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  schemaVersion: SchemaVersion,
  clientId: ClientId,
  mutations: z.array(Mutation).check(z.minLength(1), z.maxLength(MAX_MUTATIONS_PER_PUSH), z.meta({ description: 'In mid order; mids consecutive (each = previous + 1)' })),
}).check(z.superRefine((req, ctx) => {
  for (let i = 1; i < req.mutations.length; i++) {
    const prev = req.mutations[i - 1];
    const cur = req.mutations[i];
    if (prev !== undefined && cur !== undefined && cur.mid !== prev.mid + 1) {
      ctx.addIssue({ code: 'custom', message: 'mids must be consecutive', path: ['mutations', i, 'mid'] });
      return;
    }
  }
}));
export type PushRequest = z.infer<typeof PushRequest>;

/** Per-mutation codes, inside a 200 push response (`results[].code`). */
export const MUTATION_CODES = {
  validation_failed: { retryable: false, action: 'Rejected: the fields do not fit the record type, or the mutation is malformed (wrong types, unknown keys, limits, text with NUL or a lone surrogate); `field` names the first bad one. Show it; drop a rejected create locally; a patch\'s record is re-sent by the next pull.' },
  unknown_type: { retryable: false, action: 'Rejected: the server does not know this record type. Show it, report.' },
  immutable_record: { retryable: false, action: 'Rejected: completed assessments are never edited; void and record anew.' },
  not_found: { retryable: false, action: 'Rejected: patch/delete/restore/void of a record the server does not have (its create was rejected). Drop the local record.' },
  record_deleted: { retryable: false, action: 'On `applied`: the change landed on a deleted record; it is kept under the tombstone and a conflict was opened. On `rejected`: the record was erased for good (PDPA); drop it locally.' },
  scope_denied: { retryable: false, action: 'Reserved: protocol 1 servers refuse the whole batch (403) instead.' },
  withdrawn: { retryable: false, action: 'Answer to a `skip`: the mid is recorded, nothing else. Drop the entry.' },
} as const satisfies Record<string, Omit<ErrorCodeInfo, 'http'>>;
export type MutationCode = keyof typeof MUTATION_CODES;
export const MutationCode = z.enum(Object.keys(MUTATION_CODES) as [MutationCode, ...MutationCode[]]);

export const MutationResult = z.discriminatedUnion('status', [
  z.strictObject({
    mid: Mutation.shape.mid,
    status: z.literal('applied'),
    seq: Seq,
    /** Informational on an applied mutation: 'record_deleted' = it landed on a deleted record. */
    code: z.optional(z.literal('record_deleted')),
    conflictIds: z.optional(z.array(Uuid).check(z.maxLength(MAX_FIELDS_PER_MUTATION + 1))),
  }),
  z.strictObject({
    mid: Mutation.shape.mid,
    status: z.literal('restamped'),
    seq: Seq,
    /** The HLC the server stamped instead of the client's (which was too far in the future). */
    hlc: HlcString,
    code: z.optional(z.literal('record_deleted')),
    conflictIds: z.optional(z.array(Uuid).check(z.maxLength(MAX_FIELDS_PER_MUTATION + 1))),
  }),
  z.strictObject({ mid: Mutation.shape.mid, status: z.literal('duplicate') }),
  z.strictObject({
    mid: Mutation.shape.mid,
    status: z.literal('rejected'),
    code: MutationCode,
    /** The offending field for validation_failed, when one can be named. */
    field: z.optional(z.string().check(z.maxLength(200))),
    /** Present when the server re-sequenced the existing row so the client pulls its true state back. */
    seq: z.optional(Seq),
  }),
]);
export type MutationResult = z.infer<typeof MutationResult>;

export const PushResponse = z.strictObject({
  /** Highest mid of this client the server has recorded (applied, duplicate or rejected). */
  lastMid: z.number().check(z.int(), z.gte(0), z.lte(Number.MAX_SAFE_INTEGER)),
  serverTime: IsoInstant,
  results: z.array(MutationResult).check(z.maxLength(MAX_MUTATIONS_PER_PUSH)),
});
export type PushResponse = z.infer<typeof PushResponse>;

// ---------------------------------------------------------------------------------------------------------
// Pull

const intString = (max: number) =>
  z.pipe(z.pipe(z.string().check(z.regex(/^(0|[1-9][0-9]{0,8})$/, { message: 'not a decimal integer' })), z.transform(Number)), z.number().check(z.int(), z.gte(0), z.lte(max)));

/** Query string of GET /sync/pull (every value arrives as a string). */
export const PullQuery = z.strictObject({
  cursor: z.optional(z.string().check(z.maxLength(MAX_CURSOR_LENGTH), z.regex(/^[A-Za-z0-9_-]*$/, { message: 'cursor is base64url' }))),
  limit: z.optional(z.pipe(intString(PULL_PAGE_MAX), z.number().check(z.gte(1)))),
  schemaVersion: intString(1_000_000),
});
export type PullQuery = z.infer<typeof PullQuery>;

export const Change = z.strictObject({
  type: z.string().check(z.minLength(1), z.maxLength(40)),
  id: Uuid,
  bucket: BucketName,
  seq: Seq.check(z.gte(1)),
  deleted: z.boolean(),
  data: Fields,
  /** Per field (and TOMBSTONE_FIELD) the HLC of the write the value comes from. */
  hlc: FieldMap(HlcString),
  /** Optional, informational: per field the seq of its last change. */
  fieldSeq: z.optional(FieldMap(Seq)),
  createdAt: IsoInstant,
  createdBy: z.string().check(z.minLength(1), z.maxLength(64)),
  updatedAt: IsoInstant,
  updatedBy: z.string().check(z.minLength(1), z.maxLength(64)),
  deviceId: z.string().check(z.minLength(1), z.maxLength(64)),
}).check(z.refine((c) => !c.deleted || c.hlc[TOMBSTONE_FIELD] !== undefined, { message: `a deleted change carries hlc["${TOMBSTONE_FIELD}"]`, path: ['hlc'] }));
export type Change = z.infer<typeof Change>;

export const Evict = z.union([
  /** The bucket left the user's scope: drop every local row of it (after its outbox entries are pushed). */
  z.strictObject({ bucket: BucketName }),
  /** One record left the user's scope (a resident moved community): drop it and the rows attached to it. */
  z.strictObject({ type: z.string().check(z.minLength(1), z.maxLength(40)), id: Uuid }),
  /**
   * The resident was erased (PDPA): drop it, every row attached to or naming it, its read models and its
   * outbox entries at once, pending or not (docs/sync-protocol.md §6.4).
   */
  z.strictObject({ erased: Uuid }),
]);
export type Evict = z.infer<typeof Evict>;

export const PullResponse = z.strictObject({
  cursor: z.string().check(z.minLength(1), z.maxLength(MAX_CURSOR_LENGTH), z.regex(/^[A-Za-z0-9_-]+$/)),
  hasMore: z.boolean(),
  serverTime: IsoInstant,
  changes: z.array(Change).check(z.maxLength(PULL_PAGE_MAX)),
  evict: z.array(Evict).check(z.maxLength(10_000)),
  /** Optional estimate of the rows still to come after this page, for progress (records and percent). */
  remaining: z.optional(z.number().check(z.int(), z.gte(0), z.lte(Number.MAX_SAFE_INTEGER))),
});
export type PullResponse = z.infer<typeof PullResponse>;

// ---------------------------------------------------------------------------------------------------------
// Bootstrap (docs/sync-protocol.md §6.6): the scope's current rows at one seq, streamed as NDJSON lines.

export const BOOTSTRAP_CHUNK_DEFAULT = 4000;
export const BOOTSTRAP_CHUNK_MAX = 30_000;
/**
 * A client whose first pull page of a run says more than this many rows are still to come (`remaining`)
 * switches to a bootstrap instead of paging: a device far behind catches up the way an empty one does.
 */
export const BOOTSTRAP_BEHIND_ROWS = 20_000;

/** Query string of GET /sync/bootstrap. `position`: the last stored chunk's, to resume after it. */
export const BootstrapQuery = z.strictObject({
  position: z.optional(z.string().check(z.minLength(1), z.maxLength(MAX_CURSOR_LENGTH), z.regex(/^[A-Za-z0-9_-]+$/, { message: 'position is base64url' }))),
  chunk: z.optional(z.pipe(intString(BOOTSTRAP_CHUNK_MAX), z.number().check(z.gte(1)))),
  schemaVersion: intString(1_000_000),
  /** `compact`: each change's HLC map may be compact (`*` for the fields not named, §6.6.2); absent = full maps. */
  hlc: z.optional(z.enum(['full', 'compact'])),
});
export type BootstrapQuery = z.infer<typeof BootstrapQuery>;

/** First line: the seq the stream is consistent at, and how many rows it will carry. */
export const BootstrapHead = z.strictObject({
  kind: z.literal('head'),
  at: Seq,
  remaining: Seq,
  serverTime: IsoInstant,
});
export type BootstrapHead = z.infer<typeof BootstrapHead>;

/** Rows in (type, id) order after the previous chunk's position, up to and including this one's. */
export const BootstrapChunk = z.strictObject({
  kind: z.literal('chunk'),
  /** Resume token: send it as `position` to get the rows after this chunk. */
  position: z.string().check(z.minLength(1), z.maxLength(MAX_CURSOR_LENGTH), z.regex(/^[A-Za-z0-9_-]+$/)),
  /** The (type, id) range this chunk covers: (`from`, `to`]; `from` null = from the start. */
  from: z.nullable(z.strictObject({ type: z.string().check(z.minLength(1), z.maxLength(40)), id: Uuid })),
  to: z.strictObject({ type: z.string().check(z.minLength(1), z.maxLength(40)), id: Uuid }),
  remaining: Seq,
  changes: z.array(Change).check(z.minLength(1), z.maxLength(BOOTSTRAP_CHUNK_MAX)),
});
export type BootstrapChunk = z.infer<typeof BootstrapChunk>;

/** Last line: the range after the last chunk is empty; continue with GET /sync/pull from `cursor`. */
export const BootstrapEnd = z.strictObject({
  kind: z.literal('end'),
  from: z.nullable(z.strictObject({ type: z.string().check(z.minLength(1), z.maxLength(40)), id: Uuid })),
  cursor: z.string().check(z.minLength(1), z.maxLength(MAX_CURSOR_LENGTH), z.regex(/^[A-Za-z0-9_-]+$/)),
});
export type BootstrapEnd = z.infer<typeof BootstrapEnd>;

export const BootstrapLine = z.discriminatedUnion('kind', [BootstrapHead, BootstrapChunk, BootstrapEnd]);

/** A row of a stream asked for with `hlc=compact` (§6.6.2): its HLC map may also carry `*`, the stamp of every data field it does not name. */
export const CompactChange = z.safeExtend(Change, { hlc: z.record(z.union([FieldKey, z.literal(HLC_DEFAULT_KEY)]), HlcString) });

/**
 * A line of a stream asked for with `hlc=compact` (§6.6.2). (The client checks chunk lines with
 * changeCheck.ts checkChunkLine, the same rules in plain code, held equal to this schema by its tests.)
 */
export const CompactBootstrapLine = z.discriminatedUnion('kind', [
  BootstrapHead,
  z.extend(BootstrapChunk, {
    changes: z.array(CompactChange).check(z.minLength(1), z.maxLength(BOOTSTRAP_CHUNK_MAX)),
  }),
  BootstrapEnd,
]);

export interface BootstrapLineOptions {
  /**
   * The stream was asked for with `hlc=compact` (§6.6.2): a change's HLC map may carry `*`, the stamp of
   * every data field it does not name; expand it over the change's data (shared/envelope.ts expandHlc)
   * before merging.
   */
  compactHlc?: boolean;
}

/**
 * One bootstrap line: head and end by their schemas; a chunk, which carries up to BOOTSTRAP_CHUNK_MAX rows, by
 * changeCheck.ts checkChunkLine, plain code equal to `BootstrapChunk` (`CompactBootstrapLine`'s chunk with
 * `compactHlc`), data values included, that also refuses `__proto__`/`constructor`/`prototype` keys.
 */
export function parseBootstrapLine(json: unknown, opts: BootstrapLineOptions = {}): BootstrapLine | null {
  if (typeof json === 'object' && json !== null && (json as { kind?: unknown }).kind === 'chunk') return checkChunkLine<BootstrapChunk>(json, opts.compactHlc === true);
  const r = BootstrapLine.safeParse(json);
  return r.success ? r.data : null;
}

export type BootstrapLine = z.infer<typeof BootstrapLine>;

/** `data:` of a `changed` server-sent event on GET /sync/events. */
export const SyncEvent = z.strictObject({ seq: Seq });
export type SyncEvent = z.infer<typeof SyncEvent>;

// ---------------------------------------------------------------------------------------------------------
// Errors

export interface ErrorCodeInfo {
  http: number;
  retryable: boolean;
  /** What a client does (docs/sync-protocol.md "Errors"). */
  action: string;
}

/** Request-level errors: the whole request failed and nothing was written. */
export const SYNC_ERROR_CODES = {
  invalid_argument: { http: 400, retryable: false, action: 'Body, query or cursor malformed, another protocol, or text with NUL or a lone surrogate outside a push. If `mids` is given, withdraw those mutations (op `skip`) and push again; otherwise stop and report.' },
  auth_expired: { http: 401, retryable: true, action: 'Access token missing, invalid or expired: refresh (POST /auth/refresh), then resend the same request. Outbox untouched.' },
  invalid_credentials: { http: 401, retryable: false, action: 'Login: wrong username or password (or disabled account). Refresh: token unknown, used or revoked; sign in again.' },
  proof_invalid: { http: 401, retryable: false, action: 'Refresh: the proof is missing its device key\'s valid signature (another key, or the device signed in again elsewhere). Nothing was revoked; sign in again, which enrols a new key.' },
  proof_stale: { http: 401, retryable: false, action: 'Refresh: the proof\'s iat is more than 60 s old or 10 s ahead of the server\'s clock. Nothing was revoked; sign in again (which re-reads the server\'s time).' },
  proof_reused: { http: 401, retryable: false, action: 'Refresh: this proof\'s jti was used with a different proof. Nothing was revoked; sign in again.' },
  device_revoked: { http: 401, retryable: false, action: 'Device revoked or account disabled: stop syncing, keep local data and the outbox, tell the user; only a new sign-in resumes. With `wipe`: erase every local store (outbox included) and the stored tokens, confirm with POST /auth/wiped, show that the device was wiped.' },
  forbidden: { http: 403, retryable: false, action: 'The role may never do this (admin endpoint, conflict write by a caregiver, clientId of another user). With `mids`: withdraw those mutations (op `skip`) and push again; otherwise stop, report.' },
  scope_denied: { http: 403, retryable: false, action: 'Nothing written. `mids` lists mutations outside the user\'s scope: keep them aside for the user, withdraw them (op `skip`), push again.' },
  not_found: { http: 404, retryable: false, action: 'Unknown endpoint or resource. Stop, report.' },
  schema_too_new: { http: 409, retryable: false, action: 'The server does not know this schemaVersion yet: keep the outbox, tell the user, try again after the next app start or in an hour.' },
  mutation_gap: { http: 409, retryable: true, action: 'The first mid is above lastMid + 1: resend from `lastMid` + 1. If `lastMid` is below a mid the server already acknowledged, handle as client_unknown.' },
  client_unknown: { http: 409, retryable: false, action: 'The server does not know this clientId (restored from backup): new clientId, re-push local rows newer than the server\'s, re-bootstrap.' },
  cursor_expired: { http: 410, retryable: false, action: 'Cursor older than tombstone retention or from another server: push everything, then pull from an empty cursor.' },
  batch_too_large: { http: 413, retryable: true, action: 'A push of more than 1000 mutations or 2 MiB: halve the batch and resend; one mutation alone still too large: withdraw it. Any other body over its limit is a client fault.' },
  schema_too_old: { http: 426, retryable: false, action: 'The app is too old for the server: keep the outbox, tell the user to update the app.' },
  rate_limited: { http: 429, retryable: true, action: 'Back off (full jitter, at least `retryAfterMs` / Retry-After), then resend.' },
  export_limited: { http: 429, retryable: false, action: 'An export of personal data over the user\'s hourly limit: do not retry by itself; tell the user when to try again (`retryAfterMs`).' },
  internal: { http: 500, retryable: true, action: 'Server fault, nothing committed: back off and resend the same request.' },
  server_busy: { http: 503, retryable: true, action: 'Server overloaded or shutting down: back off and resend the same request.' },
} as const satisfies Record<string, ErrorCodeInfo>;
export type SyncErrorCode = keyof typeof SYNC_ERROR_CODES;
export const SYNC_ERROR_CODE_NAMES = Object.keys(SYNC_ERROR_CODES) as [SyncErrorCode, ...SyncErrorCode[]];

export const ErrorBody = z.strictObject({
  error: z.strictObject({
    code: z.enum(SYNC_ERROR_CODE_NAMES),
    message: z.string().check(z.maxLength(MAX_MESSAGE_LENGTH)),
    retryable: z.boolean(),
    /** scope_denied, forbidden, invalid_argument: the offending mutations (withdraw them with `skip`). */
    mids: z.optional(z.array(Mutation.shape.mid).check(z.maxLength(MAX_MUTATIONS_PER_PUSH))),
    /** mutation_gap: the last mid the server has for this client. */
    lastMid: z.optional(z.number().check(z.int(), z.gte(0), z.lte(Number.MAX_SAFE_INTEGER))),
    /** schema_too_old, schema_too_new: what the server accepts. */
    schemaVersions: z.optional(z.strictObject({ min: SchemaVersion, max: SchemaVersion })),
    /** rate_limited, export_limited, server_busy: the least wait before retrying. */
    retryAfterMs: z.optional(z.number().check(z.int(), z.gte(0), z.lte(24 * 3600 * 1000))),
    /** device_revoked: an administrator ordered this device's local data erased (docs/sync-protocol.md §4). */
    wipe: z.optional(z.strictObject({ orderedAt: IsoInstant })),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
export type ErrorDetails = Omit<ErrorBody['error'], 'code' | 'message' | 'retryable'>;

/** A request-level failure with its stable code; `toBody()` is what the server sends. */
export class SyncError extends Error {
  readonly code: SyncErrorCode;
  readonly details: ErrorDetails;
  constructor(code: SyncErrorCode, message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = 'SyncError';
    this.code = code;
    this.details = details;
  }
  get http(): number {
    return SYNC_ERROR_CODES[this.code].http;
  }
  toBody(): ErrorBody {
    return errorBody(this.code, this.message, this.details);
  }
}

export function errorBody(code: SyncErrorCode, message: string, details: ErrorDetails = {}): ErrorBody {
  return { error: { code, message: message.slice(0, MAX_MESSAGE_LENGTH), retryable: SYNC_ERROR_CODES[code].retryable, ...details } };
}

function describeIssues(error: z.core.$ZodError): string {
  const first = error.issues[0];
  if (first === undefined) return 'invalid';
  const path = first.path.map(String).join('.');
  return (path ? `${path}: ` : '') + first.message;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: SyncError };

/** A mutation the server refuses on its own (its mid is recorded, the rest of the batch is applied). */
export interface RefusedMutation {
  /** The field (or mutation key: `hlc`, `id`, `type`, ...) that was wrong; never the bad text itself. */
  field: string;
}

export type ParsedPush = { ok: true; value: PushRequest; refused: ReadonlyMap<number, RefusedMutation> } | { ok: false; error: SyncError };

/** The envelope of a push: what must be right for the server to judge its mutations one by one. */
const PushEnvelope = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  schemaVersion: SchemaVersion,
  clientId: ClientId,
  mutations: z.array(z.unknown()).check(z.minLength(1), z.maxLength(MAX_MUTATIONS_PER_PUSH)),
});

const NIL_UUID = '00000000-0000-0000-0000-000000000000';
const EPOCH_HLC = '1970-01-01T00:00:00.000Z-0000-0000000000000000';

/** A field name fit to send back: a plain identifier (or path) of printable ASCII, else a generic word. */
function nameable(key: string, fallback: string): string {
  return /^[A-Za-z0-9$_.[\]-]{1,64}$/.test(key) ? key : fallback;
}

/** What to name for a bad mutation: the data field for `fields.<name>...`, else the mutation key. */
function refusedField(path: readonly PropertyKey[], unrecognised: readonly string[] = []): string {
  const [head, next] = path.map(String);
  if (head === undefined) return nameable(unrecognised[0] ?? '', 'mutation');
  if (head === 'fields') return next === undefined ? nameable(unrecognised[0] ?? '', 'fields') : nameable(next, 'fields');
  return nameable(head, 'mutation');
}

/** Why one mutation cannot be applied as sent, or null when it is well-formed (its rules come later). */
function judgeMutation(m: Record<string, unknown>): RefusedMutation | null {
  const text = unstorableTextAt(m);
  if (text !== null) return { field: refusedField(text.split('.')) };
  const r = Mutation.safeParse(m);
  if (r.success) return null;
  const issue = r.error.issues[0];
  if (issue === undefined) return { field: 'mutation' };
  return { field: refusedField(issue.path, issue.code === 'unrecognized_keys' ? issue.keys : []) };
}

/** A stand-in for a refused mutation: same mid (and type, id, stamp when readable), nothing to apply. */
function placeholder(m: Record<string, unknown>, mid: number): Mutation {
  const type = typeof m.type === 'string' && /^[a-z_]{1,40}$/.test(m.type) ? m.type : 'unknown';
  const id = typeof m.id === 'string' && UUID_RE.test(m.id) ? m.id : NIL_UUID;
  const hlc = isHlc(m.hlc) ? m.hlc : EPOCH_HLC;
  return { mid, type, id, op: 'skip', fields: {}, hlc, baseSeq: 0 };
}

/**
 * Validates a push body the way the server must (use this, not PushRequest alone: it also refuses
 * `__proto__`-style keys, which zod records would drop).
 *
 * The body as a whole is refused only when its envelope is wrong: not an object, a forbidden key anywhere,
 * more than MAX_MUTATIONS_PER_PUSH mutations (batch_too_large), a protocol from another version (§14.1:
 * invalid_argument naming the versions), a bad schemaVersion or clientId, an unknown top-level key, or
 * mutations without consecutive integer mids. Everything else is judged per mutation: a mutation that is
 * malformed (wrong types, unknown keys, limits, a string with NUL or a lone surrogate) is listed in
 * `refused` with the field at fault and replaced by a stand-in that applies nothing, so the server records
 * its mid and refuses it alone (`validation_failed`) while the rest of the batch is applied.
 */
export function parsePushRequest(body: unknown): ParsedPush {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, error: new SyncError('invalid_argument', 'body must be a JSON object') };
  }
  if (hasForbiddenKey(body)) return { ok: false, error: new SyncError('invalid_argument', 'body holds a __proto__, constructor or prototype key') };
  const b = body as Record<string, unknown>;
  if (Array.isArray(b.mutations) && b.mutations.length > MAX_MUTATIONS_PER_PUSH) {
    return { ok: false, error: new SyncError('batch_too_large', `at most ${MAX_MUTATIONS_PER_PUSH} mutations per push`) };
  }
  if (b.protocol !== PROTOCOL_VERSION) {
    const said = typeof b.protocol === 'number' || typeof b.protocol === 'string' ? String(b.protocol).slice(0, 20) : typeof b.protocol;
    return { ok: false, error: new SyncError('invalid_argument', `protocol: ${said} is not supported; this server speaks protocol ${PROTOCOL_VERSION}`) };
  }
  const envelope = PushEnvelope.safeParse(body);
  if (!envelope.success) return { ok: false, error: new SyncError('invalid_argument', describeIssues(envelope.error)) };
  const mutations: Mutation[] = [];
  const refused = new Map<number, RefusedMutation>();
  let prevMid: number | null = null;
  for (const [i, raw] of envelope.data.mutations.entries()) {
    const mid: unknown = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>).mid : undefined;
    if (typeof mid !== 'number' || !Number.isSafeInteger(mid) || mid < 1) {
      return { ok: false, error: new SyncError('invalid_argument', `mutations.${i}.mid: every mutation must be an object with an integer mid ≥ 1`) };
    }
    if (prevMid !== null && mid !== prevMid + 1) {
      return { ok: false, error: new SyncError('invalid_argument', `mutations.${i}.mid: mids must be consecutive (each = previous + 1)`) };
    }
    prevMid = mid;
    const m = raw as Record<string, unknown>;
    const problem = judgeMutation(m);
    if (problem === null) {
      mutations.push(m as Mutation);
    } else {
      refused.set(mid, problem);
      mutations.push(placeholder(m, mid));
    }
  }
  const { protocol, schemaVersion, clientId } = envelope.data;
  return { ok: true, value: { protocol, schemaVersion, clientId, mutations }, refused };
}

export interface PullParams {
  /** '' = bootstrap. */
  cursor: string;
  limit: number;
  schemaVersion: number;
}

export function parsePullQuery(query: unknown): Parsed<PullParams> {
  const r = PullQuery.safeParse(query);
  if (!r.success) return { ok: false, error: new SyncError('invalid_argument', describeIssues(r.error)) };
  return { ok: true, value: { cursor: r.data.cursor ?? '', limit: r.data.limit ?? PULL_PAGE_DEFAULT, schemaVersion: r.data.schemaVersion } };
}

export interface BootstrapParams {
  /** '' = a new bootstrap. */
  position: string;
  chunk: number;
  schemaVersion: number;
  /** The client asked for compact HLC maps (§6.6.2). */
  compactHlc: boolean;
}

export function parseBootstrapQuery(query: unknown): Parsed<BootstrapParams> {
  const r = BootstrapQuery.safeParse(query);
  if (!r.success) return { ok: false, error: new SyncError('invalid_argument', describeIssues(r.error)) };
  return { ok: true, value: { position: r.data.position ?? '', chunk: r.data.chunk ?? BOOTSTRAP_CHUNK_DEFAULT, schemaVersion: r.data.schemaVersion, compactHlc: r.data.hlc === 'compact' } };
}

// ---------------------------------------------------------------------------------------------------------
// Auth (docs/security.md §4)

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
/** base64url of 32 random bytes, no padding. */
export const RefreshToken = z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/, { message: 'not a refresh token' }));
export const AccessToken = z.string().check(z.minLength(1), z.maxLength(4096), z.regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, { message: 'not a JWT' }));
export const Username = z.string().check(z.regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, { message: 'username: 3–64 of a-z 0-9 . _ -, starting with a letter or digit' }));
export const NewPassword = z.string().check(z.minLength(PASSWORD_MIN), z.maxLength(PASSWORD_MAX));
export const DisplayName = z.string().check(z.trim(), z.minLength(1), z.maxLength(100));
export const CommunityList = z.array(CommunityId).check(z.maxLength(500), z.refine((a) => new Set(a).size === a.length, { message: 'communities must be unique' }));

export const SessionUser = z.strictObject({
  id: Uuid,
  username: z.string().check(z.minLength(1), z.maxLength(64)),
  displayName: z.string().check(z.maxLength(100)),
  role: RoleName,
  /** Assigned communities (caregivers); care managers and admins see every community regardless. */
  communities: CommunityList,
});
export type SessionUser = z.infer<typeof SessionUser>;

export const LoginRequest = z.strictObject({
  // Lenient on purpose: a malformed username must look like a wrong password, not like a 400.
  username: z.string().check(z.minLength(1), z.maxLength(64)),
  password: z.string().check(z.minLength(1), z.maxLength(PASSWORD_MAX)),
  deviceName: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
  /** A device id this device got from an earlier login; reused when it names a live device of this user. */
  deviceId: z.optional(Uuid),
  /** The public half of the device key made for this sign-in; without it the answer has no refresh token. */
  deviceKey: z.optional(DevicePublicKey),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const LoginResponse = z.strictObject({
  accessToken: AccessToken,
  /** Seconds until the access token expires (≤ 900). */
  expiresIn: z.number().check(z.int(), z.gte(1), z.lte(ACCESS_TOKEN_TTL_S)),
  /** Only when the login carried a `deviceKey`: every refresh must be signed by that key. */
  refreshToken: z.optional(RefreshToken),
  device: z.strictObject({ id: Uuid }),
  user: SessionUser,
  serverTime: IsoInstant,
});
export type LoginResponse = z.infer<typeof LoginResponse>;

/** `proof`: signed by the device key over this token (shared/sync/deviceProof.ts); resent unchanged after a lost answer. */
export const RefreshRequest = z.strictObject({ deviceId: Uuid, refreshToken: RefreshToken, proof: RefreshProof });
export type RefreshRequest = z.infer<typeof RefreshRequest>;

export const RefreshResponse = z.strictObject({
  accessToken: AccessToken,
  expiresIn: LoginResponse.shape.expiresIn,
  /** The rotated token: the one sent is now used; sending it again revokes every token of the device. */
  refreshToken: RefreshToken,
  /** Current role and communities, so scope changes reach the client without a new sign-in. */
  user: SessionUser,
  serverTime: IsoInstant,
});
export type RefreshResponse = z.infer<typeof RefreshResponse>;

export const LogoutRequest = z.strictObject({ deviceId: Uuid, refreshToken: RefreshToken });
export type LogoutRequest = z.infer<typeof LogoutRequest>;

/**
 * POST /auth/wiped: a device that obeyed a wipe order says so, with the last refresh token it held. No proof:
 * the device key is forgotten with the data (docs/sync-protocol.md §4).
 */
export const WipedRequest = z.strictObject({ deviceId: Uuid, refreshToken: RefreshToken });
export type WipedRequest = z.infer<typeof WipedRequest>;

/**
 * POST /auth/recovery-key (docs/sync-protocol.md §4, "Recovery key"): the device names itself; the answer is
 * the random key the server keeps for this device and user, made at the first request. Only an access token
 * from a password sign-in (claim `amr`) is answered.
 */
export const RecoveryKeyRequest = z.strictObject({ deviceId: Uuid });
export type RecoveryKeyRequest = z.infer<typeof RecoveryKeyRequest>;

/** `key`: 32 random bytes, base64 (44 characters). */
export const RecoveryKeyResponse = z.strictObject({
  deviceId: Uuid,
  key: z.string().check(z.regex(/^[A-Za-z0-9+/]{43}=$/)),
});
export type RecoveryKeyResponse = z.infer<typeof RecoveryKeyResponse>;

// ---------------------------------------------------------------------------------------------------------
// Admin (role admin only)

export const AdminCreateUserRequest = z.strictObject({
  username: Username,
  password: NewPassword,
  displayName: DisplayName,
  role: RoleName,
  communities: z._default(CommunityList, []),
});
export type AdminCreateUserRequest = z.infer<typeof AdminCreateUserRequest>;

export const AdminUpdateUserRequest = z.strictObject({
  role: z.optional(RoleName),
  displayName: z.optional(DisplayName),
  status: z.optional(UserStatusName),
  communities: z.optional(CommunityList),
}).check(z.refine((u) => Object.keys(u).length > 0, { message: 'nothing to update' }));
export type AdminUpdateUserRequest = z.infer<typeof AdminUpdateUserRequest>;

export const AdminResetPasswordRequest = z.strictObject({ password: NewPassword });
export type AdminResetPasswordRequest = z.infer<typeof AdminResetPasswordRequest>;
/** A password reset ends the user's sessions: how many devices held a live one (they must sign in again). */
export const AdminResetPasswordAnswer = z.strictObject({ endedSessions: z.number().check(z.int(), z.gte(0)) });
export type AdminResetPasswordAnswer = z.infer<typeof AdminResetPasswordAnswer>;

export const AdminUser = z.strictObject({
  id: Uuid,
  username: z.string().check(z.minLength(1), z.maxLength(64)),
  displayName: z.string().check(z.maxLength(100)),
  role: RoleName,
  status: UserStatusName,
  communities: CommunityList,
  createdAt: IsoInstant,
});
export type AdminUser = z.infer<typeof AdminUser>;

export const AdminUserList = z.strictObject({ users: z.array(AdminUser).check(z.maxLength(10_000)) });
/** The answer to POST /admin/users and PATCH /admin/users/:id: the user as stored, wrapped. */
export const AdminUserAnswer = z.strictObject({ user: AdminUser });
export type AdminUserAnswer = z.infer<typeof AdminUserAnswer>;
export type AdminUserList = z.infer<typeof AdminUserList>;

export const AdminDevice = z.strictObject({
  id: Uuid,
  userId: Uuid,
  name: z.string().check(z.maxLength(100)),
  createdAt: IsoInstant,
  lastSeenAt: z.nullable(IsoInstant),
  revokedAt: z.nullable(IsoInstant),
  /** When an administrator ordered the device's local data erased (absent: never). */
  wipeOrderedAt: z.optional(IsoInstant),
  /** When the device confirmed the erasure (absent: not yet). */
  wipedAt: z.optional(IsoInstant),
});
export type AdminDevice = z.infer<typeof AdminDevice>;

/** POST /admin/devices/:id/revoke: `wipe` also orders the device's local data erased (a lost laptop). */
export const AdminRevokeDeviceRequest = z.strictObject({ wipe: z.optional(z.boolean()) });
export type AdminRevokeDeviceRequest = z.infer<typeof AdminRevokeDeviceRequest>;

export const AdminDeviceList = z.strictObject({ devices: z.array(AdminDevice).check(z.maxLength(100_000)) });
/** The answer to POST /admin/devices/:id/revoke: the device as stored, wrapped. */
export const AdminDeviceAnswer = z.strictObject({ device: AdminDevice });
export type AdminDeviceAnswer = z.infer<typeof AdminDeviceAnswer>;
export type AdminDeviceList = z.infer<typeof AdminDeviceList>;

export const CommunityInfo = z.strictObject({
  id: CommunityId,
  code: z.string().check(z.maxLength(20)),
  nameTh: z.string().check(z.maxLength(200)),
  nameEn: z.string().check(z.maxLength(200)),
});
export type CommunityInfo = z.infer<typeof CommunityInfo>;

export const CommunityInfoList = z.strictObject({ communities: z.array(CommunityInfo).check(z.maxLength(5000)) });
/** The answer to POST /admin/communities. */
export const CommunityAnswer = z.strictObject({ community: CommunityInfo });
export type CommunityInfoList = z.infer<typeof CommunityInfoList>;

export const HealthResponse = z.strictObject({
  status: z.literal('ok'),
  /** The server's release, for support ("which version runs at the municipality?"). */
  version: z.string().check(z.maxLength(50)),
  db: z.enum(['pglite', 'postgres']),
  protocol: z.literal(PROTOCOL_VERSION),
  schemaVersions: z.strictObject({ min: SchemaVersion, max: SchemaVersion }),
  serverTime: IsoInstant,
});
export type HealthResponse = z.infer<typeof HealthResponse>;
/** What a client probing a server checks: status and protocol, lenient on extra keys (a server may add its own). */
export const HealthProbe = z.catchall(z.pick(HealthResponse, { status: true, protocol: true }), z.unknown());

// ---------------------------------------------------------------------------------------------------------
// Endpoints

export const ENDPOINTS = {
  health: { method: 'GET', path: '/health', auth: 'none' },
  login: { method: 'POST', path: '/auth/login', auth: 'none' },
  refresh: { method: 'POST', path: '/auth/refresh', auth: 'none' },
  logout: { method: 'POST', path: '/auth/logout', auth: 'none' },
  wiped: { method: 'POST', path: '/auth/wiped', auth: 'none' },
  recoveryKey: { method: 'POST', path: '/auth/recovery-key', auth: 'bearer' },
  push: { method: 'POST', path: '/sync/push', auth: 'bearer' },
  pull: { method: 'GET', path: '/sync/pull', auth: 'bearer' },
  bootstrap: { method: 'GET', path: '/sync/bootstrap', auth: 'bearer' },
  events: { method: 'GET', path: '/sync/events', auth: 'bearer' },
  communities: { method: 'GET', path: '/communities', auth: 'bearer' },
  directory: { method: 'GET', path: '/directory', auth: 'bearer' },
  putAttachment: { method: 'PUT', path: '/attachments/:sha256', auth: 'bearer' },
  getAttachment: { method: 'GET', path: '/attachments/:sha256', auth: 'bearer' },
  adminListUsers: { method: 'GET', path: '/admin/users', auth: 'admin' },
  adminCreateUser: { method: 'POST', path: '/admin/users', auth: 'admin' },
  adminUpdateUser: { method: 'PATCH', path: '/admin/users/:id', auth: 'admin' },
  adminResetPassword: { method: 'POST', path: '/admin/users/:id/password', auth: 'admin' },
  adminListDevices: { method: 'GET', path: '/admin/devices', auth: 'admin' },
  adminRevokeDevice: { method: 'POST', path: '/admin/devices/:id/revoke', auth: 'admin' },
  adminListCommunities: { method: 'GET', path: '/admin/communities', auth: 'admin' },
  adminCreateCommunity: { method: 'POST', path: '/admin/communities', auth: 'admin' },
  adminAudit: { method: 'GET', path: '/admin/audit', auth: 'admin' },
  adminAuditExport: { method: 'GET', path: '/admin/audit/export', auth: 'admin' },
  auditViews: { method: 'POST', path: '/audit/views', auth: 'bearer' },
} as const satisfies Record<string, { method: 'GET' | 'POST' | 'PATCH' | 'PUT'; path: string; auth: 'none' | 'bearer' | 'admin' }>;
