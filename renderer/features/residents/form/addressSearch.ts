/**
 * Area look-up for the address picker, over Thailand's areas as `thai-address-universal` gives them, kept in
 * the compact form of areaCodec.ts (areaData.ts, ~37 KB gzipped). The data is loaded with a dynamic import
 * on the first search, so it is not in the main bundle and costs nothing for users who never search.
 * Searches match as the package's did: a trimmed, lower-cased substring of the field, in the data's order.
 */
import { decodeAreas, type AreaRow } from './areaCodec';
import type { AddressQuery } from './formLogic';

export type AreaPick = AreaRow;

let areas: Promise<AreaPick[]> | null = null;

function loadAreas(): Promise<AreaPick[]> {
  areas ??= import('./areaData').then(
    (m) => decodeAreas({ alphabet: m.AREA_ALPHABET, data: m.AREA_DATA }),
    (err: unknown) => {
      areas = null; // let the next search try again (e.g. a chunk that failed to load)
      throw err;
    },
  );
  return areas;
}

const NAME_LIMIT = 8;
const POSTAL_LIMIT = 20;

/** The first `limit` areas whose `field` holds `text` (trimmed, lower-cased), in the data's order. */
function matching(rows: readonly AreaPick[], field: 'subDistrict' | 'postalCode', text: string, limit: number, where: (v: string, q: string) => boolean): AreaPick[] {
  const q = text.trim().toLowerCase();
  if (q === '') return [];
  const out: AreaPick[] = [];
  for (const r of rows) {
    if (out.length >= limit) break;
    if (where(r[field].trim().toLowerCase(), q)) out.push(r);
  }
  return out;
}

export async function searchAreas(query: NonNullable<AddressQuery>): Promise<AreaPick[]> {
  const rows = await loadAreas();
  // Postal codes by prefix ('121' finds 12120, not 71210); names anywhere in the sub-district's name.
  return query.kind === 'postal'
    ? matching(rows, 'postalCode', query.code, POSTAL_LIMIT, (v, q) => v.startsWith(q))
    : matching(rows, 'subDistrict', query.text, NAME_LIMIT, (v, q) => v.includes(q));
}

/** One line per area, in the data's own (Thai) names. */
export function areaText(a: AreaPick): string {
  return `${a.subDistrict} › ${a.district} › ${a.province} ${a.postalCode}`.trim();
}
