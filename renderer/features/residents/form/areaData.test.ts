/**
 * The address picker's areas (areaData.ts, areaCodec.ts) are the `thai-address-universal` package's, and the
 * picker finds what the package's own search found: the codec round-trips, the generated data decodes to
 * every row of the package in its order and is what scripts/gen-area-data.ts writes today, and searches give
 * the package's results.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeAreas, encodeAreas, type AreaRow } from './areaCodec';
import { AREA_ALPHABET, AREA_DATA } from './areaData';
import { searchAreas } from './addressSearch';
import { packageAreas } from './packageAreas';

describe('areaCodec', () => {
  it('round-trips names with any character, codes going down and up, and areas without a postal code', () => {
    const rows: AreaRow[] = [
      { province: 'นราธิวาส', district: 'สุไหงโก-ลก', subDistrict: 'ปาเสมัส', postalCode: '96120' },
      { province: 'นราธิวาส', district: 'สุไหงโก-ลก', subDistrict: 'จ.ป.ร.', postalCode: '96120' },
      { province: 'นราธิวาส', district: 'เมือง', subDistrict: 'บางนาค', postalCode: '96000' },
      { province: 'ชุมพร', district: 'ทุ่งตะโก', subDistrict: 'เกาะขี้นก', postalCode: '' },
      { province: 'ชุมพร', district: 'ทุ่งตะโก', subDistrict: 'ตะโก', postalCode: '86220' },
      { province: 'กรุงเทพมหานคร', district: 'พระนคร', subDistrict: 'พระบรมมหาราชวัง', postalCode: '10200' },
    ];
    const encoded = encodeAreas(rows);
    expect(encoded.data).toMatch(/^[\x20-\x7e\n]*$/);
    expect(encoded.data).not.toMatch(/[`\\$]/);
    expect(decodeAreas(encoded)).toEqual(rows);
  });

  it('refuses rows it could not give back', () => {
    const a = { district: 'd', subDistrict: 's', postalCode: '10200' };
    expect(() => encodeAreas([{ ...a, province: 'ก' }, { ...a, province: 'ข' }, { ...a, province: 'ก' }])).toThrow(/contiguous/);
    expect(() => encodeAreas([{ ...a, province: 'ก', postalCode: '01234' }])).toThrow(/postal code/);
  });
});

describe('areaData', () => {
  let fromPackage: AreaRow[] = [];
  beforeAll(async () => {
    fromPackage = await packageAreas();
  });

  it('holds every area of the package, in its order, as the generator writes it today', () => {
    expect(fromPackage.length).toBeGreaterThan(7000);
    expect(decodeAreas({ alphabet: AREA_ALPHABET, data: AREA_DATA })).toEqual(fromPackage);
    expect(encodeAreas(fromPackage)).toEqual({ alphabet: AREA_ALPHABET, data: AREA_DATA });
  });

  it("finds what the package's search found", async () => {
    const lib = await import('thai-address-universal');
    const asPick = (r: { sub_district: string; district: string; province: string; postal_code: string }): AreaRow => ({
      subDistrict: r.sub_district,
      district: r.district,
      province: r.province,
      postalCode: r.postal_code,
    });
    for (const text of ['คลองหนึ่ง', 'บาง', 'เกาะ', 'นา', 'จ.ป.ร', 'โก-ลก', 'ไม่มีตำบลนี้']) {
      const expected = (await lib.searchAddressBySubDistrict(text, 8)).map(asPick);
      expect(await searchAreas({ kind: 'name', text }), text).toEqual(expected);
    }
    for (const code of ['121', '10200', '501', '9612', '999']) {
      const expected = (await lib.searchAddressByPostalCode(code, 100_000))
        .filter((r) => r.postal_code.startsWith(code))
        .slice(0, 20)
        .map(asPick);
      expect(await searchAreas({ kind: 'postal', code }), code).toEqual(expected);
    }
  });
});
