/**
 * The compact text form of Thailand's areas (sub-district, district, province, postal code) that the address
 * picker searches: areaData.ts holds it, written by scripts/gen-area-data.ts from the `thai-address-universal`
 * package, whose own runtime (its word-coded names and its area tree with numeric postal codes, ~68 KB gzipped
 * in two chunks) is not shipped. Pure: no I/O, no DOM.
 *
 * Format. Every character of a name is written as one ASCII character (`alphabet` maps them back), so that
 * gzip sees one byte per Thai letter instead of three bytes of UTF-8. Provinces are separated by a newline;
 * a province is its name, then each district as `;` name `:` and its sub-districts separated by `,`. A
 * sub-district's name is followed by its postal code, as the difference from the previous code (with `-`
 * when lower), only when the code changed; a sub-district without one (a few islands) counts as code 0.
 * Rows keep the package's order, so searches list areas in the same order as the package did.
 *
 * Invariants: `decodeAreas(encodeAreas(rows))` equals `rows` for rows grouped by province, then district
 * (each group contiguous), with postal codes of five digits not starting with 0, or none (areaCodec.test.ts,
 * and areaData.test.ts for the whole data against the package).
 */

export interface AreaRow {
  subDistrict: string;
  district: string;
  province: string;
  postalCode: string;
}

export interface EncodedAreas {
  /** The characters names use, in code order: the i-th stands for CODES[i]. */
  alphabet: string;
  data: string;
}

/** The ASCII characters names are coded with: printable, not a digit, separator or sign, safe in a template literal. */
const CODES = [...Array(95).keys()].map((i) => String.fromCharCode(32 + i)).filter((c) => !/[\d`\\$,;:\- ]/.test(c));

export function encodeAreas(rows: readonly AreaRow[]): EncodedAreas {
  const chars = [...new Set(rows.flatMap((r) => [...r.province, ...r.district, ...r.subDistrict]))].sort();
  if (chars.length > CODES.length) throw new Error(`area names use ${chars.length} characters; the code has ${CODES.length}`);
  const code = new Map(chars.map((c, i) => [c, CODES[i] as string]));
  const enc = (s: string) => [...s].map((c) => code.get(c)).join('');
  let out = '';
  let province: string | undefined;
  let district: string | undefined;
  let postal = 0;
  const seen = new Set<string>();
  for (const r of rows) {
    if (!/^([1-9]\d{4})?$/.test(r.postalCode)) throw new Error(`postal code ${r.postalCode} is not five digits without a leading zero`);
    if (r.province !== province) {
      if (seen.has(r.province)) throw new Error(`province ${r.province} is not contiguous`);
      seen.add(r.province);
      out += (province === undefined ? '' : '\n') + enc(r.province);
      province = r.province;
      district = undefined;
    }
    if (r.district !== district) {
      const key = `${r.province}/${r.district}`;
      if (seen.has(key)) throw new Error(`district ${key} is not contiguous`);
      seen.add(key);
      out += `;${enc(r.district)}:`;
      district = r.district;
    } else out += ',';
    out += enc(r.subDistrict);
    const next = Number(r.postalCode);
    if (next !== postal) out += String(next - postal);
    postal = next;
  }
  return { alphabet: chars.join(''), data: out };
}

export function decodeAreas({ alphabet, data }: EncodedAreas): AreaRow[] {
  const chars = [...alphabet];
  const map = new Map(CODES.map((c, i) => [c, chars[i] ?? '']));
  const dec = (s: string) => {
    let out = '';
    for (const c of s) out += map.get(c) ?? '';
    return out;
  };
  const rows: AreaRow[] = [];
  let postal = 0;
  for (const line of data.split('\n')) {
    const [provinceCode = '', ...districts] = line.split(';');
    const province = dec(provinceCode);
    for (const d of districts) {
      const colon = d.indexOf(':');
      const district = dec(d.slice(0, colon));
      for (const sub of d.slice(colon + 1).split(',')) {
        const m = /^(.*?)(-?\d+)?$/.exec(sub);
        if (m?.[2] !== undefined) postal += Number(m[2]);
        rows.push({ subDistrict: dec(m?.[1] ?? sub), district, province, postalCode: postal === 0 ? '' : String(postal) });
      }
    }
  }
  return rows;
}
