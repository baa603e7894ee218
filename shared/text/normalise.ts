/**
 * Text clean-up for storage and the search/dedupe key (docs/domain.md §7).
 *
 * Invariants: stored text is NFC without zero-width characters, control characters (C0 and C1, DEL; NUL
 * among them, which the server cannot store) or lone UTF-16 surrogates (half an emoji, which cannot be
 * encoded as UTF-8); line breaks survive only in multi-line text; `searchKey` is idempotent
 * (searchKey(searchKey(x)) === searchKey(x)) and equal for inputs that render alike (spacing, ZWSP,
 * ำ vs ํ+า, tone mark before/after an upper vowel).
 */

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;
const LINE_BREAKS = /\r\n?|[\u2028\u2029\u0085]/g;
// Tab, line feed, vertical tab, form feed and carriage return are whitespace (kept as spaces or breaks);
// every other C0 control, DEL and the C1 controls are dropped. U+0085 (NEL) is a line break, handled above.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000E-\u001F\u007F-\u0084\u0086-\u009F]/g;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// \s includes NBSP, U+2000–U+200A, U+3000 and line separators; zero-width chars are removed before this runs.
const WHITESPACE_RUN = /\s+/g;
const INLINE_WHITESPACE_RUN = /[^\S\n]+/g;

/**
 * Any control character dropControls drops, or any surrogate (paired or not): one test, no `g` flag, so the
 * common string (neither) skips both replacements. A string with only paired surrogates (an emoji) goes the
 * slow way and comes out unchanged.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const MAY_NEED_DROPPING = /[\u0000-\u0008\u000E-\u001F\u007F-\u0084\u0086-\u009F\uD800-\uDFFF]/;

/** Drops what no stored text may hold: control characters (not whitespace) and lone surrogates. */
export function dropControls(input: string): string {
  if (!MAY_NEED_DROPPING.test(input)) return input;
  return input.replace(CONTROL, '').replace(LONE_SURROGATE, '');
}

/** Single-line stored text: NFC, no zero-width or control chars, every whitespace run one space, trimmed. */
export function cleanText(input: string): string {
  return dropControls(input).normalize('NFC').replace(ZERO_WIDTH, '').replace(LINE_BREAKS, ' ').replace(WHITESPACE_RUN, ' ').trim();
}

/** Multi-line stored text (notes): like cleanText per line, keeps line breaks, at most one blank line in a row. */
export function cleanMultiline(input: string): string {
  const lines = dropControls(input.replace(LINE_BREAKS, '\n'))
    .normalize('NFC')
    .replace(ZERO_WIDTH, '')
    .split('\n')
    .map((line) => line.replace(INLINE_WHITESPACE_RUN, ' ').trim());
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

const TONE = '\u0E48-\u0E4B'; // ่ ้ ๊ ๋
const UPPER = '\u0E31\u0E34-\u0E37\u0E47\u0E4D'; // ั ิ ี ึ ื ็ ํ
const TONE_BEFORE_UPPER = new RegExp(`([${TONE}])([${UPPER}])`, 'g');
// After NFKC ำ is ํ+า; "นำ้" (tone typed after ำ) looks like "น้ำ", so the tone moves back next to ํ.
const TONE_AFTER_AM = new RegExp(`\u0E4D\u0E32([${TONE}])`, 'g');
// '-' plus the Unicode hyphens and dashes that word processors substitute; '/' is kept (house numbers 99/12).
const SEARCH_PUNCTUATION = /[\s\-\u2010-\u2015\u2212.,()]/g;
const LOOSE_DROPPED = /[\u0E48-\u0E4C]/g; // tone marks and thanthakhat (์)

export interface SearchKeyOptions {
  /** Also ignore tone marks and thanthakhat: "ไก" finds "ไก่", "ไก่" finds "ไก". */
  loose?: boolean;
}

/**
 * Key for search and duplicate detection: NFKC, lower case, ASCII digits, no zero-width chars, no spaces
 * (Thai writes words without them), no - . , ( ) (so phone numbers and IDs match however typed), and a
 * canonical order of tone mark vs upper vowel (vowel first). NFKC itself orders tone vs lower vowel (ุ ู).
 */
export function searchKey(input: string, opts: SearchKeyOptions = {}): string {
  // Removing a character can bring two combining marks together out of canonical order, so the steps run
  // until nothing changes: that is what makes the key idempotent.
  let s = input;
  for (let i = 0; i < 8; i++) {
    let next = keyStep(s);
    if (opts.loose) next = next.replace(LOOSE_DROPPED, '');
    if (next === s) break;
    s = next;
  }
  return s;
}

function keyStep(input: string): string {
  let s = input
    .replace(ZERO_WIDTH, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50))
    .replace(ZERO_WIDTH, '')
    .replace(SEARCH_PUNCTUATION, '');
  // Loop until stable: stacked marks (typos) can need more than one swap.
  for (let prev = ''; prev !== s; ) {
    prev = s;
    s = s.replace(TONE_BEFORE_UPPER, '$2$1').replace(TONE_AFTER_AM, '\u0E4D$1\u0E32');
  }
  return s;
}

/**
 * Substring match of the query's key in a haystack that was already keyed with searchKey and the same
 * `loose` flag. An empty query matches everything.
 */
export function matchesQuery(haystackKey: string, query: string, opts: SearchKeyOptions = {}): boolean {
  return haystackKey.includes(searchKey(query, opts));
}

/** Thai dictionary order: leading vowels เ แ โ ใ ไ sort by the consonant after them, unlike code-point order. */
export const thaiCollator = new Intl.Collator('th');

export function compareThai(a: string, b: string): number {
  return thaiCollator.compare(a, b);
}
