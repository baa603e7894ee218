/**
 * Record schema versions on the wire (docs/sync-protocol.md §13). Every push and pull names the
 * client's `schemaVersion` (RECORD_SCHEMA_VERSION of its build). The server accepts the window
 * SUPPORTED_SCHEMA_VERSIONS; older pushes are translated up by pure `vN→vN+1` upcasters, pulls for older
 * clients are translated down by `vN→vN-1` downcasters (dropping fields the client does not know; since
 * mutations carry only changed fields, an old client never blanks a field it cannot see).
 *
 * Invariants: the chains are contiguous (one step per version, in order); a translation either runs every
 * step between the two versions or throws (never a partial translation); steps are pure.
 */
import type { Change, Mutation } from './protocol';

export const SUPPORTED_SCHEMA_VERSIONS = { min: 1, max: 1 } as const;

export type SchemaCheck = 'ok' | 'schema_too_old' | 'schema_too_new';

export function checkSchemaVersion(v: number, supported: { min: number; max: number } = SUPPORTED_SCHEMA_VERSIONS): SchemaCheck {
  if (!Number.isInteger(v) || v < supported.min) return 'schema_too_old';
  if (v > supported.max) return 'schema_too_new';
  return 'ok';
}

/** Translates one mutation written by a version-`from` client into version `from + 1`. */
export interface Upcaster {
  from: number;
  mutation(m: Mutation): Mutation;
}

/** Translates one pulled change from version `from` into version `from - 1`. */
export interface Downcaster {
  from: number;
  change(c: Change): Change;
}

/** Ordered by `from`. Empty while RECORD_SCHEMA_VERSION is 1. */
export const UPCASTERS: readonly Upcaster[] = [];
export const DOWNCASTERS: readonly Downcaster[] = [];

export class SchemaChainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchemaChainError';
  }
}

function stepFrom<T extends { from: number }>(chain: readonly T[], from: number): T {
  const step = chain.find((s) => s.from === from);
  if (step === undefined) throw new SchemaChainError(`no step from schema version ${from}`);
  return step;
}

/** Throws unless `chain` has exactly one step per `from`, in increasing order without holes. */
export function assertContiguous(chain: readonly { from: number }[]): void {
  chain.forEach((s, i) => {
    const prev = chain[i - 1];
    if (!Number.isInteger(s.from)) throw new SchemaChainError(`step ${i}: from must be an integer`);
    if (prev !== undefined && s.from !== prev.from + 1) throw new SchemaChainError(`step ${i}: from ${s.from} does not follow ${prev.from}`);
  });
}

/** A version-`from` mutation as a version-`to` one (`to` ≥ `from`), running every step in order. */
export function upcastMutation(m: Mutation, from: number, to: number = SUPPORTED_SCHEMA_VERSIONS.max, chain: readonly Upcaster[] = UPCASTERS): Mutation {
  if (from > to) throw new SchemaChainError(`cannot upcast from ${from} down to ${to}`);
  let out = m;
  for (let v = from; v < to; v++) out = stepFrom(chain, v).mutation(out);
  return out;
}

/** A version-`from` change as a version-`to` one (`to` ≤ `from`), running every step in order. */
export function downcastChange(c: Change, from: number, to: number, chain: readonly Downcaster[] = DOWNCASTERS): Change {
  if (to > from) throw new SchemaChainError(`cannot downcast from ${from} up to ${to}`);
  let out = c;
  for (let v = from; v > to; v--) out = stepFrom(chain, v).change(out);
  return out;
}
