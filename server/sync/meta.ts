/**
 * The `records.meta` column (per-field HLCs, seqs and authors, packed) and the Change text built from it.
 *
 * Invariants:
 * - packMeta/unpackMeta round-trip a row's per-field maps exactly, absent entries included; rows written
 *   in the older form (every field named in `f`, no `d`, `t`, `w`) are read the same way.
 * - changeJson equals toChange of the stored row (store.test.ts), reading the packed indexes directly:
 *   a bootstrap sends every row of the scope through it.
 */
import { HLC_DEFAULT_KEY } from '../../shared/envelope';
import { hlcInstant, SERVER_AUTHOR, type ServerRow } from '../../shared/sync/merge';
import { SERVER_HLC_NODE, TOMBSTONE_FIELD } from '../../shared/sync/formats';
import type { Author } from '../../shared/sync/data';
import type { RawRecordRow } from './store';

/** Per field: [index in `h` of its HLC, its seq, index in `a` of its author]; -1 = absent. */
type Triple = [number, number, number];

/**
 * The `meta` column: distinct HLCs (`h`) and authors (`a`), and per field a Triple (`f`).
 *
 * - `d: 1`: the fields stamped with an HLC (`$deleted` aside) are exactly the keys of the row's `data`, so
 *   the HLC map can be sent compact without reading `data` (changeJson).
 * - `t` (only with `d`): the Triple of every data field `f` does not name. Most rows are written by one
 *   mutation, so `f` is then empty or short instead of naming every field: a visit's meta is about a
 *   seventh as long, which PostgreSQL stores, logs and parses on every push.
 * - `w`: the last write (merge.ts lastWrite over the fields in sorted order) as [HLC index, author index],
 *   so a change is made without walking the fields.
 * Rows written before `d`, `t` and `w` were kept name every field in `f` and are read the same way.
 */
interface PackedMeta {
  h: string[];
  a: Author[];
  f: Record<string, Triple>;
  d?: 1;
  t?: Triple;
  w?: [number, number];
}

/** Whether `hlc` stamps exactly the keys of `data` (besides TOMBSTONE_FIELD). */
function stampsExactlyData(hlc: Readonly<Record<string, string>>, data: Readonly<Record<string, unknown>>): boolean {
  let stamped = 0;
  for (const k in hlc) if (k !== TOMBSTONE_FIELD) stamped++;
  let fields = 0;
  for (const k in data) {
    if (!Object.hasOwn(hlc, k)) return false;
    fields++;
  }
  return fields === stamped;
}

export function packMeta(row: Pick<ServerRow, 'hlc' | 'fieldSeq' | 'fieldBy' | 'data'>): string {
  // Hot on every push (one call per written row): the maps usually share their keys and a row has one or
  // two distinct authors, so the union and the author lookup take fast paths.
  const { hlc, fieldSeq, fieldBy, data } = row;
  let fields = Object.keys(hlc);
  const extra = (m: object): boolean => Object.keys(m).some((k) => !Object.hasOwn(hlc, k));
  if (extra(fieldSeq) || extra(fieldBy)) fields = [...new Set([...fields, ...Object.keys(fieldSeq), ...Object.keys(fieldBy)])];
  fields.sort();
  const h: string[] = [];
  const a: Author[] = [];
  const hIndex = new Map<string, number>();
  const aByRef = new Map<Author, number>();
  const aIndex = new Map<string, number>();
  const triples: [string, Triple][] = [];
  let last: [number, number] | null = null;
  for (const k of fields) {
    const hv = hlc[k];
    let hi = -1;
    if (hv !== undefined) {
      hi = hIndex.get(hv) ?? h.length;
      if (hi === h.length) {
        h.push(hv);
        hIndex.set(hv, hi);
      }
    }
    const av = fieldBy[k];
    let ai = -1;
    if (av !== undefined) {
      const known = aByRef.get(av);
      if (known !== undefined) ai = known;
      else {
        const key = JSON.stringify([av.userId, av.clientId, av.deviceId]);
        ai = aIndex.get(key) ?? a.length;
        if (ai === a.length) {
          a.push({ userId: av.userId, clientId: av.clientId, deviceId: av.deviceId });
          aIndex.set(key, ai);
        }
        aByRef.set(av, ai);
      }
    }
    triples.push([k, [hi, fieldSeq[k] ?? -1, ai]]);
    if (hi >= 0 && (last === null || (hv ?? '') > (h[last[0]] ?? ''))) last = [hi, ai];
  }
  const f: PackedMeta['f'] = {};
  const packed: PackedMeta = { h, a, f };
  if (stampsExactlyData(hlc, data)) {
    packed.d = 1;
    // The Triple most data fields share, if two or more do (a row written by one mutation: all of them).
    let same: Triple | null = null;
    let n = 0;
    for (const [k, triple] of triples) {
      if (!Object.hasOwn(data, k)) continue;
      if (same === null) same = triple;
      else if (triple[0] !== same[0] || triple[1] !== same[1] || triple[2] !== same[2]) {
        same = null;
        break;
      }
      n++;
    }
    if (same !== null && n >= 2) packed.t = same;
    else if (same === null) {
      const counts = new Map<string, { triple: Triple; n: number }>();
      let common: { triple: Triple; n: number } | null = null;
      for (const [k, triple] of triples) {
        if (!Object.hasOwn(data, k)) continue;
        const key = triple.join(',');
        const c = counts.get(key) ?? { triple, n: 0 };
        c.n += 1;
        counts.set(key, c);
        if (c.n >= 2 && (common === null || c.n > common.n)) common = c;
      }
      if (common !== null) packed.t = common.triple;
    }
  }
  const t = packed.t;
  for (const [k, triple] of triples) {
    if (t !== undefined && Object.hasOwn(data, k) && triple[0] === t[0] && triple[1] === t[1] && triple[2] === t[2]) continue;
    f[k] = triple;
  }
  if (last !== null) packed.w = last;
  return JSON.stringify(packed);
}

/** The fields' Triples in sorted order (as packMeta saw them); `dataKeys` is needed only when `t` is set. */
function triplesOf(packed: PackedMeta, dataKeys: () => readonly string[]): [string, Triple][] {
  const t = packed.t;
  if (t === undefined) return Object.entries(packed.f);
  const keys = [...new Set([...dataKeys(), ...Object.keys(packed.f)])].sort();
  return keys.map((k): [string, Triple] => [k, packed.f[k] ?? t]);
}

export function unpackMeta(text: string, data: Readonly<Record<string, unknown>>): Pick<ServerRow, 'hlc' | 'fieldSeq' | 'fieldBy'> {
  const packed = JSON.parse(text) as PackedMeta;
  const hlc: Record<string, string> = {};
  const fieldSeq: Record<string, number> = {};
  const fieldBy: Record<string, Author> = {};
  for (const [k, [hi, seq, ai]] of triplesOf(packed, () => Object.keys(data))) {
    if (hi >= 0) {
      const v = packed.h[hi];
      if (v === undefined) throw new Error(`records.meta: hlc index ${hi} missing`);
      hlc[k] = v;
    }
    if (seq >= 0) fieldSeq[k] = seq;
    if (ai >= 0) {
      const v = packed.a[ai];
      if (v === undefined) throw new Error(`records.meta: author index ${ai} missing`);
      fieldBy[k] = v;
    }
  }
  return { hlc, fieldSeq, fieldBy };
}

/**
 * The protocol's Change for a row, as JSON text, with `data` passed through as stored: equal (as JSON) to
 * JSON.stringify(toChange(toServerRow(row))) — store.test.ts checks it. Pull pages of thousands of rows
 * are dominated by parsing and re-serialising `data` otherwise. `data` is parsed only for the keys of a
 * row whose meta names its fields through `t` when its full map is wanted (pull pages), never for a
 * compact bootstrap row.
 */
export function changeJson(r: RawRecordRow, opts: { compactHlc?: boolean } = {}): string {
  // Read straight from the packed meta (no per-field maps built): a bootstrap sends 200,000 rows through here.
  const packed = JSON.parse(r.meta) as PackedMeta;
  const quoted = packed.h.map((h) => JSON.stringify(h));
  // `data` is parsed only for a row whose meta names its fields through `t` and whose full map is wanted.
  let fields: [string, Triple][] | null = null;
  const allFields = (): [string, Triple][] => (fields ??= triplesOf(packed, () => Object.keys(JSON.parse(r.data) as object)));
  // The last write (merge.ts lastWrite): the first field, in sorted order, with the greatest HLC.
  let best = -1;
  let bestAuthor = -1;
  if (packed.w !== undefined) [best, bestAuthor] = packed.w;
  else {
    for (const [, [hi, , ai]] of allFields()) {
      if (hi >= 0 && (best < 0 || (packed.h[hi] ?? '') > (packed.h[best] ?? ''))) {
        best = hi;
        bestAuthor = ai;
      }
    }
  }
  const lastHlc = best >= 0 ? (packed.h[best] ?? '') : `${r.created_at}-0000-${SERVER_HLC_NODE}`;
  const by = best >= 0 && bestAuthor >= 0 ? (packed.a[bestAuthor] ?? SERVER_AUTHOR) : SERVER_AUTHOR;
  // The HLC map; compact when asked and the meta names the write most data fields share (`t`, kept only
  // when the stamped fields are exactly the data fields): its stamp under `*`, the others and `$deleted`
  // named. Any other row is sent with its full map, which is as valid.
  const common = opts.compactHlc === true && packed.d === 1 && packed.t !== undefined ? packed.t[0] : -1;
  const named: Iterable<[string, Triple]> = common >= 0 ? Object.entries(packed.f) : allFields();
  let hlcJson = common >= 0 ? `{"${HLC_DEFAULT_KEY}":${quoted[common] ?? '""'}` : '{';
  let first = common < 0;
  for (const [k, [hi]] of named) {
    if (hi < 0 || (hi === common && k !== TOMBSTONE_FIELD)) continue;
    hlcJson += `${first ? '' : ','}${JSON.stringify(k)}:${quoted[hi] ?? '""'}`;
    first = false;
  }
  hlcJson += '}';
  const deleted = r.deleted_at !== null;
  return (
    `{"type":${JSON.stringify(r.type)},"id":${JSON.stringify(r.id)},"bucket":${JSON.stringify(r.bucket)},"seq":${r.seq}` +
    `,"deleted":${deleted},"data":${r.data},"hlc":${hlcJson}` +
    `,"createdAt":${JSON.stringify(r.created_at)},"createdBy":${JSON.stringify(r.created_by)}` +
    `,"updatedAt":${JSON.stringify(hlcInstant(lastHlc))},"updatedBy":${JSON.stringify(by.userId)},"deviceId":${JSON.stringify(by.deviceId)}}`
  );
}
