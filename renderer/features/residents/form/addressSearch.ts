/**
 * Area look-up for the address picker, over the `thai-address-universal` data package. The package (and its
 * ~165 KB Thai data chunk) is loaded with a dynamic import on the first search, so it is not in the main
 * bundle and costs nothing for users who never search.
 */
import type * as AddressLibModule from 'thai-address-universal';
import type { AddressQuery } from './formLogic';

export interface AreaPick {
  subDistrict: string;
  district: string;
  province: string;
  postalCode: string;
}

type AddressLib = typeof AddressLibModule;
let lib: Promise<AddressLib> | null = null;

function loadLib(): Promise<AddressLib> {
  lib ??= import('thai-address-universal').catch((err: unknown) => {
    lib = null; // let the next search try again (e.g. a chunk that failed to load)
    throw err;
  });
  return lib;
}

// The package matches postal codes by substring ('121' finds 71210); we want a prefix, so we over-fetch.
const ALL = 100_000;
const NAME_LIMIT = 8;
const POSTAL_LIMIT = 20;

export async function searchAreas(query: NonNullable<AddressQuery>): Promise<AreaPick[]> {
  const { searchAddressByPostalCode, searchAddressBySubDistrict } = await loadLib();
  const rows =
    query.kind === 'postal'
      ? (await searchAddressByPostalCode(query.code, ALL)).filter((r) => r.postal_code.startsWith(query.code)).slice(0, POSTAL_LIMIT)
      : await searchAddressBySubDistrict(query.text, NAME_LIMIT);
  return rows.map((r) => ({ subDistrict: r.sub_district, district: r.district, province: r.province, postalCode: r.postal_code }));
}

/** One line per area, in the data's own (Thai) names. */
export function areaText(a: AreaPick): string {
  return `${a.subDistrict} › ${a.district} › ${a.province} ${a.postalCode}`.trim();
}
