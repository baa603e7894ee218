/**
 * The areas as the `thai-address-universal` package gives them (Thai names, its order), as rows of
 * areaCodec.ts. For scripts/gen-area-data.ts and the tests only: the app searches areaData.ts and never
 * imports the package at run time.
 */
import type { AreaRow } from './areaCodec';

export async function packageAreas(): Promise<AreaRow[]> {
  const lib = await import('thai-address-universal');
  await lib.preload({ language: 'thai' });
  return lib.getDatabase().map((r) => ({ subDistrict: r.sub_district, district: r.district, province: r.province, postalCode: r.postal_code }));
}
