/**
 * Hybrid logical clock (docs/sync-protocol.md §12): `2025-01-31T08:15:02.123Z-000A-0123456789abcdef`
 * = ISO instant with milliseconds, 4 upper-hex counter, 16 lower-hex node id.
 *
 * Invariants:
 * - Every part has a fixed width and its digits sort in ASCII order, so plain string comparison equals
 *   (millis, counter, node) tuple order. Hence millis are limited to years 0000–9999.
 * - Stamps from one clock are strictly increasing, even when the wall clock goes backwards.
 * - receive() returns a stamp greater than both the remote stamp and every earlier local one.
 * - A remote stamp more than maxDriftMs ahead of our wall clock is refused (code 'hlc.drift'), so a device
 *   with a wrong clock cannot drag ours into the future.
 */
import type { Hlc } from './envelope';

export type { Hlc };

export interface HlcState {
  millis: number;
  counter: number;
  node: string;
}

export type HlcErrorCode = 'hlc.drift' | 'hlc.overflow' | 'hlc.malformed';

export class HlcError extends Error {
  readonly code: HlcErrorCode;
  constructor(code: HlcErrorCode, message: string) {
    super(message);
    this.name = 'HlcError';
    this.code = code;
  }
}

export const HLC_MAX_COUNTER = 0xffff;
export const HLC_DEFAULT_MAX_DRIFT_MS = 5 * 60 * 1000;
/** Last millisecond of 9999-12-31: beyond it the ISO form grows a sign and stops sorting. */
export const HLC_MAX_MILLIS = 253402300799999;

const NODE_RE = /^[0-9a-f]{16}$/;
const HLC_RE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)-([0-9A-F]{4})-([0-9a-f]{16})$/;

function assertNode(node: string): void {
  if (!NODE_RE.test(node)) throw new HlcError('hlc.malformed', `HLC node must be 16 lower-case hex digits: ${node}`);
}

/** A 16-hex node id from a client id (e.g. a UUIDv7): its last 16 hex digits, the random part of a UUIDv7. */
export function hlcNodeFromClientId(clientId: string): string {
  const hex = clientId.toLowerCase().replace(/[^0-9a-f]/g, '');
  if (hex.length < 16) throw new HlcError('hlc.malformed', `client id has fewer than 16 hex digits: ${clientId}`);
  return hex.slice(-16);
}

export function formatHlc(s: HlcState): Hlc {
  if (!Number.isInteger(s.millis) || s.millis < 0 || s.millis > HLC_MAX_MILLIS) {
    throw new HlcError('hlc.malformed', `HLC millis out of range: ${s.millis}`);
  }
  if (!Number.isInteger(s.counter) || s.counter < 0 || s.counter > HLC_MAX_COUNTER) {
    throw new HlcError('hlc.overflow', `HLC counter out of range: ${s.counter}`);
  }
  assertNode(s.node);
  return `${new Date(s.millis).toISOString()}-${s.counter.toString(16).toUpperCase().padStart(4, '0')}-${s.node}`;
}

export function parseHlc(h: Hlc): HlcState {
  const m = HLC_RE.exec(h);
  const iso = m?.[1];
  const millis = iso === undefined ? NaN : Date.parse(iso);
  // The round trip rejects impossible dates such as 2025-02-30 that Date.parse would roll over.
  if (!m || iso === undefined || !Number.isFinite(millis) || new Date(millis).toISOString() !== iso) {
    throw new HlcError('hlc.malformed', `malformed HLC: ${h}`);
  }
  return { millis, counter: parseInt(m[2] ?? '', 16), node: m[3] ?? '' };
}

export function compareHlc(a: Hlc, b: Hlc): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function maxHlc(a: Hlc, b: Hlc): Hlc {
  return a >= b ? a : b;
}

export interface HlcClock {
  /** A new local stamp, greater than every stamp this clock issued or received. */
  tick(): Hlc;
  /** Merges a remote stamp; returns a new local stamp greater than it and than every earlier local one. */
  receive(remote: Hlc): Hlc;
  /** Current state, to persist (meta.hlc) and pass back as `initial` after a restart. */
  state(): HlcState;
}

/**
 * `now` returns wall-clock epoch ms (callers add the server offset: docs/sync-protocol.md §12). `initial` restores a
 * persisted state; its node is ignored in favour of `node`, which identifies this database.
 */
export function createHlcClock(
  node: string,
  now: () => number,
  initial?: HlcState,
  opts: { maxDriftMs?: number } = {},
): HlcClock {
  assertNode(node);
  const maxDriftMs = opts.maxDriftMs ?? HLC_DEFAULT_MAX_DRIFT_MS;
  let millis = initial?.millis ?? 0;
  let counter = initial?.counter ?? 0;

  const wallClock = (): number => {
    const t = now();
    if (!Number.isFinite(t)) throw new HlcError('hlc.malformed', `clock returned ${t}`);
    return Math.floor(t);
  };

  // Only commits when formatting succeeds, so an overflow leaves the clock usable once time moves on.
  const commit = (nextMillis: number, nextCounter: number): Hlc => {
    if (nextCounter > HLC_MAX_COUNTER) throw new HlcError('hlc.overflow', 'HLC counter overflow: more than 65535 stamps in one millisecond');
    const stamp = formatHlc({ millis: nextMillis, counter: nextCounter, node });
    millis = nextMillis;
    counter = nextCounter;
    return stamp;
  };

  return {
    tick() {
      const physical = wallClock();
      return physical > millis ? commit(physical, 0) : commit(millis, counter + 1);
    },
    receive(remote) {
      const r = parseHlc(remote);
      const physical = wallClock();
      if (r.millis - physical > maxDriftMs) {
        throw new HlcError('hlc.drift', `remote HLC ${remote} is ${r.millis - physical} ms ahead of the local clock`);
      }
      const next = Math.max(millis, r.millis, physical);
      let nextCounter: number;
      if (next === millis && next === r.millis) nextCounter = Math.max(counter, r.counter) + 1;
      else if (next === millis) nextCounter = counter + 1;
      else if (next === r.millis) nextCounter = r.counter + 1;
      else nextCounter = 0;
      return commit(next, nextCounter);
    },
    state() {
      return { millis, counter, node };
    },
  };
}
