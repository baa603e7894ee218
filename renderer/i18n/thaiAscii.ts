/**
 * The Thai messages as a build ships them (docs/architecture.md, "What loads first"): each string value of a
 * Thai message module is written with one ASCII character per Thai letter, as the address picker's areas are
 * (residents/form/areaCodec.ts), so gzip sees one byte per letter instead of three bytes of UTF-8 (~4 KB gzipped
 * less over the first chunk and the profile's). vite.config.ts (`thaiMessagesAscii`) encodes; catalog.ts decodes
 * when it adds a module to the catalog. Pure: no I/O, no DOM.
 *
 * Format: `~` then the text, where a Thai character from U+0E01 to U+0E4F is one of the ASCII letters and signs
 * of CODES; the space, the digits and `{}().,:/` stand for themselves; any other ASCII character is written
 * `~` and itself; anything else (Thai digits, dashes, ellipses…) is itself. A value without the leading `~` is
 * not encoded (a message computed in its module) and is read as it is.
 */

/** Thai characters in code order (none of U+0E3B–U+0E3E is assigned), the five rarely used ones last. */
const RARE = ['\u0e03', '\u0e05', '\u0e3f', '\u0e4e', '\u0e4f'];
const THAI = [...Array(0x4f).keys()]
  .map((i) => String.fromCharCode(0x0e01 + i))
  .filter((c) => !/[\u0e3b-\u0e3e]/.test(c) && !RARE.includes(c))
  .concat(RARE);
/** In the same order: the five signs a string literal may have to escape go to the rarely used characters. */
const CODES = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!#%&*+-;<=>?@[]^_|\'"`$\\'];
const LITERAL = /[ 0-9{}().,:/]/;

if (CODES.length !== THAI.length) throw new Error(`thaiAscii: ${CODES.length} codes for ${THAI.length} Thai characters`);

const toCode = new Map(THAI.map((c, i) => [c, CODES[i] as string]));
const toThai = new Map(CODES.map((c, i) => [c, THAI[i] as string]));

export function encodeThai(text: string): string {
  let out = '~';
  for (const c of text) {
    const code = toCode.get(c);
    if (code !== undefined) out += code;
    else if (c < '\x7f' && c > ' ' && !LITERAL.test(c)) out += `~${c}`;
    else out += c;
  }
  return out;
}

export function decodeThai(value: string): string {
  if (!value.startsWith('~')) return value;
  let out = '';
  for (let i = 1; i < value.length; i++) {
    const c = value[i] as string;
    if (c === '~') out += value[++i] ?? '';
    else out += toThai.get(c) ?? c;
  }
  return out;
}
