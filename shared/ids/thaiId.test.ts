import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatThaiId, maskThaiId, normaliseThaiId, thaiIdCheckDigit, validateThaiId } from './thaiId';

// Independent restatement of the docs/domain.md §2 weighted sum, so the properties below don't reuse the code under test.
const weightedSum = (id: string): number => [...id.slice(0, 12)].reduce((acc, d, i) => acc + Number(d) * (13 - i), 0);

const digit = fc.integer({ min: 0, max: 9 });
const validId = fc.tuple(fc.integer({ min: 1, max: 9 }), fc.array(digit, { minLength: 11, maxLength: 11 })).map(([first, ds]) => {
  const first12 = String(first) + ds.join('');
  return first12 + String(thaiIdCheckDigit(first12));
});

describe('normaliseThaiId', () => {
  it('strips dashes, spaces, zero-width chars and maps Thai digits', () => {
    expect(normaliseThaiId('1-1303-00123-45-8')).toBe('1130300123458');
    expect(normaliseThaiId(' 1 1303 00123 45 8 ')).toBe('1130300123458');
    expect(normaliseThaiId('๑-๑๓๐๓-๐๐๑๒๓-๔๕-๘')).toBe('1130300123458');
    expect(normaliseThaiId('1130\u200b3001\u00a023458\ufeff')).toBe('1130300123458');
    expect(normaliseThaiId('1\u20131303')).toBe('11303'); // en dash from a word processor
  });
  it('keeps other characters so validation can report them', () => {
    expect(normaliseThaiId('1130300l23458')).toBe('1130300l23458');
  });
});

describe('thaiIdCheckDigit', () => {
  it('computes the worked example of docs/domain.md', () => {
    expect(thaiIdCheckDigit('113030012345')).toBe(8);
  });
  it('maps sum mod 11 of 0 and 1 to 1 and 0', () => {
    expect(weightedSum('110300000000') % 11).toBe(0);
    expect(thaiIdCheckDigit('110300000000')).toBe(1);
    expect(thaiIdCheckDigit('110300000005')).toBe(1); // sum mod 11 = 10
  });
  it('rejects anything but 12 digits', () => {
    expect(() => thaiIdCheckDigit('11303001234')).toThrow(RangeError);
    expect(() => thaiIdCheckDigit('11303001234x')).toThrow(RangeError);
  });
});

describe('validateThaiId', () => {
  it('accepts the worked example in any common spelling', () => {
    for (const s of ['1130300123458', '1-1303-00123-45-8', '๑๑๓๐๓๐๐๑๒๓๔๕๘', ' 1 1303 00123 45 8\u200b']) {
      expect(validateThaiId(s)).toEqual({ ok: true, id: '1130300123458' });
    }
  });
  it('rejects a wrong check digit', () => {
    expect(validateThaiId('1130300123459')).toEqual({ ok: false, code: 'thaiId.checksum', digits: 13 });
  });
  it('reports the digit count for a 12-digit or 14-digit entry', () => {
    expect(validateThaiId('123456789012')).toEqual({ ok: false, code: 'thaiId.length', digits: 12 });
    expect(validateThaiId('')).toEqual({ ok: false, code: 'thaiId.length', digits: 0 });
    expect(validateThaiId('11303001234580')).toEqual({ ok: false, code: 'thaiId.length', digits: 14 });
  });
  it('reports stray characters before length', () => {
    expect(validateThaiId('1130300l23458')).toEqual({ ok: false, code: 'thaiId.chars', digits: 12 });
    expect(validateThaiId('1.1303.00123.45.8')).toEqual({ ok: false, code: 'thaiId.chars', digits: 13 });
  });
  it('refuses an ID starting with 0 (all zeros included) although its check digit matches', () => {
    const first12 = '0' + '10000000000';
    const full = first12 + String(thaiIdCheckDigit(first12));
    expect(validateThaiId(full)).toEqual({ ok: false, code: 'thaiId.leadingZero', digits: 13 });
    expect(validateThaiId('0000000000001')).toEqual({ ok: false, code: 'thaiId.leadingZero', digits: 13 });
    expect(thaiIdCheckDigit('000000000000')).toBe(1); // why all zeros needs this rule: it passes the checksum
    expect(validateThaiId('0-1000-00000-00-' + String(thaiIdCheckDigit(first12))).ok).toBe(false);
  });

  it('accepts every ID built from 12 digits and its computed check digit', () => {
    fc.assert(fc.property(validId, (id) => validateThaiId(id).ok && validateThaiId(formatThaiId(id)).ok));
  });

  /*
   * Which single-digit typos does the check catch? Changing digit i by δ changes the sum by w·δ, w = 13 − i.
   * - i = 2 has w = 11: the sum mod 11 never changes, so NO change of the 3rd digit is detected.
   * - other i < 12: w ∈ 2..13 \ {11} and 0 < |δ| ≤ 9, 11 is prime, so sum mod 11 always changes; but
   *   residues 0 and 10 both give check digit 1 ((11−0) mod 10 = (11−10) mod 10 = 1), so a typo that moves
   *   the residue between 0 and 10 is missed.
   * - i = 12 (the check digit itself): always detected.
   * A typo that turns the first digit into 0 is refused anyway (no ID starts with 0).
   */
  it('misses exactly the single-digit changes predicted by the mod-11 arithmetic', () => {
    fc.assert(
      fc.property(validId, (id) => {
        const r = weightedSum(id) % 11;
        for (let pos = 0; pos < 13; pos++) {
          for (let d = 0; d <= 9; d++) {
            if (String(d) === id[pos]) continue;
            const typo = id.slice(0, pos) + String(d) + id.slice(pos + 1);
            const r2 = weightedSum(typo) % 11;
            if (pos !== 2 && pos !== 12 && r2 === r) return false; // the arithmetic claim itself
            // A typo that makes the first digit 0 is refused by the leading-zero rule whatever the sum.
            const expectedMissed = typo[0] !== '0' && (pos === 2 || (pos !== 12 && ((r === 0 && r2 === 10) || (r === 10 && r2 === 0))));
            if (validateThaiId(typo).ok !== expectedMissed) return false;
          }
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it('worked example: only the 9 changes of the 3rd digit slip through', () => {
    const missed: string[] = [];
    const id = '1130300123458';
    for (let pos = 0; pos < 13; pos++) {
      for (let d = 0; d <= 9; d++) {
        const typo = id.slice(0, pos) + String(d) + id.slice(pos + 1);
        if (typo !== id && validateThaiId(typo).ok) missed.push(typo);
      }
    }
    expect(missed).toEqual(['1100300123458', '1110300123458', '1120300123458', '1140300123458', '1150300123458', '1160300123458', '1170300123458', '1180300123458', '1190300123458']);
  });

  it('two valid IDs one digit apart outside the 3rd digit (residues 0 and 10)', () => {
    expect(validateThaiId('1103000000001').ok).toBe(true);
    expect(validateThaiId('1103000000051').ok).toBe(true);
  });
});

describe('formatThaiId and maskThaiId', () => {
  it('formats 13 digits as X-XXXX-XXXXX-XX-X', () => {
    expect(formatThaiId('1130300123458')).toBe('1-1303-00123-45-8');
    expect(formatThaiId('๑๑๓๐๓๐๐๑๒๓๔๕๘')).toBe('1-1303-00123-45-8');
  });
  it('returns anything else unchanged', () => {
    expect(formatThaiId('123456789012')).toBe('123456789012');
    expect(formatThaiId('')).toBe('');
  });
  it('masks all but the first 5 and the last digit', () => {
    expect(maskThaiId('1130300123458')).toBe('1-1303-xxxxx-xx-8');
    expect(maskThaiId('1-1303-00123-45-8')).toBe('1-1303-xxxxx-xx-8');
  });
  it('masks every digit of a malformed ID', () => {
    expect(maskThaiId('11303-0012345')).toBe('xxxxx-xxxxxxx');
    expect(maskThaiId('๑๒๓')).toBe('xxx');
  });
});
